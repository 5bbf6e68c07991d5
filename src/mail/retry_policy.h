// When the outbox tries an email again after a temporary failure, and when it gives up.
#pragma once

#include <chrono>
#include <optional>

namespace salonbox::mail {

// Attempts made for one email before it is marked failed for good.
inline constexpr int max_send_attempts = 10;

// The wait before the next attempt, given how many attempts have failed so far:
//
//   failed attempts   1      2      3       4    5    6    7     8     9     10
//   next attempt in   1 min  5 min  15 min  1 h  3 h  6 h  12 h  24 h  24 h  never (std::nullopt)
//
// so an email keeps being tried for about three days (70 h 21 min), as common MTAs do: long enough to ride
// out a weekend outage of the salon's line or relay. Fewer than one failed attempt means no wait.
std::optional<std::chrono::seconds> next_retry_delay(int attempts_so_far);

}  // namespace salonbox::mail
