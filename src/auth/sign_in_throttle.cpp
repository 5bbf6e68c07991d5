#include "auth/sign_in_throttle.h"

#include <algorithm>

namespace salonbox::auth {

namespace {
std::string pair_key(const SignInThrottle::Attempt& a) { return a.account + '\n' + a.address; }
}  // namespace

SignInThrottle::SignInThrottle(const SignInLimits& limits)
    : per_address_(limits.attempts_per_address, limits.address_window),
      per_account_and_address_(limits.failures_per_account_and_address, limits.account_and_address_window),
      per_account_(limits.failures_per_account, limits.account_window),
      slow_lane_(1, limits.slow_interval),
      per_device_(limits.failures_per_device, limits.device_window) {}

SignInThrottle::Reservation SignInThrottle::reserve(const Attempt& attempt, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    Reservation r;
    r.attempt = attempt;
    r.at = now;
    // A device cookie that has failed too often is treated like any other browser.
    r.known_device = !attempt.device.empty() && per_device_.retry_after(attempt.device, now).count() == 0;

    auto wait = per_address_.retry_after(attempt.address, now);
    bool slowed = false;
    if (r.known_device) {
        // The device's own failure count stands in for its address's: it passed above.
    } else {
        wait = std::max(wait, per_account_and_address_.retry_after(pair_key(attempt), now));
        if (per_account_.retry_after(attempt.account, now).count() > 0) {
            slowed = true;
            wait = std::max(wait, slow_lane_.retry_after(attempt.account, now));
        }
    }
    if (wait.count() > 0) {
        r.retry_after = wait;
        return r;
    }
    // Failures through a known device count for its address too: once the device loses its pass, the address
    // has none left either.
    per_address_.record(attempt.address, now);
    per_account_.record(attempt.account, now);
    per_account_and_address_.record(pair_key(attempt), now);
    if (r.known_device) per_device_.record(attempt.device, now);
    if (slowed) slow_lane_.record(attempt.account, now);
    return r;
}

void SignInThrottle::cancel(const Reservation& r) {
    if (!r.granted()) return;
    std::lock_guard lock(mutex_);
    per_account_.forget(r.attempt.account, r.at);
    per_account_and_address_.forget(pair_key(r.attempt), r.at);
    if (r.known_device) per_device_.forget(r.attempt.device, r.at);
}

void SignInThrottle::succeeded(const Reservation& r) {
    if (!r.granted()) return;
    cancel(r);
    std::lock_guard lock(mutex_);
    per_account_and_address_.clear(pair_key(r.attempt));
    if (!r.attempt.device.empty()) per_device_.clear(r.attempt.device);
}

}  // namespace salonbox::auth
