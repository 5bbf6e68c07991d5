// Throttling of password checks (sign-in, change of password) so that guessing is slow and strangers cannot lock anyone out.
#pragma once

#include "auth/rate_limiter.h"

#include <chrono>
#include <mutex>
#include <string>

namespace salonbox::auth {

struct SignInLimits {
    // Every attempt from one client address, whatever the account.
    int attempts_per_address = 30;
    std::chrono::seconds address_window{std::chrono::minutes(5)};
    // Failures on one account from one address: past this that address waits, nobody else does.
    int failures_per_account_and_address = 5;
    std::chrono::seconds account_and_address_window{std::chrono::minutes(15)};
    // Failures on one account from everywhere: past this ceiling, browsers the account never signed in from
    // are slowed to one attempt per `slow_interval` for the account, not refused for good.
    int failures_per_account = 20;
    std::chrono::seconds account_window{std::chrono::minutes(15)};
    std::chrono::seconds slow_interval{std::chrono::seconds(10)};
    // Failures through one device cookie before it stops counting as a known device.
    int failures_per_device = 5;
    std::chrono::seconds device_window{std::chrono::minutes(15)};
};

// The OWASP "device cookie" scheme on top of sliding windows. An attempt is reserved (counted as a failure)
// before the password is hashed, under one lock across every limit, so that parallel guesses can never run
// more checks than the limits allow; a right password hands its reservation back.
//
// Keys are opaque strings chosen by the caller: `account` must be the same for a known and an unknown
// email (the normalised email within its salon), so that the answers never tell whether an account exists.
class SignInThrottle {
public:
    using Clock = RateLimiter::Clock;

    explicit SignInThrottle(const SignInLimits& limits = {});

    struct Attempt {
        std::string account;
        std::string address;
        std::string device;  // the id of a valid device cookie for this account, "" when the browser has none
    };

    // A reserved attempt, or a refusal (`retry_after` > 0, for a 429 with Retry-After).
    struct Reservation {
        std::chrono::seconds retry_after{0};
        bool granted() const { return retry_after.count() == 0; }

    private:
        friend class SignInThrottle;
        Attempt attempt;
        Clock::time_point at{};
        bool known_device = false;
    };

    Reservation reserve(const Attempt& attempt, Clock::time_point now = Clock::now());
    // The password was right: the reservation stops counting as a failure, and so do earlier failures of this
    // account from this address and this device.
    void succeeded(const Reservation& reservation);
    // The password was never checked (the hasher was busy): the reservation stops counting as a failure.
    void cancel(const Reservation& reservation);

private:
    std::mutex mutex_;  // makes check-then-record atomic across the limiters
    RateLimiter per_address_;
    RateLimiter per_account_and_address_;
    RateLimiter per_account_;
    RateLimiter slow_lane_;
    RateLimiter per_device_;
};

}  // namespace salonbox::auth
