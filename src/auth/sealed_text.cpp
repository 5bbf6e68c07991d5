#include "auth/sealed_text.h"

#include "auth/tokens.h"

#include <sodium.h>

#include <vector>

namespace salonbox::auth {

namespace {
constexpr std::string_view k_prefix = "sealed1:";

// A key of its own for sealing, so that it is never the key of a stored hash.
std::string sealing_key(const SecretKey& key) { return key.keyed_hash("salonbox sealed text v1"); }

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
}  // namespace

bool is_sealed_text(std::string_view text) { return text.starts_with(k_prefix); }

std::string seal_text(const SecretKey& key, std::string_view plaintext) {
    const auto k = sealing_key(key);
    std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
    auto* out = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, bytes(plaintext), plaintext.size(), out, bytes(k));
    return std::string(k_prefix) + to_base64url(box);
}

std::optional<std::string> open_sealed_text(const SecretKey& key, std::string_view sealed) {
    if (!is_sealed_text(sealed)) return std::nullopt;
    sealed.remove_prefix(k_prefix.size());
    if (sealed.empty()) return std::nullopt;  // nothing after the prefix: no nonce, no box
    std::vector<unsigned char> box(sealed.size());
    std::size_t length = 0;
    if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return std::nullopt;
    const auto k = sealing_key(key);
    std::string plain(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box.data() + crypto_secretbox_NONCEBYTES,
                                   length - crypto_secretbox_NONCEBYTES, box.data(), bytes(k)) != 0)
        return std::nullopt;
    return plain;
}

}  // namespace salonbox::auth
