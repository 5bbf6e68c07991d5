#include "domain/availability.h"

#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <map>

namespace salonbox::domain {

namespace {
date::local_days local_days_of(const LocalDate& d) {
    return date::local_days{date::year{d.year} / date::month{d.month} / date::day{d.day}};
}

LocalDate from_days(date::local_days days) {
    date::year_month_day ymd{days};
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

bool two_digits(std::string_view s, std::size_t pos, unsigned& out) {
    auto r = std::from_chars(s.data() + pos, s.data() + pos + 2, out);
    return r.ec == std::errc{} && r.ptr == s.data() + pos + 2;
}
}  // namespace

std::optional<LocalDate> parse_local_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    LocalDate d;
    auto r = std::from_chars(s.data(), s.data() + 4, d.year);
    if (r.ec != std::errc{} || r.ptr != s.data() + 4 || !two_digits(s, 5, d.month) || !two_digits(s, 8, d.day)) return std::nullopt;
    if (!date::year_month_day{date::year{d.year}, date::month{d.month}, date::day{d.day}}.ok()) return std::nullopt;
    return d;
}

std::string format_local_date(const LocalDate& d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
    return buf;
}

LocalDate add_days(const LocalDate& d, int days) { return from_days(local_days_of(d) + date::days{days}); }

unsigned iso_weekday(const LocalDate& d) { return date::weekday{local_days_of(d)}.iso_encoding(); }

LocalDate local_date_of(Instant t, std::string_view time_zone) {
    auto l = to_local(t, time_zone);
    return {l.year, l.month, l.day};
}

std::optional<int> parse_time_of_day(std::string_view s) {
    unsigned h = 0, m = 0;
    if (s.size() == 8 && s.substr(5) == ":00") s = s.substr(0, 5);  // browsers may add seconds
    if (s.size() != 5 || s[2] != ':' || !two_digits(s, 0, h) || !two_digits(s, 3, m)) return std::nullopt;
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return static_cast<int>(h * 60 + m);
}

std::string format_time_of_day(int minute) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60, minute % 60);
    return buf;
}

bool ranges_are_valid(const std::vector<TimeRange>& ranges) {
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        const auto& r = ranges[i];
        if (r.opens_minute < 0 || r.closes_minute > 1440 || r.opens_minute >= r.closes_minute) return false;
        if (i > 0 && ranges[i - 1].closes_minute > r.opens_minute) return false;
    }
    return true;
}

std::optional<std::vector<TimeRange>> parse_day_ranges(std::string_view text) {
    auto trimmed = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    };
    std::vector<TimeRange> out;
    while (!text.empty()) {
        auto comma = text.find(',');
        auto part = trimmed(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (part.empty()) continue;
        auto dash = part.find('-');
        if (dash == std::string_view::npos) return std::nullopt;
        auto opens = parse_time_of_day(trimmed(part.substr(0, dash)));
        auto closes = parse_time_of_day(trimmed(part.substr(dash + 1)));
        if (!opens || !closes) return std::nullopt;
        out.push_back({*opens, *closes});
    }
    if (!ranges_are_valid(out)) return std::nullopt;
    return out;
}

std::string format_day_ranges(const std::vector<TimeRange>& ranges) {
    std::string out;
    for (const auto& r : ranges) {
        if (!out.empty()) out += ", ";
        out += format_time_of_day(r.opens_minute) + "-" + format_time_of_day(r.closes_minute);
    }
    return out;
}

bool BookableMember::performs(std::int64_t service_id) const {
    return every_service || std::find(service_ids.begin(), service_ids.end(), service_id) != service_ids.end();
}

bool is_online_booking_mode(std::string_view mode) { return mode == "off" || mode == "request" || mode == "instant"; }

std::optional<Error> check_policy(const BookingPolicy& p) {
    if (p.min_notice_minutes < 0 || p.min_notice_minutes > 30 * 24 * 60) return Error{"min_notice_minutes", "error.notice_range"};
    if (p.horizon_days < 1 || p.horizon_days > 366) return Error{"horizon_days", "error.horizon_range"};
    if (p.slot_step_minutes < 5 || p.slot_step_minutes > 240) return Error{"slot_step_minutes", "error.step_range"};
    if (!is_online_booking_mode(p.online_booking)) return Error{"online_booking", "error.choice_unknown"};
    return std::nullopt;
}

