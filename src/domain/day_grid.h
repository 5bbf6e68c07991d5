// The admin day grid's geometry: which quarter hours of a day it shows, the row of a time, and how
// appointments of one column stack into blocks. Pure: minutes after local midnight in, rows out.
#pragma once

#include "domain/availability.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace salonbox::domain {

// Every row of the grid is this many minutes long.
constexpr int k_grid_row_minutes = 15;

// The minutes a day grid shows, [first_minute, end_minute), both on whole hours.
struct GridSpan {
    int first_minute = 0;
    int end_minute = 0;
    int rows() const { return (end_minute - first_minute) / k_grid_row_minutes; }
    // 1-based row holding `minute`, clamped into the span.
    int row_of(int minute) const;
};

// From the earliest opening to the latest closing of `hours`, widened to every interval of `appointments`,
// rounded out to whole hours; 08:00-19:00 (widened the same way) when the day has no hours at all.
GridSpan day_span(const std::vector<TimeRange>& hours, const std::vector<TimeRange>& appointments);

// Appointments that overlap in one column share one block spanning all of them, so a column never draws two
// blocks over each other (the database refuses overlaps of scheduled appointments, not of closed ones).
struct GridBlock {
    TimeRange span;
    std::vector<std::size_t> members;  // indexes into the input, in start order
};
std::vector<GridBlock> stack_blocks(const std::vector<TimeRange>& intervals);

// The ranges `user_id` works on `day` (their own hours, else the salon's; none on a closure or for someone
// who takes no bookings); without a user, the salon's own ranges that day.
std::vector<TimeRange> working_ranges(const SalonCalendar& calendar, const LocalDate& day, std::optional<std::int64_t> user_id);

}  // namespace salonbox::domain
