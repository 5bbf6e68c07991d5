#include "mail/retry_policy.h"

#include <doctest/doctest.h>

using namespace salonbox::mail;
using namespace std::chrono_literals;

TEST_CASE("retry delays start at a minute, grow, then stop at the maximum number of attempts") {
    CHECK(next_retry_delay(0) == 0s);
    CHECK(next_retry_delay(1) == 1min);
    CHECK(next_retry_delay(2) == 5min);
    CHECK(next_retry_delay(4) == 1h);
    std::chrono::seconds previous = 0s, total = 0s;
    for (int attempts = 1; attempts < max_send_attempts; ++attempts) {
        const auto delay = next_retry_delay(attempts);
        REQUIRE(delay);
        CHECK(*delay >= previous);
        CHECK(*delay <= 24h);
        previous = *delay;
        total += *delay;
    }
    CHECK(total == 70h + 21min);
    CHECK_FALSE(next_retry_delay(max_send_attempts));
    CHECK_FALSE(next_retry_delay(max_send_attempts + 100));
}
