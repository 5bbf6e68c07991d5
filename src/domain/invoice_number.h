// Invoice numbering: the salon's pattern ({yyyy} {yy} {mm} and a counter {nnnn}) turned into numbers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace salonbox::domain {

// The counter restarts for each distinct period: "FA{yy}{mm}-{nnnn}" in February 2026 has period "FA2602-{n}",
// so numbering is gapless within a month and starts again at 1 the next month.
std::string invoice_period(std::string_view pattern, int year, unsigned month);
// "FA{yy}{mm}-{nnnn}", 2026, 2, 1 -> "FA2602-0001". A counter wider than its placeholder is written in full.
std::string format_invoice_number(std::string_view pattern, int year, unsigned month, std::int64_t counter);

}  // namespace salonbox::domain
