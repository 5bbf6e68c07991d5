#include "storage/package_store.h"

#include "storage/statement.h"

#include <map>

namespace salonbox::storage::package_store {

namespace {
domain::Day day_column(Statement& st, int column) { return domain::parse_day(st.getColumn(column).getString()).value_or(domain::Day{1970, 1, 1}); }

void bind_optional(Statement& st, int index, const std::optional<std::int64_t>& value) {
    if (value) st.bind(index, *value); else st.bind(index);
}

void replace_services(WriteTx& tx, std::int64_t type_id, const std::vector<std::int64_t>& service_ids) {
    auto del = tx.prepare("DELETE FROM package_type_services WHERE package_type_id = ?");
    del.bind(1, type_id);
    del.exec();
    for (auto service_id : service_ids) {
        auto ins = tx.prepare("INSERT INTO package_type_services (package_type_id, service_id) VALUES (?, ?)");
        ins.bind(1, type_id);
        ins.bind(2, service_id);
        ins.exec();
    }
}

std::vector<PackageType> read_types(ReadTx& tx, const std::string& where, std::optional<std::int64_t> id) {
    auto st = tx.prepare("SELECT id, name, sessions, price_minor, tax_rate_bp, validity_days, archived_at IS NOT NULL FROM package_types " + where +
                         " ORDER BY archived_at IS NOT NULL, name COLLATE NOCASE, id");
    if (id) st.bind(1, *id);
    std::vector<PackageType> out;
    std::map<std::int64_t, std::size_t> index;
    while (st.executeStep()) {
        PackageType t;
        t.id = st.getColumn(0).getInt64();
        t.name = st.getColumn(1).getString();
        t.sessions = st.getColumn(2).getInt();
        t.price_minor = st.getColumn(3).getInt64();
        t.tax_rate_bp = st.getColumn(4).getInt64();
        t.validity_days = st.getColumn(5).getInt();
        t.archived = st.getColumn(6).getInt() != 0;
        index[t.id] = out.size();
        out.push_back(std::move(t));
    }
    auto services = tx.prepare("SELECT ts.package_type_id, s.id, s.name FROM package_type_services ts JOIN services s ON s.id = ts.service_id "
                               "ORDER BY s.name COLLATE NOCASE, s.id");
    while (services.executeStep()) {
        auto found = index.find(services.getColumn(0).getInt64());
        if (found == index.end()) continue;
        out[found->second].service_ids.push_back(services.getColumn(1).getInt64());
        out[found->second].service_names.push_back(services.getColumn(2).getString());
    }
    return out;
}
}  // namespace

std::vector<PackageType> types(ReadTx& tx, bool with_archived) {
    return read_types(tx, with_archived ? "" : "WHERE archived_at IS NULL", std::nullopt);
}

std::optional<PackageType> find_type(ReadTx& tx, std::int64_t id) {
    auto found = read_types(tx, "WHERE id = ?", id);
    if (found.empty()) return std::nullopt;
    return found.front();
}

std::int64_t insert_type(WriteTx& tx, const PackageType& t) {
    auto st = tx.prepare("INSERT INTO package_types (name, sessions, price_minor, tax_rate_bp, validity_days, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, t.name);
    st.bind(2, t.sessions);
    st.bind(3, t.price_minor);
    st.bind(4, t.tax_rate_bp);
    st.bind(5, t.validity_days);
    st.bind(6, domain::to_unix(tx.now()));
    st.exec();
    auto id = tx.last_insert_id();
    replace_services(tx, id, t.service_ids);
    return id;
}

bool update_type(WriteTx& tx, const PackageType& t) {
    auto st = tx.prepare("UPDATE package_types SET name = ?, sessions = ?, price_minor = ?, tax_rate_bp = ?, validity_days = ? WHERE id = ?");
    st.bind(1, t.name);
    st.bind(2, t.sessions);
    st.bind(3, t.price_minor);
    st.bind(4, t.tax_rate_bp);
    st.bind(5, t.validity_days);
    st.bind(6, t.id);
    if (st.exec() != 1) return false;
    replace_services(tx, t.id, t.service_ids);
    return true;
}

bool set_archived(WriteTx& tx, std::int64_t id, bool archived) {
    auto st = tx.prepare("UPDATE package_types SET archived_at = CASE WHEN ? THEN coalesce(archived_at, ?) END WHERE id = ?");
    st.bind(1, archived ? 1 : 0);
    st.bind(2, domain::to_unix(tx.now()));
    st.bind(3, id);
    return st.exec() == 1;
}

std::int64_t record_sale(WriteTx& tx, const NewSale& s) {
    auto st = tx.prepare(
        "INSERT INTO package_sales (customer_id, package_type_id, name, sessions, price_minor, expires_on, invoice_id, sold_by, sold_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, s.customer_id);
    st.bind(2, s.package_type_id);
    st.bind(3, s.name);
    st.bind(4, s.sessions);
    st.bind(5, s.price_minor);
    st.bind(6, domain::format_day(s.expires_on));
    bind_optional(st, 7, s.invoice_id);
    bind_optional(st, 8, s.sold_by);
    st.bind(9, domain::to_unix(s.sold_at));
    st.exec();
    return tx.last_insert_id();
}

std::vector<CustomerPackage> of_customer(ReadTx& tx, std::int64_t customer_id) {
    // The last session of each package: the newest redemption, its animal by name.
    auto st = tx.prepare(
        "SELECT s.id, s.name, s.sessions, (SELECT count(*) FROM package_redemptions r WHERE r.package_sale_id = s.id), s.expires_on, s.sold_at, "
        "  last.used_at, coalesce(an.name, '') "
        "FROM package_sales s "
        "LEFT JOIN package_redemptions last ON last.id = (SELECT r.id FROM package_redemptions r WHERE r.package_sale_id = s.id "
        "                                                 ORDER BY r.used_at DESC, r.id DESC LIMIT 1) "
        "LEFT JOIN animals an ON an.id = last.animal_id "
        "WHERE s.customer_id = ? ORDER BY s.expires_on DESC, s.id DESC");
    st.bind(1, customer_id);
    std::vector<CustomerPackage> out;
    while (st.executeStep()) {
        CustomerPackage p;
        p.sale_id = st.getColumn(0).getInt64();
        p.name = st.getColumn(1).getString();
        p.sessions = st.getColumn(2).getInt();
        p.used = st.getColumn(3).getInt();
        p.expires_on = day_column(st, 4);
        p.sold_at = domain::from_unix(st.getColumn(5).getInt64());
        if (!st.getColumn(6).isNull()) p.last_used_at = domain::from_unix(st.getColumn(6).getInt64());
        p.last_animal = st.getColumn(7).getString();
        out.push_back(std::move(p));
    }
    return out;
}

namespace {
// The packages of the appointment's customer covering its service with a session left on `?2` (a day), the one
// expiring first first; `?3` narrows to one package when not NULL. Shared by usable_for and redeem, so what the
// completion form offers is what redeeming takes.
constexpr const char* k_usable =
    "FROM appointments a "
    "JOIN package_sales s ON s.customer_id = a.customer_id "
    "JOIN package_type_services ts ON ts.package_type_id = s.package_type_id AND ts.service_id = a.service_id "
    "WHERE a.id = ?1 AND s.expires_on >= ?2 AND (?3 IS NULL OR s.id = ?3) "
    "  AND (SELECT count(*) FROM package_redemptions r WHERE r.package_sale_id = s.id) < s.sessions ";
}  // namespace

std::vector<PackageChoice> usable_for(ReadTx& tx, std::int64_t appointment_id, const domain::Day& day) {
    auto st = tx.prepare(std::string("SELECT s.id, s.name, s.sessions, (SELECT count(*) FROM package_redemptions r WHERE r.package_sale_id = s.id), "
                                     "s.expires_on ") + k_usable + "ORDER BY s.expires_on, s.id");
    st.bind(1, appointment_id);
    st.bind(2, domain::format_day(day));
    st.bind(3);
    std::vector<PackageChoice> out;
    while (st.executeStep()) {
        PackageChoice c;
        c.sale_id = st.getColumn(0).getInt64();
        c.name = st.getColumn(1).getString();
        c.sessions = st.getColumn(2).getInt();
        c.used = st.getColumn(3).getInt();
        c.expires_on = day_column(st, 4);
        out.push_back(std::move(c));
    }
    return out;
}

std::optional<std::int64_t> redeem(WriteTx& tx, std::int64_t appointment_id, std::optional<std::int64_t> sale_id, const domain::Day& day,
                                   std::optional<std::int64_t> recorded_by) {
    auto st = tx.prepare(std::string("INSERT INTO package_redemptions (package_sale_id, appointment_id, animal_id, used_at, recorded_by) "
                                     "SELECT s.id, a.id, a.animal_id, a.starts_at, ?4 ") +
                         k_usable + "ORDER BY s.expires_on, s.id LIMIT 1 ON CONFLICT (appointment_id) DO NOTHING");
    st.bind(1, appointment_id);
    st.bind(2, domain::format_day(day));
    bind_optional(st, 3, sale_id);
    bind_optional(st, 4, recorded_by);
    if (st.exec() != 1) return std::nullopt;
    auto used = tx.prepare("SELECT package_sale_id FROM package_redemptions WHERE id = ?");
    used.bind(1, tx.last_insert_id());
    used.executeStep();
    return used.getColumn(0).getInt64();
}

bool redeem_by_hand(WriteTx& tx, std::int64_t sale_id, std::optional<std::int64_t> animal_id, domain::Instant used_at,
                    std::optional<std::int64_t> recorded_by) {
    auto st = tx.prepare(
        "INSERT INTO package_redemptions (package_sale_id, animal_id, used_at, recorded_by) SELECT s.id, ?, ?, ? FROM package_sales s "
        "WHERE s.id = ? AND (SELECT count(*) FROM package_redemptions r WHERE r.package_sale_id = s.id) < s.sessions");
    bind_optional(st, 1, animal_id);
    st.bind(2, domain::to_unix(used_at));
    bind_optional(st, 3, recorded_by);
    st.bind(4, sale_id);
    return st.exec() == 1;
}

bool release(WriteTx& tx, std::int64_t appointment_id) {
    auto st = tx.prepare("DELETE FROM package_redemptions WHERE appointment_id = ?");
    st.bind(1, appointment_id);
    return st.exec() == 1;
}

std::optional<PackageSession> session_of_appointment(ReadTx& tx, std::int64_t appointment_id) {
    auto st = tx.prepare(
        "SELECT s.id, s.name, s.sessions, (SELECT count(*) FROM package_redemptions o WHERE o.package_sale_id = s.id "
        "  AND (o.used_at < r.used_at OR (o.used_at = r.used_at AND o.id <= r.id))) "
        "FROM package_redemptions r JOIN package_sales s ON s.id = r.package_sale_id WHERE r.appointment_id = ?");
    st.bind(1, appointment_id);
    if (!st.executeStep()) return std::nullopt;
    return PackageSession{st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(3).getInt(), st.getColumn(2).getInt()};
}

}  // namespace salonbox::storage::package_store