namespace {
// The instant a range's local wall-clock bound stands for. A bound inside a spring-forward gap is the moment
// the clocks jump; a bound that happens twice is its later occurrence, so the range keeps its whole length.
Instant bound_instant(const date::time_zone* zone, date::local_seconds local) {
    auto info = zone->get_info(local);
    switch (info.result) {
        case date::local_info::nonexistent: return std::chrono::floor<std::chrono::seconds>(info.second.begin);
        case date::local_info::ambiguous: return Instant{local.time_since_epoch() - info.second.offset};
        default: return Instant{local.time_since_epoch() - info.first.offset};
    }
}

// A local start time as an instant: none in a gap, the first occurrence when it happens twice.
std::optional<Instant> start_instant(const date::time_zone* zone, date::local_seconds local) {
    auto info = zone->get_info(local);
    if (info.result == date::local_info::nonexistent) return std::nullopt;
    return Instant{local.time_since_epoch() - info.first.offset};
}
}  // namespace

UnassignedCapacity::UnassignedCapacity(const SalonCalendar& calendar) {
    for (const auto& u : calendar.busy) {
        if (u.user_id) continue;
        Unassigned entry{u.from, u.to, {}};
        for (const auto& member : calendar.team) {
            bool busy = std::any_of(calendar.busy.begin(), calendar.busy.end(),
                                    [&](const BusyInterval& b) { return b.user_id == member.user_id && b.from < u.to && u.from < b.to; });
            if (!busy) entry.could_take.push_back(member.user_id);
        }
        unassigned_.push_back(std::move(entry));
    }
}

bool UnassignedCapacity::leaves_room(std::int64_t member, Instant from, Instant to) const {
    std::vector<const Unassigned*> overlapping;
    for (const auto& u : unassigned_)
        if (u.from < to && from < u.to) overlapping.push_back(&u);
    if (overlapping.empty()) return true;
    // A bipartite matching by augmenting paths (a handful of appointments at most): each overlapping appointment
    // gets a different member of its could_take, none of them `member`.
    std::map<std::int64_t, std::size_t> holder;  // member -> index in `overlapping`
    std::vector<std::int64_t> visited;
    std::function<bool(std::size_t)> give = [&](std::size_t i) {
        for (auto candidate : overlapping[i]->could_take) {
            if (candidate == member || std::find(visited.begin(), visited.end(), candidate) != visited.end()) continue;
            visited.push_back(candidate);
            auto held = holder.find(candidate);
            if (held == holder.end() || give(held->second)) {
                holder[candidate] = i;
                return true;
            }
        }
        return false;
    };
    for (std::size_t i = 0; i < overlapping.size(); ++i) {
        visited.clear();
        if (!give(i)) return false;
    }
    return true;
}

std::vector<FreeStart> free_starts(const SalonCalendar& calendar, const AvailabilityQuery& q) {
    std::vector<FreeStart> out;
    if (q.duration_minutes <= 0 || q.policy.slot_step_minutes <= 0) return out;
    auto today = local_date_of(q.now, calendar.time_zone);
    if (q.day < today || q.day > add_days(today, q.policy.horizon_days)) return out;
    for (const auto& c : calendar.closures)
        if (c.first_day <= q.day && q.day <= c.last_day) return out;

    const auto* zone = date::locate_zone(calendar.time_zone);
    auto midnight = date::local_seconds{local_days_of(q.day)};
    auto earliest = q.now + std::chrono::minutes{q.policy.min_notice_minutes};
    auto duration = std::chrono::minutes{q.duration_minutes};
    auto weekday_index = iso_weekday(q.day) - 1;

    // Each local minute is converted once, however many team members work it.
    std::vector<std::optional<std::optional<Instant>>> start_of_minute(24 * 60);
    auto start_at = [&](int minute) {
        auto& cached = start_of_minute[static_cast<std::size_t>(minute)];
        if (!cached) cached = start_instant(zone, midnight + std::chrono::minutes{minute});
        return *cached;
    };
    std::map<std::int64_t, FreeStart> by_start;  // unix seconds -> start
    for (const auto& member : calendar.team) {
        if (q.only_user_id && member.user_id != *q.only_user_id) continue;
        if (!member.performs(q.service_id)) continue;
        std::vector<const BusyInterval*> busy;
        for (const auto& b : calendar.busy)
            if (b.user_id == member.user_id) busy.push_back(&b);
        const auto& ranges = member.own_hours ? (*member.own_hours)[weekday_index] : calendar.hours[weekday_index];
        for (const auto& range : ranges) {
            auto closes = bound_instant(zone, midnight + std::chrono::minutes{range.closes_minute});
            for (int minute = range.opens_minute; minute < range.closes_minute; minute += q.policy.slot_step_minutes) {
                auto start = start_at(minute);
                if (!start || *start < earliest) continue;
                auto end = *start + duration;
                if (end > closes) break;  // later starts end later still
                bool taken = std::any_of(busy.begin(), busy.end(), [&](const BusyInterval* b) { return b->from < end && *start < b->to; });
                if (taken) continue;
                auto& slot = by_start[to_unix(*start)];
                if (slot.user_ids.empty()) {
                    slot.starts_at = *start;
                    slot.local = {q.day.year, q.day.month, q.day.day, static_cast<unsigned>(minute / 60), static_cast<unsigned>(minute % 60)};
                }
                slot.user_ids.push_back(member.user_id);
            }
        }
    }
    const UnassignedCapacity capacity(calendar);
    out.reserve(by_start.size());
    for (auto& [unix, slot] : by_start) {
        std::sort(slot.user_ids.begin(), slot.user_ids.end());
        slot.user_ids.erase(std::unique(slot.user_ids.begin(), slot.user_ids.end()), slot.user_ids.end());
        std::erase_if(slot.user_ids, [&](std::int64_t member) { return !capacity.leaves_room(member, slot.starts_at, slot.starts_at + duration); });
        if (!slot.user_ids.empty()) out.push_back(std::move(slot));
    }
    return out;
}

