// The rules of the admin calendar: appointments staff type in salon time, who may change which, calendar days.
#pragma once

#include "domain/clock.h"
#include "domain/result.h"
#include "domain/roles.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salonbox::domain {

// No appointment lasts longer (staff entries, customer requests and service durations are all checked against
// it): the calendar finds what runs into a day by looking back this far from the day's start.
constexpr std::chrono::hours k_longest_appointment{12};

struct StaffAppointmentForm {
    std::string_view start;  // "YYYY-MM-DDTHH:MM", salon time
    std::string_view end;    // same, or empty to take the service's duration
    std::optional<int> service_minutes;
    std::string_view comments;        // shown to the customer
    std::string_view internal_notes;  // admin only
};

struct CheckedAppointment {
    Instant starts_at;
    Instant ends_at;
    std::string comments;
    std::string internal_notes;
};

// Checks what staff typed. Unlike a customer's request, past times are accepted (staff record what happened).
// The first error names its field: start malformed, nonexistent in the zone or outside the years 2000-2099
// (error.date_invalid); end empty without a service (admin.calendar.error.end_required) or malformed
// (error.date_invalid); end not after start (error.end_before_start); longer than 12 hours (error.too_long);
// comments over 1000 characters (error.comments_too_long); internal notes over 4000
// (admin.calendar.error.notes_too_long); either with a control character other than a line break or a tab
// (error.control_characters). Texts come back trimmed.
Result<CheckedAppointment> check_staff_appointment(const StaffAppointmentForm& form, std::string_view time_zone);

// Owners and managers change every appointment; a staff member only those assigned to them.
bool may_change_appointment(Role role, std::int64_t user_id, std::optional<std::int64_t> assigned_staff);

// A calendar day of the salon.
struct Day {
    int year;
    unsigned month, day;
    friend bool operator==(const Day&, const Day&) = default;
};

std::optional<Day> parse_day(std::string_view text);  // "YYYY-MM-DD", a real date
std::string format_day(const Day& day);               // "YYYY-MM-DD"
Day day_of(Instant t, std::string_view time_zone);    // the salon's date at that instant
Day add_days(const Day& day, int days);
Day monday_of(const Day& day);  // the Monday starting the week of `day`
// The first instant of `day` in the zone: midnight, or the first moment after a time change that skips it.
// A day runs from start_of_day(d) to start_of_day(add_days(d, 1)): 23, 24 or 25 hours.
Instant start_of_day(const Day& day, std::string_view time_zone);

}  // namespace salonbox::domain
