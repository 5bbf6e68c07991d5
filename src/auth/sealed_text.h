// Text kept at rest only in sealed form (authenticated encryption under a key derived from secret.key).
#pragma once

#include "auth/secret_key.h"

#include <optional>
#include <string>
#include <string_view>

namespace salonbox::auth {

// What reaches a salon's database file, and so every backup of it, when a message holds a live link: a copy
// of the file without DATA/secret.key reveals nothing. The result is printable ("sealed1:" and base64url).
std::string seal_text(const SecretKey& key, std::string_view plaintext);
bool is_sealed_text(std::string_view text);
// The plaintext, or nothing when the text was not sealed by this key or was altered.
std::optional<std::string> open_sealed_text(const SecretKey& key, std::string_view sealed);

}  // namespace salonbox::auth
