#include "storage/request_store.h"

#include "storage/statement.h"

namespace salonbox::storage {

std::int64_t request_store::insert(WriteTx& tx, const AppointmentRequest& r) {
    auto st = tx.prepare("INSERT INTO appointment_requests (customer_id, animal_id, starts_at, ends_at, comments, status, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.customer_id);
    st.bind(2, r.animal_id);
    st.bind(3, domain::to_unix(r.starts_at));
    st.bind(4, domain::to_unix(r.ends_at));
    st.bind(5, r.comments);
    st.bind(6, r.status);
    st.bind(7, domain::to_unix(tx.now()));
    st.exec();
    return tx.last_insert_id();
}

int request_store::count_pending(ReadTx& tx) {
    return static_cast<int>(query_int(tx, "SELECT count(*) FROM appointment_requests WHERE status = 'pending'"));
}

namespace {
constexpr const char* k_details =
    "SELECT r.id, r.customer_id, r.animal_id, trim(c.first_name || ' ' || c.last_name), a.name, r.starts_at, r.ends_at, r.created_at, "
    "r.comments, r.status, r.decision_message, r.decided_by, coalesce(nullif(d.display_name, ''), d.email, ''), r.decided_at, "
    "r.appointment_id, coalesce(nullif(c.email, ''), u.email, ''), c.locale, coalesce(u.locale, ''), rs.service_id, rs.staff_user_id "
    "FROM appointment_requests r JOIN customers c ON c.id = r.customer_id JOIN animals a ON a.id = r.animal_id "
    "LEFT JOIN users u ON u.customer_id = r.customer_id LEFT JOIN users d ON d.id = r.decided_by "
    "LEFT JOIN appointment_request_services rs ON rs.request_id = r.id ";

std::optional<std::int64_t> optional_id(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt64();
}

RequestDetails read_details(Statement& st) {
    RequestDetails r;
    r.id = st.getColumn(0).getInt64();
    r.customer_id = st.getColumn(1).getInt64();
    r.animal_id = st.getColumn(2).getInt64();
    r.customer_name = st.getColumn(3).getString();
    r.animal_name = st.getColumn(4).getString();
    r.starts_at = domain::from_unix(st.getColumn(5).getInt64());
    r.ends_at = domain::from_unix(st.getColumn(6).getInt64());
    r.created_at = domain::from_unix(st.getColumn(7).getInt64());
    r.comments = st.getColumn(8).getString();
    r.status = st.getColumn(9).getString();
    r.decision_message = st.getColumn(10).getString();
    r.decided_by = optional_id(st.getColumn(11));
    r.decided_by_name = st.getColumn(12).getString();
    if (!st.getColumn(13).isNull()) r.decided_at = domain::from_unix(st.getColumn(13).getInt64());
    r.appointment_id = optional_id(st.getColumn(14));
    r.customer_email = st.getColumn(15).getString();
    r.customer_locale = st.getColumn(16).getString();
    r.account_locale = st.getColumn(17).getString();
    r.chosen_service_id = optional_id(st.getColumn(18));
    r.chosen_staff_user_id = optional_id(st.getColumn(19));
    return r;
}

std::vector<RequestDetails> read_all(Statement& st) {
    std::vector<RequestDetails> out;
    while (st.executeStep()) out.push_back(read_details(st));
    return out;
}
}  // namespace

std::optional<RequestDetails> request_store::find(ReadTx& tx, std::int64_t id) {
    auto st = tx.prepare(std::string(k_details) + "WHERE r.id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_details(st);
}

std::vector<RequestDetails> request_store::pending(ReadTx& tx, int limit) {
    auto st = tx.prepare(std::string(k_details) + "WHERE r.status = 'pending' ORDER BY r.created_at DESC, r.id DESC LIMIT ?");
    st.bind(1, limit);
    return read_all(st);
}

std::vector<RequestDetails> request_store::decided_since(ReadTx& tx, domain::Instant since, int limit) {
    auto st = tx.prepare(std::string(k_details) +
                                 "WHERE r.status <> 'pending' AND r.decided_at >= ? ORDER BY r.decided_at DESC, r.id DESC LIMIT ?");
    st.bind(1, domain::to_unix(since));
    st.bind(2, limit);
    return read_all(st);
}

bool request_store::decide(WriteTx& tx, std::int64_t id, std::string_view status, std::int64_t decided_by,
                           domain::Instant decided_at, std::string_view message) {
    auto st = tx.prepare("UPDATE appointment_requests SET status = ?, decided_by = ?, decided_at = ?, decision_message = ? "
                             "WHERE id = ? AND status = 'pending'");
    st.bind(1, std::string(status));
    st.bind(2, decided_by);
    st.bind(3, domain::to_unix(decided_at));
    st.bind(4, std::string(message));
    st.bind(5, id);
    return st.exec() == 1;
}

void request_store::link_appointment(WriteTx& tx, std::int64_t id, std::int64_t appointment_id) {
    auto st = tx.prepare("UPDATE appointment_requests SET appointment_id = ? WHERE id = ?");
    st.bind(1, appointment_id);
    st.bind(2, id);
    st.exec();
}

std::vector<Choice> request_store::active_staff(ReadTx& tx) {
    auto st = tx.prepare("SELECT id, coalesce(nullif(display_name, ''), email) AS name FROM users "
                             "WHERE active = 1 AND role IN ('owner', 'manager', 'staff') ORDER BY name COLLATE NOCASE, id");
    std::vector<Choice> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    return out;
}

std::vector<request_store::ServiceChoice> request_store::active_services(ReadTx& tx) {
    auto st = tx.prepare("SELECT id, name, duration_minutes FROM services WHERE active = 1 ORDER BY name COLLATE NOCASE, id");
    std::vector<ServiceChoice> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getInt()});
    return out;
}

Clash request_store::clash(ReadTx& tx, std::int64_t staff_user_id, std::int64_t animal_id, domain::Instant starts_at,
                           domain::Instant ends_at) {
    auto st = tx.prepare("SELECT max(staff_user_id = ?1), max(animal_id = ?2) FROM appointments "
                             "WHERE status = 'scheduled' AND starts_at < ?4 AND ?3 < ends_at AND (staff_user_id = ?1 OR animal_id = ?2)");
    st.bind(1, staff_user_id);
    st.bind(2, animal_id);
    st.bind(3, domain::to_unix(starts_at));
    st.bind(4, domain::to_unix(ends_at));
    st.executeStep();
    if (st.getColumn(0).getInt() == 1) return Clash::staff;
    if (st.getColumn(1).getInt() == 1) return Clash::animal;
    return Clash::none;
}

}  // namespace salonbox::storage
