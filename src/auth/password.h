// Password hashing (argon2id, interactive limits) behind a concurrency cap, and the password policy.
#pragma once

#include "domain/result.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace salonbox::auth {

// Every hash or verification takes 64 MiB and a core for a moment. They run on `workers` threads of their own
// (default: one per core, at most 4), so that a flood of sign-ins can neither exhaust memory nor take more
// than the cores: the request threads of other pages stay free and get their share. A caller whose work is
// not started within `max_wait` gets `busy` and should answer 503 + Retry-After.
class PasswordHasher {
public:
    explicit PasswordHasher(int workers = 0, std::chrono::milliseconds max_wait = std::chrono::seconds(3));
    ~PasswordHasher();
    PasswordHasher(const PasswordHasher&) = delete;
    PasswordHasher& operator=(const PasswordHasher&) = delete;

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
    struct Job;
    // Runs `work` on a worker and waits for it; false when no worker took it within max_wait.
    bool run(const std::function<void()>& work);
    void work();

    std::chrono::milliseconds max_wait_;
    std::mutex mutex_;
    std::condition_variable queued_, progressed_;
    std::deque<std::shared_ptr<Job>> queue_;
    std::size_t free_workers_ = 0;  // not running a job (started or not)
    bool stopping_ = false;
    std::vector<std::thread> workers_;
    std::once_flag nobody_once_;
    std::string nobody_hash_;
};

// Length 8 to 128 characters (code points), not one of the commonly used passwords, not the email itself.
// Error keys: error.password_too_short, error.password_too_long, error.password_common.
std::optional<domain::Error> check_password_policy(std::string_view password, std::string_view email = {});

}  // namespace salonbox::auth
