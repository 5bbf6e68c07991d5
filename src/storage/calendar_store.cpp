#include "storage/calendar_store.h"

#include "storage/statement.h"

namespace salonbox::storage::calendar_store {

std::string uid_token(WriteTx& tx) {
    tx.prepare("INSERT OR IGNORE INTO calendar_identity (id, uid_token) VALUES (1, lower(hex(randomblob(8))))").exec();
    auto st = tx.prepare("SELECT uid_token FROM calendar_identity WHERE id = 1");
    st.executeStep();
    return st.getColumn(0).getString();
}

int next_sequence(WriteTx& tx, std::int64_t appointment_id) {
    auto st = tx.prepare("INSERT INTO appointment_calendar_sequences (appointment_id, sequence) VALUES (?, 0) "
                         "ON CONFLICT (appointment_id) DO UPDATE SET sequence = sequence + 1 RETURNING sequence");
    st.bind(1, appointment_id);
    st.executeStep();
    return st.getColumn(0).getInt();
}

}  // namespace salonbox::storage::calendar_store
