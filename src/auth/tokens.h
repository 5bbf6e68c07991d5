// Random secrets handed to browsers (session tokens, CSRF seeds, reset links) and their safe comparison.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace salonbox::auth {

// `bytes` random bytes from libsodium's CSPRNG, URL-safe base64 without padding.
std::string random_token(std::size_t bytes = 32);
std::string to_base64url(std::string_view bytes);
std::string to_hex(std::string_view bytes);
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace salonbox::auth
