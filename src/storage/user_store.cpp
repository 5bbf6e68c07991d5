#include "storage/user_store.h"

#include "domain/clock.h"

#include "storage/statement.h"

namespace salonbox::storage::user_store {

namespace {
constexpr const char* k_columns = "SELECT id, email, coalesce(password_hash, ''), role, display_name, locale, customer_id, active FROM users ";

User read_user(Statement& st) {
    User u;
    u.id = st.getColumn(0).getInt64();
    u.email = st.getColumn(1).getString();
    u.password_hash = st.getColumn(2).getString();
    u.role = domain::parse_role(st.getColumn(3).getString()).value_or(domain::Role::customer);
    u.display_name = st.getColumn(4).getString();
    u.locale = st.getColumn(5).getString();
    if (!st.getColumn(6).isNull()) u.customer_id = st.getColumn(6).getInt64();
    u.active = st.getColumn(7).getInt() != 0;
    return u;
}
}  // namespace

std::optional<User> find_by_email(ReadTx& tx, std::string_view email) {
    auto st = tx.prepare(std::string(k_columns) + "WHERE email = ?");
    st.bind(1, std::string(email));
    if (!st.executeStep()) return std::nullopt;
    return read_user(st);
}

std::optional<User> find_by_id(ReadTx& tx, std::int64_t id) {
    auto st = tx.prepare(std::string(k_columns) + "WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_user(st);
}

std::vector<User> list(ReadTx& tx) {
    auto st = tx.prepare(std::string(k_columns) + "ORDER BY role = 'customer', email");
    std::vector<User> out;
    while (st.executeStep()) out.push_back(read_user(st));
    return out;
}

StoreResult<std::int64_t> insert(WriteTx& tx, const User& u) {
    auto st = tx.prepare("INSERT INTO users (email, password_hash, role, display_name, locale, customer_id, active, created_at, "
                             "password_changed_at) VALUES (?, nullif(?, ''), ?, ?, ?, ?, ?, ?, CASE WHEN ? = '' THEN NULL ELSE ? END)");
    auto now = domain::to_unix(tx.now());
    st.bind(1, u.email);
    st.bind(2, u.password_hash);
    st.bind(3, std::string(domain::to_string(u.role)));
    st.bind(4, u.display_name);
    st.bind(5, u.locale);
    if (u.customer_id) st.bind(6, *u.customer_id); else st.bind(6);
    st.bind(7, u.active ? 1 : 0);
    st.bind(8, now);
    st.bind(9, u.password_hash);
    st.bind(10, now);
    try {
        st.exec();
    } catch (const SQLite::Exception& e) {
        if (is_unique_violation(e)) return StoreError::duplicate_email;
        throw;
    }
    return tx.last_insert_id();
}

void set_password_hash(WriteTx& tx, std::int64_t user_id, const std::string& hash) {
    auto st = tx.prepare("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?");
    st.bind(1, hash);
    st.bind(2, domain::to_unix(tx.now()));
    st.bind(3, user_id);
    st.exec();
}

void upgrade_password_hash(WriteTx& tx, std::int64_t user_id, const std::string& old_hash, const std::string& new_hash) {
    auto st = tx.prepare("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?");
    st.bind(1, new_hash);
    st.bind(2, user_id);
    st.bind(3, old_hash);
    st.exec();
}

bool email_taken(ReadTx& tx, std::string_view email) {
    auto st = tx.prepare("SELECT 1 FROM users WHERE email = ?");
    st.bind(1, std::string(email));
    return st.executeStep();
}

std::vector<User> list_staff(ReadTx& tx) {
    auto st = tx.prepare(std::string(k_columns) + "WHERE role IN ('owner', 'manager', 'staff') "
                                                      "ORDER BY active DESC, display_name COLLATE NOCASE, email");
    std::vector<User> out;
    while (st.executeStep()) out.push_back(read_user(st));
    return out;
}

StoreResult<bool> update_staff(WriteTx& tx, const User& u) {
    auto st = tx.prepare("UPDATE users SET display_name = ?, email = ?, role = ?, active = ? "
                             "WHERE id = ? AND role IN ('owner', 'manager', 'staff')");
    st.bind(1, u.display_name);
    st.bind(2, u.email);
    st.bind(3, std::string(domain::to_string(u.role)));
    st.bind(4, u.active ? 1 : 0);
    st.bind(5, u.id);
    try {
        return st.exec() == 1;
    } catch (const SQLite::Exception& e) {
        if (is_unique_violation(e)) return StoreError::duplicate_email;
        throw;
    }
}

int count_active_owners(ReadTx& tx) {
    return static_cast<int>(query_int(tx, "SELECT count(*) FROM users WHERE role = 'owner' AND active = 1"));
}

}  // namespace salonbox::storage::user_store
