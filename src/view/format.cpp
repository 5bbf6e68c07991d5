#include "view/format.h"

#include "domain/money_input.h"
#include "domain/salon_settings.h"
#include "domain/text.h"
#include "domain/time_zone.h"

#include <date/date.h>

#include <cstdlib>

namespace salonbox::view {

namespace {
constexpr const char* k_narrow_nbsp = "\u202f";

std::string group_thousands(std::int64_t whole, const char* separator) {
    std::string digits = std::to_string(whole);
    std::string out;
    int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += separator;
        out += digits[static_cast<std::size_t>(i)];
    }
    return out;
}

std::string_view symbol_of(std::string_view currency) {
    if (currency == "EUR") return "€";
    if (currency == "USD") return "$";
    if (currency == "GBP") return "£";
    if (currency == "JPY") return "¥";
    return {};
}
}  // namespace

std::string format_money(std::int64_t minor, std::string_view currency, std::string_view locale) {
    int digits = std::max(0, domain::currency_minor_digits(currency));
    std::int64_t scale = 1;
    for (int i = 0; i < digits; ++i) scale *= 10;
    bool negative = minor < 0;
    auto magnitude = std::llabs(minor);
    bool french = locale == "fr";
    std::string number = group_thousands(magnitude / scale, french ? k_narrow_nbsp : ",");
    if (digits > 0) {
        auto whole_and_fraction = domain::decimal_text(magnitude % scale, digits, french ? ',' : '.');
        number += whole_and_fraction.substr(1);  // "0,40" -> ",40"
    }
    auto symbol = symbol_of(currency);
    std::string sign = negative ? "-" : "";
    if (french) return sign + number + "\u00a0" + std::string(symbol.empty() ? currency : symbol);
    if (symbol.empty()) return sign + std::string(currency) + "\u00a0" + number;
    return sign + std::string(symbol) + number;
}

std::string format_percent(std::int64_t bp, std::string_view locale) {
    bool french = locale == "fr";
    return domain::percent_text(bp, french ? ',' : '.') + (french ? std::string(k_narrow_nbsp) + "%" : "%");
}

char decimal_mark(std::string_view locale) { return locale == "fr" ? ',' : '.'; }

DateFormatter::DateFormatter(const Catalogs& catalogs, std::string_view locale, std::string time_zone)
    : words_(catalogs.date_words(locale)), time_zone_(std::move(time_zone)) {}

namespace {
// "14:05" into `out`.
void append_time(std::string& out, const domain::LocalDateTime& l) {
    const char hhmm[5] = {static_cast<char>('0' + l.hour / 10), static_cast<char>('0' + l.hour % 10), ':',
                          static_cast<char>('0' + l.minute / 10), static_cast<char>('0' + l.minute % 10)};
    out.append(hhmm, sizeof hhmm);
}
}  // namespace

// One date pattern of the catalog ("{weekday} {day} {month} {year}") filled for the local day `l`;
// `months` is the full or the short month names.
std::string DateFormatter::dated(const domain::LocalDateTime& l, const std::string& pattern, const std::string* months) const {
    date::weekday wd{date::sys_days{date::year{l.year} / date::month{l.month} / date::day{l.day}}};
    auto day = l.day == 1 ? words_.first_day : std::to_string(l.day);  // French writes "1er"
    return domain::fill_placeholders(pattern, {{"weekday", words_.weekdays[wd.c_encoding()]}, {"day", day}, {"month", months[l.month]},
                                               {"year", std::to_string(l.year)}});
}

std::string DateFormatter::medium_date(domain::Instant t) const { return dated(domain::to_local(t, time_zone_), words_.medium_pattern, words_.months); }
std::string DateFormatter::long_date(domain::Instant t) const { return dated(domain::to_local(t, time_zone_), words_.long_pattern, words_.months); }
std::string DateFormatter::short_date(domain::Instant t) const {
    return dated(domain::to_local(t, time_zone_), words_.short_pattern, words_.short_months);
}
std::string DateFormatter::medium_day(const domain::Day& day) const {
    return dated(domain::LocalDateTime{day.year, day.month, day.day, 12, 0}, words_.medium_pattern, words_.months);
}

std::string DateFormatter::time(domain::Instant t) const {
    std::string out;
    append_time(out, domain::to_local(t, time_zone_));
    return out;
}

std::string DateFormatter::date_time(domain::Instant t) const {
    auto l = domain::to_local(t, time_zone_);
    auto out = dated(l, words_.long_pattern, words_.months);
    out += ", ";
    append_time(out, l);
    return out;
}

std::string DateFormatter::input_value(domain::Instant t) const { return domain::format_local_datetime(domain::to_local(t, time_zone_)); }

}  // namespace salonbox::view
