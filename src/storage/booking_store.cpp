#include "storage/booking_store.h"

#include "storage/appointment_store.h"
#include "storage/service_store.h"
#include "storage/statement.h"

#include <algorithm>
#include <map>

namespace salonbox::storage::booking_store {

domain::BookingPolicy load_policy(ReadTx& tx) {
    domain::BookingPolicy p;
    auto st = tx.prepare("SELECT min_notice_minutes, horizon_days, slot_step_minutes, online_booking, requests_outside_slots "
                         "FROM booking_policy WHERE id = 1");
    if (!st.executeStep()) return p;
    p.min_notice_minutes = st.getColumn(0).getInt();
    p.horizon_days = st.getColumn(1).getInt();
    p.slot_step_minutes = st.getColumn(2).getInt();
    p.online_booking = st.getColumn(3).getString();
    p.requests_outside_slots = st.getColumn(4).getInt() != 0;
    return p;
}

void save_policy(WriteTx& tx, const domain::BookingPolicy& p) {
    auto st = tx.prepare("INSERT INTO booking_policy (id, min_notice_minutes, horizon_days, slot_step_minutes, online_booking, "
                         "requests_outside_slots) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                         "min_notice_minutes = excluded.min_notice_minutes, horizon_days = excluded.horizon_days, "
                         "slot_step_minutes = excluded.slot_step_minutes, online_booking = excluded.online_booking, "
                         "requests_outside_slots = excluded.requests_outside_slots");
    st.bind(1, p.min_notice_minutes);
    st.bind(2, p.horizon_days);
    st.bind(3, p.slot_step_minutes);
    st.bind(4, p.online_booking);
    st.bind(5, p.requests_outside_slots ? 1 : 0);
    st.exec();
}

namespace {
domain::WeeklyHours read_hours(Statement& st) {
    domain::WeeklyHours h;
    while (st.executeStep()) {
        auto weekday = st.getColumn(0).getInt();
        if (weekday < 1 || weekday > 7) continue;
        h[static_cast<std::size_t>(weekday - 1)].push_back({st.getColumn(1).getInt(), st.getColumn(2).getInt()});
    }
    return h;
}

template <class BindOwner>
void write_hours(WriteTx& tx, const char* sql, const domain::WeeklyHours& hours, BindOwner bind_owner) {
    for (std::size_t d = 0; d < hours.size(); ++d)
        for (const auto& r : hours[d]) {
            auto st = tx.prepare(sql);
            int next = bind_owner(st);
            st.bind(next, static_cast<int>(d + 1));
            st.bind(next + 1, r.opens_minute);
            st.bind(next + 2, r.closes_minute);
            st.exec();
        }
}
}  // namespace

domain::WeeklyHours load_hours(ReadTx& tx) {
    auto st = tx.prepare("SELECT weekday, opens_minute, closes_minute FROM opening_hours ORDER BY weekday, opens_minute");
    return read_hours(st);
}

void save_hours(WriteTx& tx, const domain::WeeklyHours& hours) {
    tx.prepare("DELETE FROM opening_hours").exec();
    write_hours(tx, "INSERT INTO opening_hours (weekday, opens_minute, closes_minute) VALUES (?, ?, ?)", hours, [](Statement&) { return 1; });
}

std::vector<StoredClosure> closures(ReadTx& tx) {
    auto st = tx.prepare("SELECT id, first_day, last_day, label FROM closures ORDER BY first_day, id");
    std::vector<StoredClosure> out;
    while (st.executeStep()) {
        auto first = domain::parse_local_date(st.getColumn(1).getString());
        auto last = domain::parse_local_date(st.getColumn(2).getString());
        if (!first || !last) continue;
        out.push_back({st.getColumn(0).getInt64(), {*first, *last, st.getColumn(3).getString()}});
    }
    return out;
}

std::int64_t add_closure(WriteTx& tx, const domain::Closure& c) {
    auto st = tx.prepare("INSERT INTO closures (first_day, last_day, label) VALUES (?, ?, ?)");
    st.bind(1, domain::format_local_date(c.first_day));
    st.bind(2, domain::format_local_date(c.last_day));
    st.bind(3, c.label);
    st.exec();
    return tx.last_insert_id();
}

bool delete_closure(WriteTx& tx, std::int64_t id) {
    auto st = tx.prepare("DELETE FROM closures WHERE id = ?");
    st.bind(1, id);
    return st.exec() == 1;
}

TeamAvailability load_team_member(ReadTx& tx, std::int64_t user_id) {
    TeamAvailability t;
    t.user_id = user_id;
    auto st = tx.prepare("SELECT takes_bookings, own_hours, every_service FROM staff_booking WHERE user_id = ?");
    st.bind(1, user_id);
    if (st.executeStep()) {
        t.takes_bookings = st.getColumn(0).getInt() != 0;
        t.own_hours = st.getColumn(1).getInt() != 0;
        t.every_service = st.getColumn(2).getInt() != 0;
    }
    auto hours = tx.prepare("SELECT weekday, opens_minute, closes_minute FROM staff_hours WHERE user_id = ? ORDER BY weekday, opens_minute");
    hours.bind(1, user_id);
    t.hours = read_hours(hours);
    auto services = tx.prepare("SELECT service_id FROM staff_services WHERE user_id = ? ORDER BY service_id");
    services.bind(1, user_id);
    while (services.executeStep()) t.service_ids.push_back(services.getColumn(0).getInt64());
    return t;
}

void save_team_member(WriteTx& tx, const TeamAvailability& t) {
    auto st = tx.prepare("INSERT INTO staff_booking (user_id, takes_bookings, own_hours, every_service) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (user_id) DO UPDATE SET takes_bookings = excluded.takes_bookings, own_hours = excluded.own_hours, "
                         "every_service = excluded.every_service");
    st.bind(1, t.user_id);
    st.bind(2, t.takes_bookings ? 1 : 0);
    st.bind(3, t.own_hours ? 1 : 0);
    st.bind(4, t.every_service ? 1 : 0);
    st.exec();
    auto clear_hours = tx.prepare("DELETE FROM staff_hours WHERE user_id = ?");
    clear_hours.bind(1, t.user_id);
    clear_hours.exec();
    write_hours(tx, "INSERT INTO staff_hours (user_id, weekday, opens_minute, closes_minute) VALUES (?, ?, ?, ?)", t.hours, [&](Statement& s) {
        s.bind(1, t.user_id);
        return 2;
    });
    auto clear_services = tx.prepare("DELETE FROM staff_services WHERE user_id = ?");
    clear_services.bind(1, t.user_id);
    clear_services.exec();
    for (auto id : t.service_ids) {
        auto add = tx.prepare("INSERT OR IGNORE INTO staff_services (user_id, service_id) SELECT ?, id FROM services WHERE id = ?");
        add.bind(1, t.user_id);
        add.bind(2, id);
        add.exec();
    }
}

namespace {
constexpr const char* k_bookable =
    "FROM users u JOIN staff_booking b ON b.user_id = u.id WHERE u.active = 1 AND u.role IN ('owner', 'manager', 'staff') "
    "AND b.takes_bookings = 1 ";
}

std::vector<BookableName> bookable_names(ReadTx& tx, std::optional<std::int64_t> service_id) {
    auto st = tx.prepare(std::string("SELECT u.id, coalesce(nullif(u.display_name, ''), u.email) ") + k_bookable +
                         "AND (?1 IS NULL OR b.every_service = 1 OR EXISTS (SELECT 1 FROM staff_services s WHERE s.user_id = u.id AND s.service_id = ?1)) "
                         "ORDER BY coalesce(nullif(u.display_name, ''), u.email) COLLATE NOCASE, u.id");
    if (service_id) st.bind(1, *service_id);
    std::vector<BookableName> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    return out;
}

domain::SalonCalendar load_calendar(ReadTx& tx, const std::string& time_zone, const domain::LocalDate& day,
                                    std::optional<std::int64_t> except_id) {
    domain::SalonCalendar c;
    c.time_zone = time_zone;
    c.hours = load_hours(tx);
    for (auto& s : closures(tx)) c.closures.push_back(std::move(s.closure));
    auto team = tx.prepare(std::string("SELECT u.id ") + k_bookable + "ORDER BY u.id");
    std::vector<std::int64_t> ids;
    while (team.executeStep()) ids.push_back(team.getColumn(0).getInt64());
    for (auto id : ids) {
        auto terms = load_team_member(tx, id);
        domain::BookableMember m;
        m.user_id = id;
        if (terms.own_hours) m.own_hours = terms.hours;
        m.every_service = terms.every_service;
        m.service_ids = terms.service_ids;
        c.team.push_back(std::move(m));
    }
    // Whatever the zone's offset (at most 14 hours), the local day lies within a day either side of its UTC date.
    auto utc_midnight = domain::from_local({day.year, day.month, day.day, 0, 0}, "UTC");
    auto from = *utc_midnight - std::chrono::hours(24);
    auto to = *utc_midnight + std::chrono::hours(48);
    // Appointments without a groomer (kept from before every appointment had one) come too: each takes one.
    auto busy = tx.prepare("SELECT staff_user_id, starts_at, ends_at FROM appointments WHERE status = 'scheduled' "
                           "AND starts_at < ? AND ends_at > ? AND id IS NOT ?");
    busy.bind(1, domain::to_unix(to));
    busy.bind(2, domain::to_unix(from));
    if (except_id) busy.bind(3, *except_id);
    while (busy.executeStep()) {
        std::optional<std::int64_t> staff;
        if (!busy.getColumn(0).isNull()) staff = busy.getColumn(0).getInt64();
        c.busy.push_back({staff, domain::from_unix(busy.getColumn(1).getInt64()), domain::from_unix(busy.getColumn(2).getInt64())});
    }
    return c;
}

namespace {
std::vector<domain::FreeStart> starts_for(ReadTx& tx, const std::string& time_zone, const Service& service, const domain::LocalDate& day,
                                          domain::Instant now, std::optional<std::int64_t> staff_user_id, std::optional<std::int64_t> except_id,
                                          bool ignore_notice) {
    domain::AvailabilityQuery q;
    q.day = day;
    q.service_id = service.id;
    q.duration_minutes = service.duration_minutes;
    q.only_user_id = staff_user_id;
    q.now = now;
    q.policy = load_policy(tx);
    if (ignore_notice) q.policy.min_notice_minutes = 0;
    return domain::free_starts(load_calendar(tx, time_zone, day, except_id), q);
}
}  // namespace

std::vector<domain::FreeStart> free_starts(ReadTx& tx, const std::string& time_zone, std::int64_t service_id, const domain::LocalDate& day,
                                           domain::Instant now, std::optional<std::int64_t> staff_user_id) {
    auto service = service_store::find(tx, service_id);
    if (!service || !service->active) return {};
    return starts_for(tx, time_zone, *service, day, now, staff_user_id, std::nullopt, false);
}

domain::Refusal why_not_offered(ReadTx& tx, const std::string& time_zone, const Service& service, std::optional<std::int64_t> staff_user_id,
                                domain::Instant now, domain::Instant start) {
    domain::AvailabilityQuery q;
    q.service_id = service.id;
    q.duration_minutes = service.duration_minutes;
    q.only_user_id = staff_user_id;
    q.now = now;
    q.policy = load_policy(tx);
    return domain::why_not_offered(load_calendar(tx, time_zone, domain::local_date_of(start, time_zone)), q, start);
}

std::map<std::int64_t, std::vector<domain::Instant>> free_cells(ReadTx& tx, const std::string& time_zone, const domain::LocalDate& day,
                                                                 domain::Instant now) {
    auto calendar = load_calendar(tx, time_zone, day);
    for (auto& m : calendar.team) m.every_service = true;
    domain::AvailabilityQuery q;
    q.day = day;
    q.now = now;
    q.policy = load_policy(tx);
    q.policy.min_notice_minutes = 0;
    q.duration_minutes = q.policy.slot_step_minutes;
    std::map<std::int64_t, std::vector<domain::Instant>> out;
    for (const auto& start : domain::free_starts(calendar, q))
        for (auto id : start.user_ids) out[id].push_back(start.starts_at);
    return out;
}

namespace {
// Of `user_ids`, the one with the fewest scheduled appointments on the local day of `starts_at` (all but
// `except_id`), then the lowest id: the same inputs always give the same groomer.
std::int64_t least_busy(ReadTx& tx, const std::string& time_zone, const std::vector<std::int64_t>& user_ids, domain::Instant starts_at,
                        std::optional<std::int64_t> except_id) {
    auto day = domain::local_date_of(starts_at, time_zone);
    std::map<std::int64_t, int> load;
    auto st = tx.prepare("SELECT staff_user_id, count(*) FROM appointments WHERE status = 'scheduled' AND staff_user_id IS NOT NULL "
                         "AND starts_at >= ? AND starts_at < ? AND id IS NOT ? GROUP BY staff_user_id");
    auto midnight = domain::from_local({day.year, day.month, day.day, 0, 0}, time_zone).value_or(starts_at - std::chrono::hours(12));
    auto next = domain::add_days(day, 1);
    auto next_midnight = domain::from_local({next.year, next.month, next.day, 0, 0}, time_zone).value_or(midnight + std::chrono::hours(24));
    st.bind(1, domain::to_unix(midnight));
    st.bind(2, domain::to_unix(next_midnight));
    if (except_id) st.bind(3, *except_id);
    while (st.executeStep()) load[st.getColumn(0).getInt64()] = st.getColumn(1).getInt();
    return *std::min_element(user_ids.begin(), user_ids.end(),
                             [&](std::int64_t a, std::int64_t b) { return std::pair{load[a], a} < std::pair{load[b], b}; });
}

// The last step of both placements: updates `a` when it has an id, inserts it otherwise (the triggers may
// still refuse it), and names the row written.
StoreResult<Placement> write_placed(WriteTx& tx, Appointment a) {
    if (a.id != 0) {
        auto updated = appointment_store::update(tx, a);
        if (!updated) return updated.error();
    } else {
        auto inserted = appointment_store::insert(tx, a);
        if (!inserted) return inserted.error();
        a.id = inserted.value();
    }
    return Placement{a.id, a.staff_user_id.value_or(0), a.starts_at, a.ends_at};
}
}  // namespace

StoreResult<Placement> place(WriteTx& tx, const std::string& time_zone, const SlotRequest& r) {
    auto service = service_store::find(tx, r.service_id);
    if (!service || !service->active) return StoreError::slot_taken;
    auto day = domain::local_date_of(r.starts_at, time_zone);
    auto starts = starts_for(tx, time_zone, *service, day, tx.now(), r.staff_user_id, r.appointment_id, r.ignore_notice);
    const auto* slot = domain::find_start(starts, r.starts_at, r.staff_user_id);
    if (!slot) return StoreError::slot_taken;

    std::int64_t staff = slot->user_ids.front();
    if (!r.staff_user_id && slot->user_ids.size() > 1) staff = least_busy(tx, time_zone, slot->user_ids, r.starts_at, r.appointment_id);

    Appointment a;
    if (r.appointment_id) {
        auto existing = appointment_store::find(tx, *r.appointment_id);
        if (!existing || existing->status != "scheduled") return StoreError::slot_taken;
        a = *existing;
    } else {
        a.customer_id = r.customer_id;
        a.animal_id = r.animal_id;
        a.comments = r.comments;
    }
    a.service_id = service->id;
    a.staff_user_id = staff;
    a.starts_at = r.starts_at;
    a.ends_at = r.starts_at + std::chrono::minutes(service->duration_minutes);
    return write_placed(tx, std::move(a));
}

StoreResult<Placement> place_as_staff(WriteTx& tx, const std::string& time_zone, Appointment a) {
    std::optional<std::int64_t> self_id;
    if (a.id != 0) self_id = a.id;
    if (a.status.empty() || a.status == "scheduled") {
        // The appointments without a groomer take team members too, as they do for the customers' free starts.
        const domain::UnassignedCapacity capacity(load_calendar(tx, time_zone, domain::local_date_of(a.starts_at, time_zone), self_id));
        auto is_free = [&](std::int64_t member) {
            auto candidate = a;
            candidate.staff_user_id = member;
            return appointment_store::find_conflict(tx, candidate) != Conflict::staff && capacity.leaves_room(member, a.starts_at, a.ends_at);
        };
        if (a.staff_user_id) {
            if (!is_free(*a.staff_user_id)) return StoreError::slot_taken;
        } else {
            std::vector<std::int64_t> free;
            for (const auto& member : bookable_names(tx, a.service_id))
                if (is_free(member.user_id)) free.push_back(member.user_id);
            if (free.empty()) return StoreError::slot_taken;
            a.staff_user_id = least_busy(tx, time_zone, free, a.starts_at, self_id);
        }
    }
    return write_placed(tx, std::move(a));
}

void set_request_service(WriteTx& tx, std::int64_t request_id, std::int64_t service_id, std::optional<std::int64_t> staff_user_id) {
    auto st = tx.prepare("INSERT OR REPLACE INTO appointment_request_services (request_id, service_id, staff_user_id) VALUES (?, ?, ?)");
    st.bind(1, request_id);
    st.bind(2, service_id);
    if (staff_user_id) st.bind(3, *staff_user_id); else st.bind(3);
    st.exec();
}

std::optional<RequestService> request_service(ReadTx& tx, std::int64_t request_id) {
    auto st = tx.prepare("SELECT service_id, staff_user_id FROM appointment_request_services WHERE request_id = ?");
    st.bind(1, request_id);
    if (!st.executeStep()) return std::nullopt;
    RequestService r{st.getColumn(0).getInt64(), std::nullopt};
    if (!st.getColumn(1).isNull()) r.staff_user_id = st.getColumn(1).getInt64();
    return r;
}

}  // namespace salonbox::storage::booking_store
