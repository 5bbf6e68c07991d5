#include "storage/session_store.h"

#include "storage/statement.h"

namespace salonbox::storage::session_store {

namespace {
void bind_blob(Statement& st, int index, std::string_view bytes) {
    st.bind(index, bytes.data(), static_cast<int>(bytes.size()));
}
}  // namespace

void insert(WriteTx& tx, std::string_view token_hash, std::int64_t user_id, std::string_view face,
            domain::Instant now, const SessionLimits& limits) {
    auto st = tx.prepare("INSERT INTO sessions (token_hash, user_id, face, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    bind_blob(st, 1, token_hash);
    st.bind(2, user_id);
    st.bind(3, std::string(face));
    st.bind(4, domain::to_unix(now));
    st.bind(5, domain::to_unix(now));
    st.bind(6, domain::to_unix(now + limits.absolute));
    st.exec();
}

std::optional<ActiveSession> find_active(ReadTx& tx, std::string_view token_hash, std::string_view face,
                                         domain::Instant now, const SessionLimits& limits) {
    auto st = tx.prepare("SELECT s.id, s.last_seen_at, u.id, u.email, u.role, u.display_name, u.locale, u.customer_id "
                         "FROM sessions s JOIN users u ON u.id = s.user_id "
                         "WHERE s.token_hash = ? AND s.face = ? AND s.expires_at > ? AND s.last_seen_at > ? AND u.active = 1");
    bind_blob(st, 1, token_hash);
    st.bind(2, std::string(face));
    st.bind(3, domain::to_unix(now));
    st.bind(4, domain::to_unix(now - limits.idle));
    if (!st.executeStep()) return std::nullopt;
    ActiveSession out;
    out.session_id = st.getColumn(0).getInt64();
    out.last_seen_at = domain::from_unix(st.getColumn(1).getInt64());
    out.user.id = st.getColumn(2).getInt64();
    out.user.email = st.getColumn(3).getString();
    out.user.role = domain::parse_role(st.getColumn(4).getString()).value_or(domain::Role::customer);
    out.user.display_name = st.getColumn(5).getString();
    out.user.locale = st.getColumn(6).getString();
    if (!st.getColumn(7).isNull()) out.user.customer_id = st.getColumn(7).getInt64();
    return out;
}

void refresh(WriteTx& tx, std::int64_t session_id, domain::Instant now) {
    auto st = tx.prepare("UPDATE sessions SET last_seen_at = ? WHERE id = ?");
    st.bind(1, domain::to_unix(now));
    st.bind(2, session_id);
    st.exec();
}

void remove(WriteTx& tx, std::string_view token_hash) {
    auto st = tx.prepare("DELETE FROM sessions WHERE token_hash = ?");
    bind_blob(st, 1, token_hash);
    st.exec();
}

void remove_for_user(WriteTx& tx, std::int64_t user_id, std::string_view keep_hash) {
    auto st = tx.prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?");
    st.bind(1, user_id);
    if (keep_hash.empty()) st.bind(2); else bind_blob(st, 2, keep_hash);
    st.exec();
}

int purge_expired(WriteTx& tx, domain::Instant now, const SessionLimits& limits) {
    auto st = tx.prepare("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?");
    st.bind(1, domain::to_unix(now));
    st.bind(2, domain::to_unix(now - limits.idle));
    return st.exec();
}

}  // namespace salonbox::storage::session_store