const FreeStart* find_start(const std::vector<FreeStart>& starts, Instant at, std::optional<std::int64_t> user_id) {
    auto it = std::lower_bound(starts.begin(), starts.end(), at, [](const FreeStart& s, Instant t) { return s.starts_at < t; });
    if (it == starts.end() || it->starts_at != at) return nullptr;
    if (user_id && std::find(it->user_ids.begin(), it->user_ids.end(), *user_id) == it->user_ids.end()) return nullptr;
    return &*it;
}

Refusal why_not_offered(const SalonCalendar& calendar, AvailabilityQuery q, Instant start) {
    q.day = local_date_of(start, calendar.time_zone);
    if (find_start(free_starts(calendar, q), start, q.only_user_id)) return Refusal::none;
    if (start <= q.now) return Refusal::in_past;
    if (start < q.now + std::chrono::minutes{q.policy.min_notice_minutes}) return Refusal::too_soon;
    if (q.day > add_days(local_date_of(q.now, calendar.time_zone), q.policy.horizon_days)) return Refusal::too_far;
    bool closure = std::any_of(calendar.closures.begin(), calendar.closures.end(), [&](const Closure& c) { return c.first_day <= q.day && q.day <= c.last_day; });
    auto weekday_index = iso_weekday(q.day) - 1;
    bool anyone_works = std::any_of(calendar.team.begin(), calendar.team.end(), [&](const BookableMember& m) {
        return !(m.own_hours ? (*m.own_hours)[weekday_index] : calendar.hours[weekday_index]).empty();
    });
    if (closure || !anyone_works) return Refusal::closed_day;
    auto idle = calendar;
    idle.busy.clear();
    return find_start(free_starts(idle, q), start, q.only_user_id) ? Refusal::taken : Refusal::outside_hours;
}

std::string refusal_message_key(Refusal refusal) {
    switch (refusal) {
        case Refusal::in_past: return "error.start_in_past";
        case Refusal::too_soon: return "booking.error.too_soon";
        case Refusal::too_far: return "booking.error.too_far";
        case Refusal::closed_day: return "booking.error.closed_day";
        case Refusal::outside_hours: return "booking.error.outside_hours";
        case Refusal::taken:
        case Refusal::none: break;
    }
    return "booking.error.taken";
}

std::vector<FreeStart> nearest_starts(const std::vector<FreeStart>& starts, Instant target, std::size_t count) {
    std::vector<FreeStart> out(starts);
    auto distance = [&](const FreeStart& s) { return s.starts_at > target ? s.starts_at - target : target - s.starts_at; };
    std::stable_sort(out.begin(), out.end(), [&](const FreeStart& a, const FreeStart& b) { return distance(a) < distance(b); });
    if (out.size() > count) out.resize(count);
    std::sort(out.begin(), out.end(), [](const FreeStart& a, const FreeStart& b) { return a.starts_at < b.starts_at; });
    return out;
}

}  // namespace salonbox::domain
