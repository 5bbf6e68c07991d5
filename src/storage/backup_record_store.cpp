#include "storage/backup_record_store.h"

#include "storage/statement.h"

namespace salonbox::storage::backup_record_store {

void record(WriteTx& tx, domain::Instant taken, const std::string& file, std::int64_t bytes) {
    auto st = tx.prepare("INSERT INTO backups (taken_at, file, bytes) VALUES (?, ?, ?)");
    st.bind(1, domain::to_unix(taken));
    st.bind(2, file);
    st.bind(3, bytes);
    st.exec();
}

std::optional<domain::Instant> last_taken(ReadTx& tx) {
    auto st = tx.prepare("SELECT max(taken_at) FROM backups");
    if (!st.executeStep() || st.getColumn(0).isNull()) return std::nullopt;
    return domain::from_unix(st.getColumn(0).getInt64());
}

}  // namespace salonbox::storage::backup_record_store
