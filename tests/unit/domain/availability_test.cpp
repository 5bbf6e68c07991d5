#include "domain/availability.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace salonbox::domain;

namespace {
// The demo salon's week: Tuesday-Saturday 09:00-18:00, Saturday lunch 12:30-13:30, closed Sunday and Monday.
WeeklyHours demo_week() {
    WeeklyHours h;
    for (int d = 1; d <= 4; ++d) h[d] = {{9 * 60, 18 * 60}};
    h[5] = {{9 * 60, 12 * 60 + 30}, {13 * 60 + 30, 18 * 60}};
    return h;
}

SalonCalendar demo_calendar(std::string zone = "Europe/Paris") {
    SalonCalendar c;
    c.time_zone = std::move(zone);
    c.hours = demo_week();
    c.team = {{2, std::nullopt, true, {}}, {3, std::nullopt, true, {}}};
    return c;
}

Instant at(LocalDateTime l, const std::string& zone = "Europe/Paris") { return *from_local(l, zone); }

AvailabilityQuery query(LocalDate day, int minutes, Instant now) {
    AvailabilityQuery q;
    q.day = day;
    q.service_id = 7;
    q.duration_minutes = minutes;
    q.now = now;
    q.policy.min_notice_minutes = 120;
    q.policy.horizon_days = 90;
    q.policy.slot_step_minutes = 15;
    return q;
}

std::vector<std::string> times(const std::vector<FreeStart>& starts) {
    std::vector<std::string> out;
    for (const auto& s : starts) out.push_back(format_time_of_day(static_cast<int>(s.local.hour * 60 + s.local.minute)));
    return out;
}

bool offers(const std::vector<FreeStart>& starts, const std::string& hhmm) {
    auto t = times(starts);
    return std::find(t.begin(), t.end(), hhmm) != t.end();
}

// Monday 15 June 2026, 08:00 in Paris: the week ahead is all in summer time.
const Instant k_monday_morning = at({2026, 6, 15, 8, 0});
}  // namespace

TEST_CASE("an open day offers every step from opening until the service no longer fits before closing") {
    auto starts = free_starts(demo_calendar(), query({2026, 6, 16}, 60, k_monday_morning));
    REQUIRE(starts.size() == 33);  // 09:00 ... 17:00
    CHECK(times(starts).front() == "09:00");
    CHECK(times(starts).back() == "17:00");
    CHECK(starts.front().user_ids == std::vector<std::int64_t>{2, 3});
    CHECK(starts.front().starts_at == at({2026, 6, 16, 9, 0}));
}

TEST_CASE("closed weekdays and closures offer nothing") {
    auto c = demo_calendar();
    CHECK(free_starts(c, query({2026, 6, 21}, 60, k_monday_morning)).empty());  // Sunday
    CHECK(free_starts(c, query({2026, 6, 22}, 60, k_monday_morning)).empty());  // Monday
    c.closures.push_back({{2026, 6, 17}, {2026, 6, 19}, "Summer break"});
    CHECK(free_starts(c, query({2026, 6, 17}, 60, k_monday_morning)).empty());
    CHECK(free_starts(c, query({2026, 6, 19}, 60, k_monday_morning)).empty());
    CHECK_FALSE(free_starts(c, query({2026, 6, 20}, 60, k_monday_morning)).empty());
    CHECK_FALSE(free_starts(c, query({2026, 6, 16}, 60, k_monday_morning)).empty());
}

TEST_CASE("a service never spans the lunch break") {
    auto starts = free_starts(demo_calendar(), query({2026, 6, 20}, 90, k_monday_morning));  // Saturday
    CHECK(offers(starts, "11:00"));  // ends 12:30, as lunch begins
    CHECK_FALSE(offers(starts, "11:15"));
    CHECK_FALSE(offers(starts, "12:30"));
    CHECK_FALSE(offers(starts, "13:00"));
    CHECK(offers(starts, "13:30"));
    CHECK(offers(starts, "16:30"));
    CHECK_FALSE(offers(starts, "16:45"));
}

TEST_CASE("the notice hides starts too soon after now, the horizon days too far ahead") {
    auto now = at({2026, 6, 16, 10, 5});
    auto today = free_starts(demo_calendar(), query({2026, 6, 16}, 60, now));
    REQUIRE_FALSE(today.empty());
    CHECK(times(today).front() == "12:15");  // 10:05 + 2 h, on the next step
    CHECK(free_starts(demo_calendar(), query({2026, 6, 15}, 60, now)).empty());  // yesterday
    auto q = query({2026, 9, 14}, 60, now);   // today + 90 days, a Monday: closed
    CHECK(free_starts(demo_calendar(), q).empty());
    q = query({2026, 9, 12}, 60, now);        // a Saturday within the horizon
    CHECK_FALSE(free_starts(demo_calendar(), q).empty());
    q.policy.horizon_days = 87;
    CHECK(free_starts(demo_calendar(), q).empty());
}

