#include "auth/rate_limiter.h"

#include <algorithm>

namespace salonbox::auth {

void RateLimiter::prune(std::deque<Clock::time_point>& events, Clock::time_point now) const {
    while (!events.empty() && events.front() <= now - window_) events.pop_front();
}

std::chrono::seconds RateLimiter::retry_after(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = events_.find(key);
    if (it == events_.end()) return std::chrono::seconds{0};
    prune(it->second, now);
    if (static_cast<int>(it->second.size()) < limit_) return std::chrono::seconds{0};
    auto wait = std::chrono::ceil<std::chrono::seconds>(it->second.front() + window_ - now);
    return std::max(wait, std::chrono::seconds{1});
}

void RateLimiter::record(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    // Keys of the past are dropped once the table grows, so a flood of addresses cannot grow memory forever.
    if (events_.size() > 50000) {
        for (auto it = events_.begin(); it != events_.end();) {
            prune(it->second, now);
            it = it->second.empty() ? events_.erase(it) : std::next(it);
        }
    }
    auto& events = events_[key];
    prune(events, now);
    events.push_back(now);
    // Only the newest `limit_` events matter for the decision.
    while (static_cast<int>(events.size()) > limit_) events.pop_front();
}

void RateLimiter::forget(const std::string& key, Clock::time_point at) {
    std::lock_guard lock(mutex_);
    auto it = events_.find(key);
    if (it == events_.end()) return;
    auto& events = it->second;
    if (auto e = std::find(events.rbegin(), events.rend(), at); e != events.rend()) events.erase(std::next(e).base());
    if (events.empty()) events_.erase(it);
}

void RateLimiter::clear(const std::string& key) {
    std::lock_guard lock(mutex_);
    events_.erase(key);
}

}  // namespace salonbox::auth
