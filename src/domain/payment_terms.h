// Payment terms of invoices: how many days after its issue date an invoice is due, and that due date.
#pragma once

#include "domain/clock.h"
#include "domain/result.h"

#include <string_view>

namespace salonbox::domain {

constexpr int k_default_due_days = 14;
constexpr int k_max_due_days = 365;

// The settings form's "payment due in N days": a whole number from 0 (due on receipt) to k_max_due_days.
// The error names the field "payment_due_days".
Result<int> parse_due_days(std::string_view text);

// The day an invoice issued at `issued_at` is due: its issue date in the salon's zone plus `due_days`
// calendar days (so a DST change in between moves nothing). Returned as noon of that day, salon time, an
// instant that formats as that date in the zone whatever the hour of issue.
Instant due_date(Instant issued_at, int due_days, std::string_view time_zone);

}  // namespace salonbox::domain
