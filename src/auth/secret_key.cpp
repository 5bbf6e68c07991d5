#include "auth/secret_key.h"

#include <sodium.h>

#ifdef _WIN32
#include <windows.h>

#include <fstream>
#include <iterator>
#include <system_error>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace salonbox::auth {

namespace {
std::runtime_error key_error(const std::filesystem::path& path, const std::string& what) {
    return std::runtime_error(path.string() + ": " + what);
}
}  // namespace

#ifdef _WIN32

// The file is private through the data directory's access list (storage::create_private_directories),
// which Windows checks instead of mode bits.
SecretKey SecretKey::load_or_create(const std::filesystem::path& data_dir) {
    auto path = data_dir / "secret.key";
    SecretKey key;
    if (!std::filesystem::exists(path)) {
        std::filesystem::create_directories(data_dir);
        randombytes_buf(key.bytes_.data(), size);
        auto tmp = path;
        tmp += ".new";
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out.write(reinterpret_cast<const char*>(key.bytes_.data()), size);
            out.flush();
            if (!out) throw key_error(tmp, "could not write the secret key");
        }
        // A hard link fails when another process created the key first: then its key wins and is read below.
        if (!::CreateHardLinkW(path.c_str(), tmp.c_str(), nullptr) && ::GetLastError() != ERROR_ALREADY_EXISTS)
            throw key_error(path, std::system_category().message(static_cast<int>(::GetLastError())));
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw key_error(path, "cannot be read");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() != size) throw key_error(path, "has the wrong size (expected 32 bytes)");
    std::memcpy(key.bytes_.data(), bytes.data(), size);
    return key;
}

#else

SecretKey SecretKey::load_or_create(const std::filesystem::path& data_dir) {
    auto path = data_dir / "secret.key";
    SecretKey key;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        std::filesystem::create_directories(data_dir);
        randombytes_buf(key.bytes_.data(), size);
        auto tmp = path;
        tmp += ".new";
        int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out < 0) throw key_error(tmp, std::strerror(errno));
        bool written = ::write(out, key.bytes_.data(), size) == static_cast<ssize_t>(size) && ::fsync(out) == 0;
        ::close(out);
        if (!written) throw key_error(tmp, "could not write the secret key");
        // link() fails when another process created the key first: then its key wins and is read below.
        if (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) throw key_error(path, std::strerror(errno));
        ::unlink(tmp.c_str());
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) throw key_error(path, std::strerror(errno));
    struct stat st {};
    ::fstat(fd, &st);
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        ::close(fd);
        throw key_error(path, "is readable by other users; run: chmod 600 " + path.string());
    }
    auto got = ::read(fd, key.bytes_.data(), size);
    char extra;
    bool longer = ::read(fd, &extra, 1) > 0;
    ::close(fd);
    if (got != static_cast<ssize_t>(size) || longer) throw key_error(path, "has the wrong size (expected 32 bytes)");
    key.prepare();
    return key;
}

#endif

SecretKey SecretKey::from_bytes(std::string_view bytes) {
    if (bytes.size() != size) throw std::invalid_argument("secret key must be 32 bytes");
    SecretKey key;
    std::memcpy(key.bytes_.data(), bytes.data(), size);
    key.prepare();
    return key;
}

static_assert(sizeof(crypto_auth_hmacsha256_state) == 208, "SecretKey::keyed_state_ must hold libsodium's HMAC-SHA-256 state");

void SecretKey::prepare() {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, bytes_.data(), size);
    std::memcpy(keyed_state_.data(), &state, sizeof state);
    sodium_memzero(&state, sizeof state);
}

std::string SecretKey::keyed_hash(std::string_view message) const {
    crypto_auth_hmacsha256_state state;
    std::memcpy(&state, keyed_state_.data(), sizeof state);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    std::string out(crypto_auth_hmacsha256_BYTES, '\0');
    crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(out.data()));
    sodium_memzero(&state, sizeof state);
    return out;
}

}  // namespace salonbox::auth
