#include "storage/password_token_store.h"

#include "storage/statement.h"

#include <string>

namespace salonbox::storage::password_token_store {

namespace {
void bind_blob(Statement& st, int index, std::string_view bytes) { st.bind(index, bytes.data(), static_cast<int>(bytes.size())); }
}  // namespace

void issue(WriteTx& tx, std::string_view token_hash, std::int64_t user_id, std::string_view purpose,
           domain::Instant now, domain::Instant expires_at) {
    auto retire = tx.prepare("UPDATE password_tokens SET expires_at = min(expires_at, ?) WHERE user_id = ? AND used_at IS NULL");
    retire.bind(1, domain::to_unix(now));
    retire.bind(2, user_id);
    retire.exec();
    auto st = tx.prepare("INSERT INTO password_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
    bind_blob(st, 1, token_hash);
    st.bind(2, user_id);
    st.bind(3, std::string(purpose));
    st.bind(4, domain::to_unix(now));
    st.bind(5, domain::to_unix(expires_at));
    st.exec();
}

std::optional<std::int64_t> find_valid(ReadTx& tx, std::string_view token_hash, domain::Instant now) {
    auto st = tx.prepare("SELECT t.user_id FROM password_tokens t JOIN users u ON u.id = t.user_id "
                             "WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ? AND u.active = 1");
    bind_blob(st, 1, token_hash);
    st.bind(2, domain::to_unix(now));
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getInt64();
}

bool consume(WriteTx& tx, std::string_view token_hash, domain::Instant now) {
    auto st = tx.prepare("UPDATE password_tokens SET used_at = ?1 WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1");
    st.bind(1, domain::to_unix(now));
    bind_blob(st, 2, token_hash);
    return st.exec() == 1;
}

}  // namespace salonbox::storage::password_token_store
