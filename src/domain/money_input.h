// Amounts and percentages as staff type them ("12.50", "12,5", "20") turned into exact integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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

// The other way round, as a form shows a value back or a file writes it: decimal_text(-1250, 2, ',') ==
// "-12,50"; digits <= 0 writes a whole number. Grouping and symbols are view::format_money's business.
std::string decimal_text(std::int64_t minor, int digits, char mark = '.');
// Basis points as a percentage without needless zeros: 2000 -> "20", 550 -> "5.5", 525 -> "5.25".
std::string percent_text(std::int64_t basis_points, char mark = '.');

}  // namespace salonbox::domain
