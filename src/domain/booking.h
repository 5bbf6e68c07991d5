// The rules of an appointment request a customer sends from the portal.
#pragma once

#include "domain/clock.h"
#include "domain/result.h"

#include <string>
#include <string_view>

namespace salonbox::domain {

struct RequestedSlot {
    Instant starts_at;
    Instant ends_at;
    std::string comments;
};

// Checks the typed form (salon-local "YYYY-MM-DDTHH:MM" times) against the clock. The first error names its
// field: start or end malformed or nonexistent (error.date_invalid), start in the past (error.start_in_past),
// more than a year ahead (error.start_too_far), end not after start (error.end_before_start), longer than
// 12 hours (error.too_long), comments over 1000 characters (error.comments_too_long).
Result<RequestedSlot> check_request(std::string_view start, std::string_view end, std::string_view comments,
                                    std::string_view time_zone, Instant now);

}  // namespace salonbox::domain
