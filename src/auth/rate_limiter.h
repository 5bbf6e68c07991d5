// Sliding-window rate limits for sign-in, code and reset requests, keyed by IP or by account.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace salonbox::auth {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    // At most `limit` events per `window` for each key.
    RateLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}

    // Zero when the key may act now, else how long until it may (for Retry-After).
    std::chrono::seconds retry_after(const std::string& key, Clock::time_point now = Clock::now());
    void record(const std::string& key, Clock::time_point now = Clock::now());
    // Takes back one event recorded at `at` (an attempt that turned out not to count).
    void forget(const std::string& key, Clock::time_point at);
    // Forgets a key (an account's failures after a good sign-in).
    void clear(const std::string& key);

private:
    void prune(std::deque<Clock::time_point>& events, Clock::time_point now) const;

    int limit_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<Clock::time_point>> events_;
};

}  // namespace salonbox::auth
