#include "storage/service_store.h"

#include "storage/statement.h"

namespace salonbox::storage::service_store {

std::string localized_name_sql(std::string_view service, std::string_view lang) {
    const std::string s(service);
    return "coalesce((SELECT sn.name FROM service_names sn WHERE sn.service_id = " + s + ".id AND sn.lang = " + std::string(lang) + "), " + s +
           ".name)";
}

namespace {
std::string select_columns() {
    return "SELECT id, " + localized_name_sql("services", ":lang") + ", duration_minutes, price_minor, tax_rate_bp, active FROM services ";
}

Service read_service(Statement& st) {
    Service s;
    s.id = st.getColumn(0).getInt64();
    s.name = st.getColumn(1).getString();
    s.duration_minutes = st.getColumn(2).getInt();
    s.price_minor = st.getColumn(3).getInt64();
    s.tax_rate_bp = st.getColumn(4).getInt64();
    s.active = st.getColumn(5).getInt() != 0;
    return s;
}

std::vector<Service> read_all(Statement& st) {
    std::vector<Service> out;
    while (st.executeStep()) out.push_back(read_service(st));
    return out;
}

void bind_fields(Statement& st, const Service& s) {
    st.bind(1, s.name);
    st.bind(2, s.duration_minutes);
    st.bind(3, s.price_minor);
    st.bind(4, s.tax_rate_bp);
    st.bind(5, s.active ? 1 : 0);
}
}  // namespace

std::vector<Service> list(ReadTx& tx, std::string_view lang) {
    auto st = tx.prepare(select_columns() + "ORDER BY active DESC, 2 COLLATE NOCASE, id");
    st.bind(":lang", std::string(lang));
    return read_all(st);
}

std::vector<Service> list_active(ReadTx& tx, std::string_view lang) {
    auto st = tx.prepare(select_columns() + "WHERE active = 1 ORDER BY 2 COLLATE NOCASE, id");
    st.bind(":lang", std::string(lang));
    return read_all(st);
}

std::optional<Service> find(ReadTx& tx, std::int64_t id, std::string_view lang) {
    auto st = tx.prepare(select_columns() + "WHERE id = :id");
    st.bind(":lang", std::string(lang));
    st.bind(":id", id);
    if (!st.executeStep()) return std::nullopt;
    return read_service(st);
}

std::string name_in(ReadTx& tx, std::int64_t id, std::string_view lang) {
    auto found = find(tx, id, lang);
    return found ? found->name : std::string();
}

std::int64_t insert(WriteTx& tx, const Service& s) {
    auto st = tx.prepare("INSERT INTO services (name, duration_minutes, price_minor, tax_rate_bp, active) VALUES (?, ?, ?, ?, ?)");
    bind_fields(st, s);
    st.exec();
    return tx.last_insert_id();
}

bool update(WriteTx& tx, const Service& s) {
    auto st = tx.prepare("UPDATE services SET name = ?, duration_minutes = ?, price_minor = ?, tax_rate_bp = ?, active = ? WHERE id = ?");
    bind_fields(st, s);
    st.bind(6, s.id);
    return st.exec() == 1;
}

ServiceNames other_names(ReadTx& tx, std::int64_t id) {
    auto st = tx.prepare("SELECT lang, name FROM service_names WHERE service_id = ?");
    st.bind(1, id);
    ServiceNames out;
    while (st.executeStep()) out.emplace(st.getColumn(0).getString(), st.getColumn(1).getString());
    return out;
}

void set_other_names(WriteTx& tx, std::int64_t id, const ServiceNames& names) {
    auto clear = tx.prepare("DELETE FROM service_names WHERE service_id = ?");
    clear.bind(1, id);
    clear.exec();
    for (const auto& [lang, name] : names) {
        if (name.empty()) continue;
        auto add = tx.prepare("INSERT INTO service_names (service_id, lang, name) VALUES (?, ?, ?)");
        add.bind(1, id);
        add.bind(2, lang);
        add.bind(3, name);
        add.exec();
    }
}

}  // namespace salonbox::storage::service_store
