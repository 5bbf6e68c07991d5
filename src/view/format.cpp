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

DateFormatter::DateFormatter(const Catalogs& catalogs, std::string locale, std::string time_zone)
    : catalogs_(catalogs), locale_(std::move(locale)), time_zone_(std::move(time_zone)) {}

std::string DateFormatter::day_of_month(unsigned day) const {
    return day == 1 ? catalogs_.text(locale_, "date.first_day") : std::to_string(day);  // French writes "1er"
}

// One date pattern of the catalog ("{weekday} {day} {month} {year}") filled for `t` in the salon's zone;
// `month_key` picks full or short month names.
std::string DateFormatter::dated(domain::Instant t, const char* pattern_key, const char* month_key) const {
    return dated(domain::to_local(t, time_zone_), pattern_key, month_key);
}

std::string DateFormatter::dated(const domain::LocalDateTime& l, const char* pattern_key, const char* month_key) const {
    date::weekday wd{date::sys_days{date::year{l.year} / date::month{l.month} / date::day{l.day}}};
    auto weekday = catalogs_.text(locale_, "date.weekday." + std::to_string(wd.c_encoding()));
    auto day = day_of_month(l.day);
    auto month = catalogs_.text(locale_, std::string(month_key) + std::to_string(l.month));
    auto year = std::to_string(l.year);
    return domain::fill_placeholders(catalogs_.text(locale_, pattern_key), {{"weekday", weekday}, {"day", day}, {"month", month}, {"year", year}});
}

std::string DateFormatter::medium_date(domain::Instant t) const { return dated(t, "date.medium", "date.month."); }
std::string DateFormatter::long_date(domain::Instant t) const { return dated(t, "date.long", "date.month."); }
std::string DateFormatter::short_date(domain::Instant t) const { return dated(t, "date.short", "date.month_short."); }
std::string DateFormatter::medium_day(const domain::Day& day) const {
    return dated(domain::LocalDateTime{day.year, day.month, day.day, 12, 0}, "date.medium", "date.month.");
}

std::string DateFormatter::time(domain::Instant t) const {
    auto l = domain::to_local(t, time_zone_);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02u:%02u", l.hour, l.minute);
    return buf;
}

std::string DateFormatter::date_time(domain::Instant t) const { return long_date(t) + ", " + time(t); }

std::string DateFormatter::input_value(domain::Instant t) const { return domain::format_local_datetime(domain::to_local(t, time_zone_)); }

}  // namespace salonbox::view
