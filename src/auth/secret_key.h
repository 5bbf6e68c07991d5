// The appliance's secret key (DATA/secret.key, 0600): the key of every keyed hash salonbox stores.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

namespace salonbox::auth {

class SecretKey {
public:
    static constexpr std::size_t size = 32;

    // Reads DIR/secret.key, creating it with fresh random bytes and mode 0600 when absent.
    // Throws std::runtime_error when the file exists with the wrong size or is readable by others.
    static SecretKey load_or_create(const std::filesystem::path& data_dir);
    static SecretKey from_bytes(std::string_view bytes);

    // HMAC-SHA-256 of `message` under this key (32 raw bytes): how tokens and codes are stored.
    std::string keyed_hash(std::string_view message) const;

private:
    SecretKey() = default;  // only the two makers above, which fill bytes_ and then prepare()
    // Computes keyed_state_ from bytes_.
    void prepare();

    std::array<unsigned char, size> bytes_{};
    // libsodium's HMAC-SHA-256 state with the key already absorbed (208 bytes, kept opaque here): every
    // keyed hash starts from a copy of it instead of hashing the key's two padded blocks again.
    alignas(16) std::array<unsigned char, 208> keyed_state_{};
};

}  // namespace salonbox::auth
