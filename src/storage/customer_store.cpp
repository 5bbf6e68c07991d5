#include "storage/customer_store.h"

#include "domain/clock.h"

#include <SQLiteCpp/Statement.h>

namespace salonbox::storage {

std::int64_t customer_store::insert(SQLite::Database& db, const Customer& c) {
    SQLite::Statement st(db, "INSERT INTO customers (first_name, last_name, email, phone, address, locale, notes, created_at) "
                             "VALUES (?, ?, nullif(?, ''), ?, ?, ?, ?, ?)");
    st.bind(1, c.first_name);
    st.bind(2, c.last_name);
    st.bind(3, c.email);
    st.bind(4, c.phone);
    st.bind(5, c.address);
    st.bind(6, c.locale);
    st.bind(7, c.notes);
    st.bind(8, domain::to_unix(domain::now()));
    st.exec();
    return db.getLastInsertRowid();
}

std::optional<Customer> customer_store::find(SQLite::Database& db, std::int64_t id) {
    SQLite::Statement st(db, "SELECT id, first_name, last_name, coalesce(email, ''), phone, address, locale, notes, "
                             "archived_at IS NOT NULL FROM customers WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    Customer c;
    c.id = st.getColumn(0).getInt64();
    c.first_name = st.getColumn(1).getString();
    c.last_name = st.getColumn(2).getString();
    c.email = st.getColumn(3).getString();
    c.phone = st.getColumn(4).getString();
    c.address = st.getColumn(5).getString();
    c.locale = st.getColumn(6).getString();
    c.notes = st.getColumn(7).getString();
    c.archived = st.getColumn(8).getInt() != 0;
    return c;
}

int customer_store::count_active(SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM customers WHERE archived_at IS NULL").getInt();
}

std::int64_t animal_store::insert(SQLite::Database& db, const Animal& a) {
    SQLite::Statement st(db, "INSERT INTO animals (customer_id, name, species_id, breed_id, breed_detail, notes, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, a.customer_id);
    st.bind(2, a.name);
    st.bind(3, a.species_id);
    if (a.breed_id) st.bind(4, *a.breed_id); else st.bind(4);
    st.bind(5, a.breed_detail);
    st.bind(6, a.notes);
    st.bind(7, domain::to_unix(domain::now()));
    st.exec();
    return db.getLastInsertRowid();
}

}  // namespace salonbox::storage
