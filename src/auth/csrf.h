// CSRF tokens: a per-browser random seed in a cookie; the form token is its keyed hash, so a page of another
// site can neither read nor forge it. Checked on every POST together with the Origin header.
#pragma once

#include "auth/secret_key.h"

#include <string>
#include <string_view>

namespace salonbox::auth {

std::string csrf_token_for(const SecretKey& key, std::string_view seed);
bool csrf_token_valid(const SecretKey& key, std::string_view seed, std::string_view token);

}  // namespace salonbox::auth
