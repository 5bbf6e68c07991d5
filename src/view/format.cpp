#include "view/format.h"

#include "domain/salon_settings.h"
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
        std::string fraction = std::to_string(magnitude % scale);
        number += (french ? "," : ".") + std::string(static_cast<std::size_t>(digits) - fraction.size(), '0') + fraction;
    }
    auto symbol = symbol_of(currency);
    std::string sign = negative ? "-" : "";
    if (french) return sign + number + "\u00a0" + std::string(symbol.empty() ? currency : symbol);
    if (symbol.empty()) return sign + std::string(currency) + "\u00a0" + number;
    return sign + std::string(symbol) + number;
}

std::string format_percent(std::int64_t bp, std::string_view locale) {
    std::string number = std::to_string(bp / 100);
    if (bp % 100) {
        auto rest = std::to_string(bp % 100 + 100).substr(1);
        if (rest.back() == '0') rest.pop_back();
        number += (locale == "fr" ? "," : ".") + rest;
    }
    return number + (locale == "fr" ? std::string(k_narrow_nbsp) + "%" : "%");
}

DateFormatter::DateFormatter(const Catalogs& catalogs, std::string locale, std::string time_zone)
    : catalogs_(catalogs), locale_(std::move(locale)), time_zone_(std::move(time_zone)) {}

namespace {
std::string fill(std::string pattern, std::string_view key, const std::string& value) {
    auto pos = pattern.find(key);
    if (pos != std::string::npos) pattern.replace(pos, key.size(), value);
    return pattern;
}
}  // namespace

std::string DateFormatter::day_of_month(unsigned day) const {
    return day == 1 ? catalogs_.text(locale_, "date.first_day") : std::to_string(day);  // French writes "1er"
}

std::string DateFormatter::medium_date(domain::Instant t) const {
    auto l = domain::to_local(t, time_zone_);
    auto s = catalogs_.text(locale_, "date.medium");
    s = fill(s, "{day}", day_of_month(l.day));
    s = fill(s, "{month}", catalogs_.text(locale_, "date.month." + std::to_string(l.month)));
    return fill(s, "{year}", std::to_string(l.year));
}

std::string DateFormatter::long_date(domain::Instant t) const {
    auto l = domain::to_local(t, time_zone_);
    date::weekday wd{date::sys_days{date::year{l.year} / date::month{l.month} / date::day{l.day}}};
    auto s = catalogs_.text(locale_, "date.long");
    s = fill(s, "{weekday}", catalogs_.text(locale_, "date.weekday." + std::to_string(wd.c_encoding())));
    s = fill(s, "{day}", day_of_month(l.day));
    s = fill(s, "{month}", catalogs_.text(locale_, "date.month." + std::to_string(l.month)));
    return fill(s, "{year}", std::to_string(l.year));
}

std::string DateFormatter::short_date(domain::Instant t) const {
    auto l = domain::to_local(t, time_zone_);
    auto s = catalogs_.text(locale_, "date.short");
    s = fill(s, "{day}", day_of_month(l.day));
    s = fill(s, "{month}", catalogs_.text(locale_, "date.month_short." + std::to_string(l.month)));
    return fill(s, "{year}", std::to_string(l.year));
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
