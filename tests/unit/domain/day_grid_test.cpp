#include "domain/day_grid.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

TEST_CASE("the day grid runs from the first opening to the last closing, on whole hours") {
    auto span = day_span({{9 * 60, 12 * 60 + 30}, {13 * 60 + 30, 18 * 60}}, {});
    CHECK(span.first_minute == 9 * 60);
    CHECK(span.end_minute == 18 * 60);
    CHECK(span.rows() == 36);
    CHECK(span.row_of(9 * 60) == 1);
    CHECK(span.row_of(9 * 60 + 14) == 1);
    CHECK(span.row_of(9 * 60 + 15) == 2);
    CHECK(span.row_of(17 * 60 + 45) == 36);
    // Times outside the span sit on its first or last row.
    CHECK(span.row_of(6 * 60) == 1);
    CHECK(span.row_of(20 * 60) == 36);
}

TEST_CASE("a day without hours shows 08:00-19:00, and appointments outside the hours widen the grid") {
    auto closed = day_span({}, {});
    CHECK(closed.first_minute == 8 * 60);
    CHECK(closed.end_minute == 19 * 60);
    auto early_and_late = day_span({{9 * 60, 18 * 60}}, {{7 * 60 + 30, 8 * 60 + 15}, {18 * 60 + 30, 19 * 60 + 10}});
    CHECK(early_and_late.first_minute == 7 * 60);
    CHECK(early_and_late.end_minute == 20 * 60);
    auto closed_with_one = day_span({}, {{20 * 60, 21 * 60}});
    CHECK(closed_with_one.first_minute == 8 * 60);
    CHECK(closed_with_one.end_minute == 21 * 60);
    // Midnight is the end of the grid at the latest.
    auto till_midnight = day_span({}, {{23 * 60, 24 * 60}});
    CHECK(till_midnight.end_minute == 24 * 60);
}

TEST_CASE("overlapping appointments of a column share one block, in start order") {
    auto blocks = stack_blocks({{14 * 60, 15 * 60}, {9 * 60, 10 * 60}, {14 * 60 + 30, 16 * 60}, {15 * 60 + 30, 15 * 60 + 45}, {16 * 60, 17 * 60}});
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0].span == TimeRange{9 * 60, 10 * 60});
    CHECK(blocks[0].members == std::vector<std::size_t>{1});
    CHECK(blocks[1].span == TimeRange{14 * 60, 16 * 60});
    CHECK(blocks[1].members == std::vector<std::size_t>{0, 2, 3});
    // One that starts when the block ends is a block of its own.
    CHECK(blocks[2].span == TimeRange{16 * 60, 17 * 60});
    CHECK(stack_blocks({}).empty());
}

TEST_CASE("a column works its own hours, else the salon's, and nobody works on a closure") {
    SalonCalendar calendar;
    calendar.time_zone = "Europe/Paris";
    calendar.hours[1] = {{9 * 60, 18 * 60}};  // Tuesday
    WeeklyHours mornings;
    mornings[1] = {{8 * 60, 12 * 60}};
    BookableMember salon_hours, own_hours;
    salon_hours.user_id = 7;
    own_hours.user_id = 8;
    own_hours.own_hours = mornings;
    calendar.team = {salon_hours, own_hours};
    const LocalDate tuesday{2026, 12, 1};
    CHECK(working_ranges(calendar, tuesday, std::nullopt) == std::vector<TimeRange>{{9 * 60, 18 * 60}});
    CHECK(working_ranges(calendar, tuesday, 7) == std::vector<TimeRange>{{9 * 60, 18 * 60}});
    CHECK(working_ranges(calendar, tuesday, 8) == std::vector<TimeRange>{{8 * 60, 12 * 60}});
    CHECK(working_ranges(calendar, tuesday, 99).empty());
    CHECK(working_ranges(calendar, add_days(tuesday, -1), 7).empty());  // Monday: closed
    calendar.closures = {{tuesday, tuesday, "Inventory"}};
    CHECK(working_ranges(calendar, tuesday, 8).empty());
    CHECK(working_ranges(calendar, tuesday, std::nullopt).empty());
}
