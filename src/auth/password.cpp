#include "auth/password.h"

#include "domain/text.h"
#include "embed/embedded_assets.h"

#include <sodium.h>

#include <algorithm>
#include <unordered_set>

namespace salonbox::auth {

namespace {
constexpr auto k_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr auto k_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}  // namespace

PasswordHasher::PasswordHasher(int max_concurrent, std::chrono::milliseconds max_wait)
    : max_concurrent_(max_concurrent), max_wait_(max_wait) {}

bool PasswordHasher::acquire() {
    std::unique_lock lock(mutex_);
    if (!freed_.wait_for(lock, max_wait_, [&] { return running_ < max_concurrent_; })) return false;
    ++running_;
    return true;
}

void PasswordHasher::release() {
    {
        std::lock_guard lock(mutex_);
        --running_;
    }
    freed_.notify_one();
}

class PasswordHasher::Turn {
public:
    explicit Turn(PasswordHasher& h) : h_(h), ok_(h.acquire()) {}
    ~Turn() {
        if (ok_) h_.release();
    }
    bool ok() const { return ok_; }

private:
    PasswordHasher& h_;
    bool ok_;
};

std::optional<std::string> PasswordHasher::hash(std::string_view password) {
    Turn turn(*this);
    if (!turn.ok()) return std::nullopt;
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), k_ops, k_mem) != 0) return std::nullopt;  // out of memory
    return std::string(out);
}

PasswordHasher::Verdict PasswordHasher::verify(const std::string& encoded_hash, std::string_view password) {
    Turn turn(*this);
    if (!turn.ok()) return Verdict::busy;
    return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0 ? Verdict::match : Verdict::mismatch;
}

PasswordHasher::Verdict PasswordHasher::verify_nobody(std::string_view password) {
    std::call_once(nobody_once_, [&] {
        char out[crypto_pwhash_STRBYTES];
        unsigned char random[16];
        randombytes_buf(random, sizeof random);
        if (crypto_pwhash_str(out, reinterpret_cast<const char*>(random), sizeof random, k_ops, k_mem) == 0) nobody_hash_ = out;
    });
    if (nobody_hash_.empty()) return Verdict::mismatch;
    return verify(nobody_hash_, password) == Verdict::busy ? Verdict::busy : Verdict::mismatch;
}

bool PasswordHasher::needs_rehash(const std::string& encoded_hash) {
    return crypto_pwhash_str_needs_rehash(encoded_hash.c_str(), k_ops, k_mem) != 0;
}

namespace {
std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

const std::unordered_set<std::string_view>& common_passwords() {
    static const std::unordered_set<std::string_view> list = [] {
        std::unordered_set<std::string_view> out;
        auto text = embed::require("assets/data/common-passwords.txt");
        while (!text.empty()) {
            auto nl = text.find('\n');
            auto line = text.substr(0, nl);
            if (!line.empty()) out.insert(line);
            if (nl == std::string_view::npos) break;
            text.remove_prefix(nl + 1);
        }
        return out;
    }();
    return list;
}
}  // namespace

std::optional<domain::Error> check_password_policy(std::string_view password, std::string_view email) {
    auto length = code_points(password);
    if (length < 8) return domain::Error{"password", "error.password_too_short"};
    if (length > 128 || password.size() > 512) return domain::Error{"password", "error.password_too_long"};
    auto lowered = domain::ascii_lower(password);
    if (common_passwords().contains(lowered) || (!email.empty() && lowered == domain::normalize_email(email)))
        return domain::Error{"password", "error.password_common"};
    return std::nullopt;
}

}  // namespace salonbox::auth
