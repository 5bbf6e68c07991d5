#include "domain/money_input.h"

#include "domain/salon_settings.h"
#include "domain/text.h"

#include <string>

namespace salonbox::domain {

std::optional<std::int64_t> parse_decimal(std::string_view text, int digits) {
    if (digits < 0 || digits > 6) return std::nullopt;
    auto s = trim(text);
    auto separator = s.find_first_of(".,");
    std::string_view whole = std::string_view(s).substr(0, separator);
    std::string_view fraction = separator == std::string::npos ? std::string_view{} : std::string_view(s).substr(separator + 1);
    auto all_digits = [](std::string_view part) {
        for (char c : part)
            if (c < '0' || c > '9') return false;
        return true;
    };
    if (whole.empty() || whole.size() > 12 || !all_digits(whole)) return std::nullopt;
    if (separator != std::string::npos && (fraction.empty() || !all_digits(fraction))) return std::nullopt;
    if (fraction.size() > static_cast<std::size_t>(digits)) return std::nullopt;
    std::int64_t value = 0;
    for (char c : whole) value = value * 10 + (c - '0');
    for (int i = 0; i < digits; ++i) {
        value *= 10;
        if (static_cast<std::size_t>(i) < fraction.size()) value += fraction[i] - '0';
    }
    return value;
}

std::optional<std::int64_t> parse_money(std::string_view text, std::string_view currency) {
    auto digits = currency_minor_digits(currency);
    if (digits < 0) return std::nullopt;
    return parse_decimal(text, digits);
}

std::optional<std::int64_t> parse_percent_basis_points(std::string_view text) {
    auto bp = parse_decimal(text, 2);
    if (!bp || *bp > 10000) return std::nullopt;
    return bp;
}

}  // namespace salonbox::domain
