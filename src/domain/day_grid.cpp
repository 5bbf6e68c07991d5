#include "domain/day_grid.h"

#include <algorithm>
#include <numeric>

namespace salonbox::domain {

namespace {
constexpr int k_fallback_opens = 8 * 60;
constexpr int k_fallback_closes = 19 * 60;
constexpr int k_day_minutes = 24 * 60;
}  // namespace

int GridSpan::row_of(int minute) const {
    int clamped = std::clamp(minute, first_minute, std::max(first_minute, end_minute - 1));
    return (clamped - first_minute) / k_grid_row_minutes + 1;
}

GridSpan day_span(const std::vector<TimeRange>& hours, const std::vector<TimeRange>& appointments) {
    int first = hours.empty() ? k_fallback_opens : k_day_minutes;
    int end = hours.empty() ? k_fallback_closes : 0;
    for (const auto& r : hours) {
        first = std::min(first, r.opens_minute);
        end = std::max(end, r.closes_minute);
    }
    for (const auto& a : appointments) {
        first = std::min(first, a.opens_minute);
        end = std::max(end, a.closes_minute);
    }
    first = std::clamp(first / 60 * 60, 0, k_day_minutes - 60);
    end = std::clamp((end + 59) / 60 * 60, first + 60, k_day_minutes);
    return {first, end};
}

std::vector<GridBlock> stack_blocks(const std::vector<TimeRange>& intervals) {
    std::vector<std::size_t> order(intervals.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return intervals[a].opens_minute < intervals[b].opens_minute; });
    std::vector<GridBlock> blocks;
    for (auto i : order) {
        const auto& r = intervals[i];
        if (!blocks.empty() && r.opens_minute < blocks.back().span.closes_minute) {
            auto& last = blocks.back();
            last.span.closes_minute = std::max(last.span.closes_minute, r.closes_minute);
            last.members.push_back(i);
        } else {
            blocks.push_back({r, {i}});
        }
    }
    return blocks;
}

std::vector<TimeRange> working_ranges(const SalonCalendar& calendar, const LocalDate& day, std::optional<std::int64_t> user_id) {
    for (const auto& c : calendar.closures)
        if (c.first_day <= day && day <= c.last_day) return {};
    const auto weekday = iso_weekday(day) - 1;
    if (!user_id) return calendar.hours[weekday];
    for (const auto& m : calendar.team)
        if (m.user_id == *user_id) return m.own_hours ? (*m.own_hours)[weekday] : calendar.hours[weekday];
    return {};
}

}  // namespace salonbox::domain
