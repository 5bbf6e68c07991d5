#include "auth/device_cookie.h"
#include "auth/sign_in_throttle.h"

#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace salonbox::auth;
using namespace std::chrono_literals;

namespace {
SignInLimits small_limits() {
    SignInLimits l;
    l.attempts_per_address = 100;
    l.failures_per_account_and_address = 3;
    l.failures_per_account = 6;
    l.slow_interval = 10s;
    l.failures_per_device = 2;
    return l;
}

SignInThrottle::Attempt from(const std::string& address, const std::string& device = "") { return {"demo\nowner@demo.test", address, device}; }
}  // namespace

TEST_CASE("failures on an account hold back the address that made them, not the others") {
    SignInThrottle t(small_limits());
    auto now = SignInThrottle::Clock::now();
    for (int i = 0; i < 3; ++i) CHECK(t.reserve(from("203.0.113.1"), now).granted());
    auto refused = t.reserve(from("203.0.113.1"), now);
    CHECK_FALSE(refused.granted());
    CHECK(refused.retry_after > 0s);
    CHECK(t.reserve(from("198.51.100.7"), now).granted());
    // The window slides: the stranger may try again later.
    CHECK(t.reserve(from("203.0.113.1"), now + 16min).granted());
}

TEST_CASE("past the account-wide ceiling strangers are slowed, not refused, and a known device is not held back") {
    SignInThrottle t(small_limits());
    auto now = SignInThrottle::Clock::now();
    for (int i = 0; i < 6; ++i) REQUIRE(t.reserve(from("203.0.113." + std::to_string(i)), now).granted());
    // A new address gets one attempt per slow interval for the whole account.
    CHECK(t.reserve(from("192.0.2.1"), now).granted());
    auto slowed = t.reserve(from("192.0.2.2"), now + 1s);
    CHECK_FALSE(slowed.granted());
    CHECK(slowed.retry_after <= 10s);
    CHECK(t.reserve(from("192.0.2.2"), now + 11s).granted());
    // The owner's browser, which signed in before, goes straight through.
    for (int i = 0; i < 2; ++i) {
        auto owner = t.reserve(from("192.0.2.50", "owner-device"), now + 12s);
        CHECK(owner.granted());
    }
}

TEST_CASE("a device cookie that keeps failing loses its pass") {
    SignInThrottle t(small_limits());
    auto now = SignInThrottle::Clock::now();
    for (int i = 0; i < 6; ++i) REQUIRE(t.reserve(from("203.0.113." + std::to_string(i)), now).granted());
    REQUIRE(t.reserve(from("192.0.2.1"), now).granted());  // uses the slow lane
    CHECK(t.reserve(from("192.0.2.9", "stolen"), now).granted());
    CHECK(t.reserve(from("192.0.2.9", "stolen"), now).granted());
    // Two failures through the cookie: now it is any browser, and the slow lane is taken.
    CHECK_FALSE(t.reserve(from("192.0.2.9", "stolen"), now).granted());
}

TEST_CASE("a known device that fails too often has no fresh allowance as a mere address") {
    SignInThrottle t(small_limits());
    auto now = SignInThrottle::Clock::now();
    CHECK(t.reserve(from("192.0.2.9", "mine"), now).granted());
    CHECK(t.reserve(from("192.0.2.9", "mine"), now).granted());
    CHECK(t.reserve(from("192.0.2.9", "mine"), now).granted());  // the device's pass is gone: the address still had one
    CHECK_FALSE(t.reserve(from("192.0.2.9", "mine"), now).granted());
}

TEST_CASE("a right password gives the reservation back and forgets the address's failures") {
    SignInThrottle t(small_limits());
    auto now = SignInThrottle::Clock::now();
    for (int i = 0; i < 2; ++i) REQUIRE(t.reserve(from("203.0.113.1"), now).granted());
    auto right = t.reserve(from("203.0.113.1"), now);
    REQUIRE(right.granted());
    t.succeeded(right);
    for (int i = 0; i < 3; ++i) CHECK(t.reserve(from("203.0.113.1"), now).granted());
    CHECK_FALSE(t.reserve(from("203.0.113.1"), now).granted());
}

TEST_CASE("a cancelled attempt does not count as a failure") {
    SignInThrottle t(small_limits());
    auto now = SignInThrottle::Clock::now();
    for (int i = 0; i < 10; ++i) t.cancel(t.reserve(from("203.0.113.1"), now));
    CHECK(t.reserve(from("203.0.113.1"), now).granted());
}

TEST_CASE("every attempt from one address counts, whatever the account") {
    SignInLimits l;
    l.attempts_per_address = 4;
    SignInThrottle t(l);
    auto now = SignInThrottle::Clock::now();
    for (int i = 0; i < 4; ++i) CHECK(t.reserve({"demo\nvisitor" + std::to_string(i), "203.0.113.1", ""}, now).granted());
    CHECK_FALSE(t.reserve({"demo\nanyone", "203.0.113.1", ""}, now).granted());
}

TEST_CASE("parallel guesses cannot run more checks than the limit") {
    SignInThrottle t(small_limits());
    std::atomic<int> granted{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i)
        threads.emplace_back([&] {
            for (int j = 0; j < 8; ++j)
                if (t.reserve(from("203.0.113.1")).granted()) ++granted;
        });
    for (auto& th : threads) th.join();
    CHECK(granted.load() == 3);
}

TEST_CASE("device cookies are bound to their account and to the key") {
    auto key = SecretKey::from_bytes(std::string(32, 'k'));
    auto other_key = SecretKey::from_bytes(std::string(32, 'o'));
    auto cookie = new_device_cookie(key, "demo\nowner@demo.test");
    auto id = device_id(key, "demo\nowner@demo.test", cookie);
    REQUIRE(id);
    CHECK(cookie.starts_with(*id + "."));
    CHECK_FALSE(device_id(key, "demo\nmanager@demo.test", cookie));
    CHECK_FALSE(device_id(other_key, "demo\nowner@demo.test", cookie));
    CHECK_FALSE(device_id(key, "demo\nowner@demo.test", *id + ".forged"));
    CHECK_FALSE(device_id(key, "demo\nowner@demo.test", ""));
    CHECK(new_device_cookie(key, "demo\nowner@demo.test") != cookie);
    CHECK(device_cookie_name(key, "demo\nowner@demo.test") != device_cookie_name(key, "demo\nmanager@demo.test"));
    CHECK(device_cookie_name(key, "demo\nowner@demo.test").size() == 26);
}