TEST_CASE("a busy team member is left out of the starts that overlap their appointment") {
    auto c = demo_calendar();
    c.busy.push_back({2, at({2026, 6, 16, 10, 0}), at({2026, 6, 16, 11, 0})});
    auto starts = free_starts(c, query({2026, 6, 16}, 60, k_monday_morning));
    CHECK(find_start(starts, at({2026, 6, 16, 10, 0}))->user_ids == std::vector<std::int64_t>{3});
    CHECK(find_start(starts, at({2026, 6, 16, 9, 0}))->user_ids == std::vector<std::int64_t>{2, 3});
    CHECK(find_start(starts, at({2026, 6, 16, 9, 15}), 2) == nullptr);
    CHECK(find_start(starts, at({2026, 6, 16, 11, 0}), 2) != nullptr);
    c.busy.push_back({3, at({2026, 6, 16, 9, 0}), at({2026, 6, 16, 18, 0})});
    starts = free_starts(c, query({2026, 6, 16}, 60, k_monday_morning));
    CHECK_FALSE(offers(starts, "10:00"));
    CHECK_FALSE(offers(starts, "10:45"));
    CHECK(offers(starts, "11:00"));
}

TEST_CASE("only team members who perform the service, in their own hours when they have them") {
    auto c = demo_calendar();
    c.team[0].every_service = false;
    c.team[0].service_ids = {8};
    WeeklyHours mornings;
    mornings[1] = {{8 * 60, 12 * 60}};  // Tuesday
    c.team[1].own_hours = mornings;
    auto starts = free_starts(c, query({2026, 6, 16}, 60, k_monday_morning));
    CHECK(times(starts).front() == "08:00");
    CHECK(times(starts).back() == "11:00");
    for (const auto& s : starts) CHECK(s.user_ids == std::vector<std::int64_t>{3});
    auto q = query({2026, 6, 16}, 60, k_monday_morning);
    q.only_user_id = 2;
    CHECK(free_starts(c, q).empty());
    q.service_id = 8;
    CHECK(free_starts(c, q).size() == 33);
}

TEST_CASE("nearest starts are the closest on either side, in time order") {
    auto starts = free_starts(demo_calendar(), query({2026, 6, 16}, 60, k_monday_morning));
    auto near = nearest_starts(starts, at({2026, 6, 16, 10, 0}), 3);
    CHECK(times(near) == std::vector<std::string>{"09:45", "10:00", "10:15"});
}

namespace {
// A salon open around the clock on a DST day, to see every local time of the change.
SalonCalendar night_salon(const std::string& zone, unsigned weekday_index) {
    SalonCalendar c;
    c.time_zone = zone;
    c.hours[weekday_index] = {{0, 6 * 60}};
    c.team = {{2, std::nullopt, true, {}}};
    return c;
}

AvailabilityQuery night_query(LocalDate day, int minutes, const std::string& zone) {
    auto before = add_days(day, -3);
    auto q = query(day, minutes, at({before.year, before.month, before.day, 12, 0}, zone));
    q.policy.slot_step_minutes = 30;
    return q;
}
}  // namespace

TEST_CASE("spring forward: skipped local times are never offered, durations are real time (Europe/Paris)") {
    // Sunday 29 March 2026: 02:00 becomes 03:00.
    auto c = night_salon("Europe/Paris", 6);
    auto starts = free_starts(c, night_query({2026, 3, 29}, 60, "Europe/Paris"));
    CHECK(times(starts) == std::vector<std::string>{"00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00", "04:30", "05:00"});
    // 01:30 + one real hour ends at 03:30 local: still inside the day's range.
    auto s = find_start(starts, at({2026, 3, 29, 1, 30}, "Europe/Paris"));
    REQUIRE(s);
    CHECK(to_local(s->starts_at + std::chrono::hours(1), "Europe/Paris").hour == 3);
}

