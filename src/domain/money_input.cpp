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

std::string decimal_text(std::int64_t minor, int digits, char mark) {
    std::string out = minor < 0 ? "-" : "";
    auto magnitude = minor < 0 ? -minor : minor;
    if (digits <= 0) return out + std::to_string(magnitude);
    std::int64_t scale = 1;
    for (int i = 0; i < digits; ++i) scale *= 10;
    auto fraction = std::to_string(magnitude % scale);
    out += std::to_string(magnitude / scale);
    out += mark;
    out.append(static_cast<std::size_t>(digits) - fraction.size(), '0');
    out += fraction;
    return out;
}

std::string percent_text(std::int64_t basis_points, char mark) {
    auto out = std::to_string(basis_points / 100);
    if (auto rest = basis_points % 100; rest != 0) {
        out += mark;
        if (rest < 10) out += '0';
        out += std::to_string(rest % 10 == 0 ? rest / 10 : rest);
    }
    return out;
}

}  // namespace salonbox::domain
