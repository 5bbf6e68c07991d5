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
// A stable fingerprint of public bytes (BLAKE2b-128, the hex of its first `hex_bytes` bytes), for cache-busting
// names and ETags; not for secrets.
std::string fingerprint(std::string_view bytes, std::size_t hex_bytes);

}  // namespace salonbox::auth
