// How many appointment requests one customer may send: enough for a family of animals, too few to flood the inbox.
#pragma once

#include <optional>
#include <string>

namespace salonbox::domain {

// Each request notifies every manager, so one portal account (or whoever took it over) must not be able to
// send them without end.
inline constexpr int k_max_open_requests = 5;       // still waiting for the salon's answer
inline constexpr int k_max_requests_per_day = 10;   // sent in the last 24 hours, whatever became of them

struct RequestCounts {
    int open = 0;
    int last_day = 0;
};

// The message key of the limit one more request would pass (error.request_limit_open or
// error.request_limit_day), or nothing when it may be sent.
std::optional<std::string> request_limit_reached(const RequestCounts& counts);

}  // namespace salonbox::domain