TEST_CASE("fall back: a local time that happens twice is offered once (Europe/Paris)") {
    // Sunday 25 October 2026: 03:00 goes back to 02:00, so 02:00-02:59 happens twice.
    auto c = night_salon("Europe/Paris", 6);
    auto starts = free_starts(c, night_query({2026, 10, 25}, 60, "Europe/Paris"));
    CHECK(times(starts) == std::vector<std::string>{"00:00", "00:30", "01:00", "01:30", "02:00", "02:30", "03:00", "03:30", "04:00", "04:30", "05:00"});
    // 02:30 is its first occurrence, in summer time (UTC+2).
    CHECK(to_unix(find_start(starts, at({2026, 10, 25, 2, 30}, "Europe/Paris"))->starts_at) == to_unix(from_unix(1792888200)));
    // Until 06:00 is seven real hours on this day: a 6h30 service fits from midnight and from 00:30.
    CHECK(times(free_starts(c, night_query({2026, 10, 25}, 390, "Europe/Paris"))) == std::vector<std::string>{"00:00", "00:30"});
}

TEST_CASE("both DST changes in America/New_York") {
    // Sunday 8 March 2026: 02:00 becomes 03:00. Sunday 1 November 2026: 02:00 goes back to 01:00.
    auto c = night_salon("America/New_York", 6);
    auto spring = free_starts(c, night_query({2026, 3, 8}, 30, "America/New_York"));
    CHECK_FALSE(offers(spring, "02:00"));
    CHECK_FALSE(offers(spring, "02:30"));
    CHECK(offers(spring, "01:30"));
    CHECK(offers(spring, "03:00"));
    CHECK(spring.size() == 10);  // 12 half hours, two skipped
    auto autumn = free_starts(c, night_query({2026, 11, 1}, 30, "America/New_York"));
    CHECK(autumn.size() == 12);  // 01:00 and 01:30 once each
    auto autumn_times = times(autumn);
    CHECK(std::count(autumn_times.begin(), autumn_times.end(), "01:30") == 1);
    // A busy first 01:00-02:00 (EDT) blocks the first 01:30; the second one is never offered on its own.
    c.busy.push_back({2, at({2026, 11, 1, 1, 0}, "America/New_York"), at({2026, 11, 1, 1, 0}, "America/New_York") + std::chrono::hours(1)});
    autumn = free_starts(c, night_query({2026, 11, 1}, 30, "America/New_York"));
    CHECK_FALSE(offers(autumn, "01:00"));
    CHECK_FALSE(offers(autumn, "01:30"));
    CHECK(offers(autumn, "02:00"));
}

TEST_CASE("days, times of day and ranges are read strictly") {
    CHECK(parse_local_date("2026-02-28") == LocalDate{2026, 2, 28});
    CHECK_FALSE(parse_local_date("2026-02-30"));
    CHECK_FALSE(parse_local_date("2026-2-28"));
    CHECK(parse_time_of_day("09:30") == 570);
    CHECK(parse_time_of_day("24:00") == 1440);
    CHECK_FALSE(parse_time_of_day("24:30"));
    CHECK_FALSE(parse_time_of_day("9:30"));
    CHECK(iso_weekday({2026, 6, 15}) == 1);
    CHECK(ranges_are_valid({{540, 750}, {810, 1080}}));
    CHECK_FALSE(ranges_are_valid({{540, 800}, {780, 1080}}));
    CHECK_FALSE(ranges_are_valid({{600, 540}}));
    BookingPolicy p;
    CHECK_FALSE(check_policy(p));
    p.slot_step_minutes = 1;
    CHECK(check_policy(p)->field == "slot_step_minutes");
}

TEST_CASE("a start not offered is explained: past, too soon, too far, closed, outside the hours, taken") {
    auto c = demo_calendar();
    auto now = at({2026, 6, 16, 10, 0});
    auto q = query({2026, 6, 16}, 60, now);
    CHECK(why_not_offered(c, q, at({2026, 6, 16, 13, 0})) == Refusal::none);
    CHECK(why_not_offered(c, q, at({2026, 6, 16, 9, 0})) == Refusal::in_past);
    CHECK(why_not_offered(c, q, at({2026, 6, 16, 11, 0})) == Refusal::too_soon);
    CHECK(why_not_offered(c, q, at({2026, 9, 16, 10, 0})) == Refusal::too_far);
    CHECK(why_not_offered(c, q, at({2026, 6, 22, 10, 0})) == Refusal::closed_day);
    CHECK(why_not_offered(c, q, at({2026, 6, 16, 17, 30})) == Refusal::outside_hours);
    CHECK(why_not_offered(c, q, at({2026, 6, 20, 12, 0})) == Refusal::outside_hours);  // into Saturday's lunch
    c.busy.push_back({2, at({2026, 6, 16, 13, 0}), at({2026, 6, 16, 14, 0})});
    c.busy.push_back({3, at({2026, 6, 16, 13, 0}), at({2026, 6, 16, 14, 0})});
    CHECK(why_not_offered(c, q, at({2026, 6, 16, 13, 0})) == Refusal::taken);
}

