#include "domain/time_zone.h"

#include <date/tz.h>

#include <charconv>
#include <cstdio>

namespace salonbox::domain {

void set_time_zone_database_folder([[maybe_unused]] const std::string& folder) {
#if !USE_OS_TZDB
    date::set_install(folder);
#endif
}

namespace {
// The zone named `name`. A page shows many times of one salon's zone: the last zone found is kept per thread
// rather than searched by name in the zone list each time (zones live as long as the process).
const date::time_zone* zone_named(std::string_view name) {
    thread_local std::string last_name;
    thread_local const date::time_zone* last_zone = nullptr;
    if (!last_zone || name != last_name) {
        last_zone = date::locate_zone(name);
        last_name = name;
    }
    return last_zone;
}
}  // namespace

LocalDateTime to_local(Instant t, std::string_view time_zone) {
    auto zoned = date::make_zoned(zone_named(time_zone), t);
    auto local = zoned.get_local_time();
    auto day = std::chrono::floor<date::days>(local);
    date::year_month_day ymd{day};
    date::hh_mm_ss hms{local - day};
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
            static_cast<unsigned>(hms.hours().count()), static_cast<unsigned>(hms.minutes().count())};
}

std::optional<Instant> from_local(const LocalDateTime& l, std::string_view time_zone) {
    date::year_month_day ymd{date::year{l.year}, date::month{l.month}, date::day{l.day}};
    if (!ymd.ok() || l.hour > 23 || l.minute > 59) return std::nullopt;
    auto local = date::local_days{ymd} + std::chrono::hours{l.hour} + std::chrono::minutes{l.minute};
    auto info = zone_named(time_zone)->get_info(local);
    switch (info.result) {
        case date::local_info::nonexistent: return std::nullopt;
        case date::local_info::ambiguous:
        case date::local_info::unique:
            return Instant{local.time_since_epoch() - info.first.offset};
    }
    return std::nullopt;
}

LocalDateTime add_days(const LocalDateTime& l, int days) {
    date::year_month_day ymd{date::sys_days{date::year{l.year} / date::month{l.month} / date::day{l.day}} + date::days{days}};
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), l.hour, l.minute};
}

std::optional<LocalDateTime> parse_local_datetime(std::string_view s) {
    // Browsers may add ":SS"; accept and ignore seconds.
    if (s.size() != 16 && s.size() != 19) return std::nullopt;
    if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len, auto& out) {
        auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
        return r.ec == std::errc{} && r.ptr == s.data() + pos + len;
    };
    LocalDateTime l{};
    if (!num(0, 4, l.year) || !num(5, 2, l.month) || !num(8, 2, l.day) || !num(11, 2, l.hour) || !num(14, 2, l.minute))
        return std::nullopt;
    date::year_month_day ymd{date::year{l.year}, date::month{l.month}, date::day{l.day}};
    if (!ymd.ok() || l.hour > 23 || l.minute > 59) return std::nullopt;
    return l;
}

std::string format_local_datetime(const LocalDateTime& l) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u", l.year, l.month, l.day, l.hour, l.minute);
    return buf;
}

}  // namespace salonbox::domain
