#include "domain/appointment_rules.h"

#include "domain/text.h"
#include "domain/time_zone.h"

#include <date/date.h>

#include <algorithm>
#include <cstdio>

namespace salonbox::domain {

namespace {
std::optional<Instant> parse_instant(std::string_view text, std::string_view time_zone) {
    auto local = parse_local_datetime(trim(text));
    if (!local || local->year < 2000 || local->year > 2099) return std::nullopt;
    return from_local(*local, time_zone);
}
}  // namespace

Result<CheckedAppointment> check_staff_appointment(const StaffAppointmentForm& form, std::string_view time_zone) {
    auto starts_at = parse_instant(form.start, time_zone);
    if (!starts_at) return Error{"start", "error.date_invalid"};
    std::optional<Instant> ends_at;
    if (trim(form.end).empty()) {
        if (!form.service_minutes) return Error{"end", "admin.calendar.error.end_required"};
        ends_at = *starts_at + std::chrono::minutes(*form.service_minutes);
    } else {
        ends_at = parse_instant(form.end, time_zone);
        if (!ends_at) return Error{"end", "error.date_invalid"};
    }
    if (*ends_at <= *starts_at) return Error{"end", "error.end_before_start"};
    if (*ends_at - *starts_at > k_longest_appointment) return Error{"end", "error.too_long"};
    auto comments = trim(form.comments);
    if (comments.size() > 4000 || code_points(comments) > 1000) return Error{"comments", "error.comments_too_long"};
    if (has_stray_control_characters(comments)) return Error{"comments", "error.control_characters"};
    auto notes = trim(form.internal_notes);
    if (notes.size() > 16000 || code_points(notes) > 4000) return Error{"internal_notes", "admin.calendar.error.notes_too_long"};
    if (has_stray_control_characters(notes)) return Error{"internal_notes", "error.control_characters"};
    return CheckedAppointment{*starts_at, *ends_at, std::move(comments), std::move(notes)};
}

bool may_change_appointment(Role role, std::int64_t user_id, std::optional<std::int64_t> assigned_staff) {
    if (is_manager(role)) return true;
    return role == Role::staff && assigned_staff == user_id;
}

std::optional<Day> parse_day(std::string_view text) {
    if (text.size() != 10) return std::nullopt;
    auto local = parse_local_datetime(std::string(text) + "T00:00");
    if (!local || local->year < 1900 || local->year > 2200) return std::nullopt;
    return Day{local->year, local->month, local->day};
}

std::string format_day(const Day& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
    return buf;
}

Day day_of(Instant t, std::string_view time_zone) {
    auto local = to_local(t, time_zone);
    return {local.year, local.month, local.day};
}

Day add_days(const Day& d, int days) {
    auto moved = add_days(LocalDateTime{d.year, d.month, d.day, 0, 0}, days);
    return {moved.year, moved.month, moved.day};
}

Day monday_of(const Day& d) {
    date::weekday wd{date::sys_days{date::year{d.year} / date::month{d.month} / date::day{d.day}}};
    int since_monday = static_cast<int>((wd.c_encoding() + 6) % 7);  // Monday 0 ... Sunday 6
    return add_days(d, -since_monday);
}

Instant start_of_day(const Day& d, std::string_view time_zone) {
    // Zones that change time at midnight skip it on that day; the day then starts at the first minute that exists.
    for (unsigned minutes = 0; minutes < 24 * 60; minutes += 15)
        if (auto t = from_local(LocalDateTime{d.year, d.month, d.day, minutes / 60, minutes % 60}, time_zone)) return *t;
    return *from_local(LocalDateTime{d.year, d.month, d.day, 12, 0}, time_zone);
}

}  // namespace salonbox::domain