TEST_CASE("a day's ranges are typed as HH:MM-HH:MM separated by commas") {
    CHECK(parse_day_ranges("09:00-12:30, 13:30-18:00") == std::vector<TimeRange>{{540, 750}, {810, 1080}});
    CHECK(parse_day_ranges("")->empty());
    CHECK(parse_day_ranges(" 08:00 - 24:00 ") == std::vector<TimeRange>{{480, 1440}});
    CHECK_FALSE(parse_day_ranges("09:00"));
    CHECK_FALSE(parse_day_ranges("18:00-09:00"));
    CHECK_FALSE(parse_day_ranges("13:30-18:00, 09:00-12:30"));
    CHECK_FALSE(parse_day_ranges("9h-12h"));
    CHECK(format_day_ranges({{540, 750}, {810, 1080}}) == "09:00-12:30, 13:30-18:00");
}

TEST_CASE("an appointment kept without a groomer takes one of the team members free at its time") {
    auto c = demo_calendar();
    c.team.push_back({4, std::nullopt, true, {}});
    auto day = LocalDate{2026, 6, 16};
    auto q = query(day, 60, k_monday_morning);
    // Without a groomer, 10:00-11:00: any two of the three still take a time overlapping it.
    c.busy.push_back({std::nullopt, at({2026, 6, 16, 10, 0}), at({2026, 6, 16, 11, 0})});
    CHECK(find_start(free_starts(c, q), at({2026, 6, 16, 10, 0}))->user_ids == std::vector<std::int64_t>{2, 3, 4});
    // Member 2 is busy then: the unassigned one goes to 3 or 4, so only one of them is left beside it.
    c.busy.push_back({2, at({2026, 6, 16, 9, 30}), at({2026, 6, 16, 11, 30})});
    auto starts = free_starts(c, q);
    CHECK(find_start(starts, at({2026, 6, 16, 10, 0}))->user_ids == std::vector<std::int64_t>{3, 4});
    // A second unassigned one at the same time: 3 and 4 both taken, the time is not offered.
    c.busy.push_back({std::nullopt, at({2026, 6, 16, 10, 15}), at({2026, 6, 16, 10, 45})});
    starts = free_starts(c, q);
    CHECK(find_start(starts, at({2026, 6, 16, 10, 0})) == nullptr);
    // Before and after them, only 2's own appointment (09:30-11:30) counts.
    CHECK(find_start(starts, at({2026, 6, 16, 9, 0}))->user_ids == std::vector<std::int64_t>{3, 4});
    CHECK(find_start(starts, at({2026, 6, 16, 11, 0}))->user_ids == std::vector<std::int64_t>{3, 4});
    CHECK(find_start(starts, at({2026, 6, 16, 11, 30}))->user_ids == std::vector<std::int64_t>{2, 3, 4});
    // The time's refusal reads "taken", not "outside the hours".
    CHECK(why_not_offered(c, q, at({2026, 6, 16, 10, 0})) == Refusal::taken);
}

TEST_CASE("an unassigned appointment goes to whoever could have taken it, leaving the others their times") {
    auto c = demo_calendar();
    auto q = query({2026, 6, 16}, 60, k_monday_morning);
    // 2 has 10:00-11:00; an unassigned 10:30-11:30 can only be 3's, so 3 is not offered 10:00, and 2 is offered
    // 11:00 (its own ended, and the unassigned one is 3's).
    c.busy.push_back({2, at({2026, 6, 16, 10, 0}), at({2026, 6, 16, 11, 0})});
    c.busy.push_back({std::nullopt, at({2026, 6, 16, 10, 30}), at({2026, 6, 16, 11, 30})});
    auto starts = free_starts(c, q);
    CHECK(find_start(starts, at({2026, 6, 16, 10, 0})) == nullptr);
    CHECK(find_start(starts, at({2026, 6, 16, 11, 0}))->user_ids == std::vector<std::int64_t>{2});
    CHECK(find_start(starts, at({2026, 6, 16, 9, 0}))->user_ids == std::vector<std::int64_t>{2, 3});  // 09:00-10:00 meets none
    CHECK(find_start(starts, at({2026, 6, 16, 11, 30}))->user_ids == std::vector<std::int64_t>{2, 3});
}
