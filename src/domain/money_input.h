// Amounts and percentages as staff type them ("12.50", "12,5", "20") turned into exact integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace salonbox::domain {

// A non-negative decimal with at most `digits` decimals, '.' or ',' as the separator, surrounding spaces
// ignored, as an integer scaled by 10^digits: parse_decimal("12,5", 2) == 1250. Nothing for anything else
// (empty, signs, letters, thousands separators, more decimals than `digits`, above 10^12 before scaling).
std::optional<std::int64_t> parse_decimal(std::string_view text, int digits);

// A price typed in `currency` (ISO 4217) as minor units, with that currency's number of decimals
// ("55" -> 5500 in EUR, 55 in JPY). Nothing when the text is not a price or the currency is unknown.
std::optional<std::int64_t> parse_money(std::string_view text, std::string_view currency);

// A percentage ("20", "5.5") as basis points (2000, 550); 0 to 100 %.
std::optional<std::int64_t> parse_percent_basis_points(std::string_view text);

}  // namespace salonbox::domain
