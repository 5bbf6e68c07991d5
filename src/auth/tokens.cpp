#include "auth/tokens.h"

#include <sodium.h>

#include <algorithm>
#include <vector>

namespace salonbox::auth {

std::string to_base64url(std::string_view bytes) {
    constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), variant);
    out.resize(out.size() - 1);  // the encoder writes a terminating NUL
    return out;
}

std::string random_token(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    auto token = to_base64url(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
    sodium_memzero(raw.data(), raw.size());
    return token;
}

std::string to_hex(std::string_view bytes) {
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    out.pop_back();
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string fingerprint(std::string_view bytes, std::size_t hex_bytes) {
    unsigned char digest[16];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr, 0);
    return to_hex(std::string_view(reinterpret_cast<const char*>(digest), std::min(hex_bytes, sizeof digest)));
}

}  // namespace salonbox::auth
