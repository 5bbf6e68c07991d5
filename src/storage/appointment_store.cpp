#include "storage/appointment_store.h"

#include <SQLiteCpp/Statement.h>

namespace salonbox::storage {

std::int64_t appointment_store::insert(SQLite::Database& db, const Appointment& a) {
    SQLite::Statement st(db, "INSERT INTO appointments (customer_id, animal_id, service_id, staff_user_id, starts_at, ends_at, status, "
                             "comments, internal_notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    auto now = domain::to_unix(domain::now());
    st.bind(1, a.customer_id);
    st.bind(2, a.animal_id);
    if (a.service_id) st.bind(3, *a.service_id); else st.bind(3);
    if (a.staff_user_id) st.bind(4, *a.staff_user_id); else st.bind(4);
    st.bind(5, domain::to_unix(a.starts_at));
    st.bind(6, domain::to_unix(a.ends_at));
    st.bind(7, a.status);
    st.bind(8, a.comments);
    st.bind(9, a.internal_notes);
    st.bind(10, now);
    st.bind(11, now);
    st.exec();
    return db.getLastInsertRowid();
}

int appointment_store::count_upcoming(SQLite::Database& db, domain::Instant now) {
    SQLite::Statement st(db, "SELECT count(*) FROM appointments WHERE starts_at >= ? AND status = 'scheduled'");
    st.bind(1, domain::to_unix(now));
    st.executeStep();
    return st.getColumn(0).getInt();
}

}  // namespace salonbox::storage
