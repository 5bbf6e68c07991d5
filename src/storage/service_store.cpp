#include "storage/service_store.h"

#include "storage/statement.h"

namespace salonbox::storage::service_store {

namespace {
constexpr const char* k_columns = "SELECT id, name, duration_minutes, price_minor, tax_rate_bp, active FROM services ";

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

std::vector<Service> list(ReadTx& tx) {
    auto st = tx.prepare(std::string(k_columns) + "ORDER BY active DESC, name COLLATE NOCASE, id");
    return read_all(st);
}

std::vector<Service> list_active(ReadTx& tx) {
    auto st = tx.prepare(std::string(k_columns) + "WHERE active = 1 ORDER BY name COLLATE NOCASE, id");
    return read_all(st);
}

std::optional<Service> find(ReadTx& tx, std::int64_t id) {
    auto st = tx.prepare(std::string(k_columns) + "WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_service(st);
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

}  // namespace salonbox::storage::service_store
