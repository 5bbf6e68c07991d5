// Password hashing (argon2id, interactive limits) behind a concurrency cap, and the password policy.
#pragma once

#include "domain/result.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace salonbox::auth {

// Every hash or verification takes 64 MiB for a moment; at most `max_concurrent` run at once and a caller
// waits at most `max_wait` for a turn. Past that the caller gets `busy` and should answer 503 + Retry-After,
// so a burst of sign-ins can never exhaust memory.
class PasswordHasher {
public:
    explicit PasswordHasher(int max_concurrent = 4, std::chrono::milliseconds max_wait = std::chrono::seconds(3));

    enum class Verdict { match, mismatch, busy };

    // The encoded argon2id hash, or nothing when busy.
    std::optional<std::string> hash(std::string_view password);
    Verdict verify(const std::string& encoded_hash, std::string_view password);
    // Spends the same work as a real verification, for unknown accounts: a sign-in answers in the same
    // time whether the email exists or not.
    Verdict verify_nobody(std::string_view password);
    // True when the hash was made with other limits than today's (hash again after a good sign-in).
    static bool needs_rehash(const std::string& encoded_hash);

private:
    class Turn;
    bool acquire();
    void release();

    int max_concurrent_;
    std::chrono::milliseconds max_wait_;
    std::mutex mutex_;
    std::condition_variable freed_;
    int running_ = 0;
    std::once_flag nobody_once_;
    std::string nobody_hash_;
};

// Length 8 to 128 characters (code points), not one of the commonly used passwords, not the email itself.
// Error keys: error.password_too_short, error.password_too_long, error.password_common.
std::optional<domain::Error> check_password_policy(std::string_view password, std::string_view email = {});

}  // namespace salonbox::auth
