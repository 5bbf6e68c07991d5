// Device cookies: a browser's signed proof that it signed in to an account before (OWASP's device cookie).
#pragma once

#include "auth/secret_key.h"

#include <optional>
#include <string>
#include <string_view>

namespace salonbox::auth {

// `account` names the account the way the sign-in throttle does (salon and normalised email). The cookie
// is "<random id>.<keyed hash of account and id>": it says nothing about the account, and cannot be forged
// or moved to another account without secret.key.
std::string new_device_cookie(const SecretKey& key, std::string_view account);
// The cookie's id when it was issued by this key for this account; nothing otherwise.
std::optional<std::string> device_id(const SecretKey& key, std::string_view account, std::string_view cookie);
// The cookie's name for this account ("sb-device-" and 16 hex digits), so a browser shared by several
// people of a salon keeps one per account without showing which.
std::string device_cookie_name(const SecretKey& key, std::string_view account);

}  // namespace salonbox::auth
