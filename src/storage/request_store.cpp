#include "storage/request_store.h"

#include <SQLiteCpp/Statement.h>

namespace salonbox::storage {

std::int64_t request_store::insert(SQLite::Database& db, const AppointmentRequest& r) {
    SQLite::Statement st(db, "INSERT INTO appointment_requests (customer_id, animal_id, starts_at, ends_at, comments, status, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.customer_id);
    st.bind(2, r.animal_id);
    st.bind(3, domain::to_unix(r.starts_at));
    st.bind(4, domain::to_unix(r.ends_at));
    st.bind(5, r.comments);
    st.bind(6, r.status);
    st.bind(7, domain::to_unix(domain::now()));
    st.exec();
    return db.getLastInsertRowid();
}

int request_store::count_pending(SQLite::Database& db) {
    return db.execAndGet("SELECT count(*) FROM appointment_requests WHERE status = 'pending'").getInt();
}

}  // namespace salonbox::storage
