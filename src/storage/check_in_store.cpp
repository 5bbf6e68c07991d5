#include "storage/check_in_store.h"

#include "storage/statement.h"

namespace salonbox::storage::check_in_store {

bool check_in(WriteTx& tx, std::int64_t appointment_id, domain::Instant at, std::int64_t by_user_id) {
    auto st = tx.prepare("INSERT INTO appointment_check_ins (appointment_id, checked_in_at, checked_in_by) "
                         "SELECT id, ?, ? FROM appointments WHERE id = ? AND status = 'scheduled' "
                         "ON CONFLICT (appointment_id) DO NOTHING");
    st.bind(1, domain::to_unix(at));
    st.bind(2, by_user_id);
    st.bind(3, appointment_id);
    return st.exec() == 1;
}

std::map<std::int64_t, domain::Instant> arrivals(ReadTx& tx, const std::vector<std::int64_t>& appointment_ids) {
    std::map<std::int64_t, domain::Instant> out;
    auto st = tx.prepare("SELECT checked_in_at FROM appointment_check_ins WHERE appointment_id = ?");
    for (auto id : appointment_ids) {
        st.bind(1, id);
        if (st.executeStep()) out[id] = domain::from_unix(st.getColumn(0).getInt64());
        st.reset();
    }
    return out;
}

}  // namespace salonbox::storage::check_in_store
