// Free start times of a service on a day: opening hours, closures, team hours and services, busy intervals,
// notice and horizon, in the salon's time zone. Pure: everything it needs comes in as arguments.
#pragma once

#include "domain/clock.h"
#include "domain/result.h"
#include "domain/time_zone.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::domain {

// A calendar day in the salon's zone.
struct LocalDate {
    int year = 0;
    unsigned month = 0, day = 0;
    friend bool operator==(const LocalDate&, const LocalDate&) = default;
    friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
};
std::optional<LocalDate> parse_local_date(std::string_view text);  // "YYYY-MM-DD", a real date
std::string format_local_date(const LocalDate& day);
LocalDate add_days(const LocalDate& day, int days);
unsigned iso_weekday(const LocalDate& day);  // 1 = Monday ... 7 = Sunday
LocalDate local_date_of(Instant t, std::string_view time_zone);

// [opens, closes) in minutes after local midnight; closes may be 1440 (midnight at the end of the day).
struct TimeRange {
    int opens_minute = 0;
    int closes_minute = 0;
    friend bool operator==(const TimeRange&, const TimeRange&) = default;
};
// Ranges per ISO weekday (index 0 = Monday); an empty day is closed.
using WeeklyHours = std::array<std::vector<TimeRange>, 7>;

// "HH:MM" <-> minutes after midnight; "24:00" is accepted as the end of the day.
std::optional<int> parse_time_of_day(std::string_view text);
std::string format_time_of_day(int minute);
// Ranges of one day well-formed: each opens before it closes, sorted, none overlapping the next.
bool ranges_are_valid(const std::vector<TimeRange>& ranges);
// One day's ranges as people type them: "09:00-12:30, 13:30-18:00" ("" is closed); nothing when malformed,
// overlapping or out of order.
std::optional<std::vector<TimeRange>> parse_day_ranges(std::string_view text);
std::string format_day_ranges(const std::vector<TimeRange>& ranges);

struct Closure {
    LocalDate first_day;
    LocalDate last_day;  // inclusive
    std::string label;
};

// A team member who takes bookings.
struct BookableMember {
    std::int64_t user_id = 0;
    std::optional<WeeklyHours> own_hours;  // replaces the salon's hours when set
    bool every_service = true;
    std::vector<std::int64_t> service_ids;  // when not every_service
    bool performs(std::int64_t service_id) const;
};

// A scheduled appointment holding a team member's time. Without a member: an appointment kept from before
// every appointment had a groomer, which takes one of the team members free at that time.
struct BusyInterval {
    std::optional<std::int64_t> user_id;
    Instant from{};
    Instant to{};
};

struct BookingPolicy {
    int min_notice_minutes = 120;
    int horizon_days = 60;
    int slot_step_minutes = 15;
    std::string online_booking = "off";  // off | request | instant
    bool requests_outside_slots = true;
};
bool is_online_booking_mode(std::string_view mode);
// Each field in range (notice 0-30 days, horizon 1-366 days, step 5-240 minutes); the first error names its field.
std::optional<Error> check_policy(const BookingPolicy& policy);

// Everything the salon's calendar says about who can work when.
struct SalonCalendar {
    std::string time_zone;
    WeeklyHours hours;
    std::vector<Closure> closures;
    std::vector<BookableMember> team;
    std::vector<BusyInterval> busy;  // any order
};

struct AvailabilityQuery {
    LocalDate day;
    std::int64_t service_id = 0;
    int duration_minutes = 0;
    std::optional<std::int64_t> only_user_id;  // one team member, or anyone who performs the service
    Instant now{};
    BookingPolicy policy;
};

struct FreeStart {
    Instant starts_at{};
    LocalDateTime local{};
    std::vector<std::int64_t> user_ids;  // who is free for the whole service from then, by id
};

// The free starts of the day, earliest first. A start is offered when: the day is not closed and not beyond
// the horizon (counted in local days from today); the start is at least the notice after `now`; some team
// member who performs the service works a range of that day (own hours, else the salon's) holding the whole
// service from the start (ranges are stepped from their opening; a service never spans a break); that
// member has no busy interval overlapping it; and UnassignedCapacity leaves room for that member then (a time
// is offered only when it is surely free). Local times skipped by a DST change are never offered; a local
// time that happens twice (autumn) is offered once, at its first occurrence. Durations are real time: an hour
// across a DST change still ends an hour later.
std::vector<FreeStart> free_starts(const SalonCalendar& calendar, const AvailabilityQuery& query);

// The rule that appointments without a member count against the team's capacity, shared by the customers'
// free starts and the staff's own placements: `member` may take [from, to) only when the appointments without
// a member overlapping it can each still be given a different team member (other than `member`) who has no
// busy interval overlapping theirs. (Those appointments are counted as if they all overlapped one another.)
class UnassignedCapacity {
public:
    // Who could take each appointment without a member of `calendar` (bookable and free then, whatever the
    // service). Keeps no reference to `calendar`'s team.
    explicit UnassignedCapacity(const SalonCalendar& calendar);
    bool leaves_room(std::int64_t member, Instant from, Instant to) const;

private:
    struct Unassigned {
        Instant from{}, to{};
        std::vector<std::int64_t> could_take;
    };
    std::vector<Unassigned> unassigned_;
};

// The free start at `at` with `user_id` among its members (any member when not given): the check a booking
// repeats in its write transaction.
const FreeStart* find_start(const std::vector<FreeStart>& starts, Instant at, std::optional<std::int64_t> user_id = std::nullopt);

// Why `start` is not among the free starts of `query` (its day is taken from `start`), as a customer should
// hear it; none when it is offered. `taken` means the hours hold it but nobody who could is free then.
enum class Refusal { none, in_past, too_soon, too_far, closed_day, outside_hours, taken };
Refusal why_not_offered(const SalonCalendar& calendar, AvailabilityQuery query, Instant start);
// The catalog key of the message a customer reads for a refusal (none has no message: it gives "taken"'s).
std::string refusal_message_key(Refusal refusal);

// Up to `count` starts nearest to `target` (either side), in time order: what to offer when a time was taken.
std::vector<FreeStart> nearest_starts(const std::vector<FreeStart>& starts, Instant target, std::size_t count);

}  // namespace salonbox::domain
