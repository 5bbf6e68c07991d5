#include "storage/appointment_store.h"

#include "domain/appointment_rules.h"
#include "storage/statement.h"

namespace salonbox::storage {

namespace {
// Which scheduled appointment made the trigger refuse `a`: the staff member's calendar is named first.
StoreError overlap_of(ReadTx& tx, const Appointment& a) {
    return appointment_store::find_conflict(tx, a) == Conflict::staff ? StoreError::staff_overlap : StoreError::animal_overlap;
}
}  // namespace

StoreResult<std::int64_t> appointment_store::insert(WriteTx& tx, const Appointment& a, std::optional<domain::Instant> booked_at) {
    auto st = tx.prepare("INSERT INTO appointments (customer_id, animal_id, service_id, staff_user_id, starts_at, ends_at, status, "
                             "comments, internal_notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    auto written_at = domain::to_unix(booked_at.value_or(tx.now()));
    st.bind(1, a.customer_id);
    st.bind(2, a.animal_id);
    if (a.service_id) st.bind(3, *a.service_id); else st.bind(3);
    if (a.staff_user_id) st.bind(4, *a.staff_user_id); else st.bind(4);
    st.bind(5, domain::to_unix(a.starts_at));
    st.bind(6, domain::to_unix(a.ends_at));
    st.bind(7, a.status);
    st.bind(8, a.comments);
    st.bind(9, a.internal_notes);
    st.bind(10, written_at);
    st.bind(11, written_at);
    try {
        st.exec();
    } catch (const SQLite::Exception& e) {
        if (is_overlap_refusal(e)) return overlap_of(tx, a);
        if (is_staff_missing_refusal(e)) return StoreError::staff_missing;
        throw;
    }
    return tx.last_insert_id();
}

int appointment_store::count_upcoming(ReadTx& tx, domain::Instant now) {
    auto st = tx.prepare("SELECT count(*) FROM appointments WHERE starts_at >= ? AND status = 'scheduled'");
    st.bind(1, domain::to_unix(now));
    st.executeStep();
    return st.getColumn(0).getInt();
}

namespace {
constexpr const char* k_columns =
    "SELECT a.id, a.customer_id, a.animal_id, a.service_id, a.staff_user_id, a.starts_at, a.ends_at, a.status, a.comments, "
    "a.internal_notes";

Appointment read_appointment(Statement& st) {
    Appointment a;
    a.id = st.getColumn(0).getInt64();
    a.customer_id = st.getColumn(1).getInt64();
    a.animal_id = st.getColumn(2).getInt64();
    if (!st.getColumn(3).isNull()) a.service_id = st.getColumn(3).getInt64();
    if (!st.getColumn(4).isNull()) a.staff_user_id = st.getColumn(4).getInt64();
    a.starts_at = domain::from_unix(st.getColumn(5).getInt64());
    a.ends_at = domain::from_unix(st.getColumn(6).getInt64());
    a.status = st.getColumn(7).getString();
    a.comments = st.getColumn(8).getString();
    a.internal_notes = st.getColumn(9).getString();
    return a;
}

constexpr const char* k_animal_columns =
    "SELECT n.id, n.customer_id, n.name, c.first_name || ' ' || c.last_name, "
    "n.archived_at IS NOT NULL OR c.archived_at IS NOT NULL FROM animals n JOIN customers c ON c.id = n.customer_id ";

AnimalChoice read_animal(Statement& st) {
    AnimalChoice a;
    a.id = st.getColumn(0).getInt64();
    a.customer_id = st.getColumn(1).getInt64();
    a.animal_name = st.getColumn(2).getString();
    a.customer_name = st.getColumn(3).getString();
    a.archived = st.getColumn(4).getInt() != 0;
    return a;
}
}  // namespace

std::optional<Appointment> appointment_store::find(ReadTx& tx, std::int64_t id) {
    auto st = tx.prepare(std::string(k_columns) + " FROM appointments a WHERE a.id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_appointment(st);
}

std::optional<CustomerAppointment> appointment_store::find_for_customer(ReadTx& tx, std::int64_t id) {
    auto st = tx.prepare(std::string(k_columns) +
                         ", n.name, coalesce(s.name, ''), coalesce(u.display_name, ''), c.first_name || ' ' || c.last_name, "
                         "coalesce(nullif(c.email, ''), account.email, ''), c.locale, coalesce(account.locale, ''), coalesce(account.active, 0) "
                         "FROM appointments a JOIN animals n ON n.id = a.animal_id JOIN customers c ON c.id = a.customer_id "
                         "LEFT JOIN services s ON s.id = a.service_id LEFT JOIN users u ON u.id = a.staff_user_id "
                         "LEFT JOIN users account ON account.customer_id = c.id WHERE a.id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    CustomerAppointment out;
    out.appointment = read_appointment(st);
    out.animal_name = st.getColumn(10).getString();
    out.service_name = st.getColumn(11).getString();
    out.staff_name = st.getColumn(12).getString();
    out.customer_name = st.getColumn(13).getString();
    out.customer_email = st.getColumn(14).getString();
    out.customer_locale = st.getColumn(15).getString();
    out.account_locale = st.getColumn(16).getString();
    out.has_account = st.getColumn(17).getInt() != 0;
    return out;
}

std::vector<CalendarEntry> appointment_store::calendar(ReadTx& tx, domain::Instant from, domain::Instant to,
                                                       std::optional<std::int64_t> staff_user_id) {
    auto st = tx.prepare(std::string(k_columns) +
                                 ", n.name, c.first_name || ' ' || c.last_name, coalesce(s.name, ''), "
                                 "coalesce(nullif(u.display_name, ''), u.email, '') "
                                 "FROM appointments a JOIN animals n ON n.id = a.animal_id JOIN customers c ON c.id = a.customer_id "
                                 "LEFT JOIN services s ON s.id = a.service_id LEFT JOIN users u ON u.id = a.staff_user_id "
                                 "WHERE a.starts_at < ? AND a.ends_at > ? AND (? IS NULL OR a.staff_user_id = ?) AND a.starts_at >= ? "
                                 "ORDER BY a.starts_at, a.id");
    st.bind(1, domain::to_unix(to));
    st.bind(2, domain::to_unix(from));
    // Only what starts at most one appointment's length before `from` can still run then: the index range stays a
    // day wide instead of reaching back to the salon's first appointment.
    st.bind(5, domain::to_unix(from - domain::k_longest_appointment));
    if (staff_user_id) {
        st.bind(3, *staff_user_id);
        st.bind(4, *staff_user_id);
    }
    std::vector<CalendarEntry> out;
    while (st.executeStep()) {
        CalendarEntry e;
        e.appointment = read_appointment(st);
        e.animal_name = st.getColumn(10).getString();
        e.customer_name = st.getColumn(11).getString();
        e.service_name = st.getColumn(12).getString();
        e.staff_name = st.getColumn(13).getString();
        out.push_back(std::move(e));
    }
    return out;
}

StoreResult<bool> appointment_store::update(WriteTx& tx, const Appointment& a) {
    auto st = tx.prepare("UPDATE appointments SET customer_id = ?, animal_id = ?, service_id = ?, staff_user_id = ?, starts_at = ?, "
                             "ends_at = ?, comments = ?, internal_notes = ?, updated_at = ? WHERE id = ?");
    st.bind(1, a.customer_id);
    st.bind(2, a.animal_id);
    if (a.service_id) st.bind(3, *a.service_id); else st.bind(3);
    if (a.staff_user_id) st.bind(4, *a.staff_user_id); else st.bind(4);
    st.bind(5, domain::to_unix(a.starts_at));
    st.bind(6, domain::to_unix(a.ends_at));
    st.bind(7, a.comments);
    st.bind(8, a.internal_notes);
    st.bind(9, domain::to_unix(tx.now()));
    st.bind(10, a.id);
    try {
        return st.exec() == 1;
    } catch (const SQLite::Exception& e) {
        if (is_overlap_refusal(e)) return overlap_of(tx, a);
        if (is_staff_missing_refusal(e)) return StoreError::staff_missing;
        throw;
    }
}

bool appointment_store::close(WriteTx& tx, std::int64_t id, const std::string& status) {
    auto st = tx.prepare("UPDATE appointments SET status = ?, updated_at = ? WHERE id = ? AND status = 'scheduled'");
    st.bind(1, status);
    st.bind(2, domain::to_unix(tx.now()));
    st.bind(3, id);
    return st.exec() == 1;
}

Conflict appointment_store::find_conflict(ReadTx& tx, const Appointment& a) {
    auto st = tx.prepare("SELECT max(staff_user_id IS ?), max(animal_id = ?) FROM appointments "
                             "WHERE id <> ? AND status = 'scheduled' AND starts_at < ? AND ? < ends_at "
                             "AND (animal_id = ? OR (? IS NOT NULL AND staff_user_id = ?))");
    if (a.staff_user_id) st.bind(1, *a.staff_user_id); else st.bind(1);
    st.bind(2, a.animal_id);
    st.bind(3, a.id);
    st.bind(4, domain::to_unix(a.ends_at));
    st.bind(5, domain::to_unix(a.starts_at));
    st.bind(6, a.animal_id);
    if (a.staff_user_id) {
        st.bind(7, *a.staff_user_id);
        st.bind(8, *a.staff_user_id);
    }
    st.executeStep();
    if (a.staff_user_id && !st.getColumn(0).isNull() && st.getColumn(0).getInt() == 1) return Conflict::staff;
    if (!st.getColumn(1).isNull() && st.getColumn(1).getInt() == 1) return Conflict::animal;
    return Conflict::none;
}

std::vector<AnimalChoice> appointment_store::animal_choices(ReadTx& tx, std::optional<std::int64_t> also_id) {
    auto st = tx.prepare(std::string(k_animal_columns) +
                                 "WHERE (n.archived_at IS NULL AND c.archived_at IS NULL) OR n.id = ? "
                                 "ORDER BY n.name COLLATE NOCASE, c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, n.id");
    if (also_id) st.bind(1, *also_id);
    std::vector<AnimalChoice> out;
    while (st.executeStep()) out.push_back(read_animal(st));
    return out;
}

std::optional<AnimalChoice> appointment_store::find_animal(ReadTx& tx, std::int64_t animal_id) {
    auto st = tx.prepare(std::string(k_animal_columns) + "WHERE n.id = ?");
    st.bind(1, animal_id);
    if (!st.executeStep()) return std::nullopt;
    return read_animal(st);
}

}  // namespace salonbox::storage
