#include "storage/notification_store.h"

#include "storage/statement.h"

namespace salonbox::storage::notification_store {

void add(WriteTx& tx, std::int64_t user_id, std::string_view kind, std::string_view message, std::string_view link) {
    auto st = tx.prepare("INSERT INTO notifications (user_id, kind, message, link, created_at) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, user_id);
    st.bind(2, std::string(kind));
    st.bind(3, std::string(message));
    st.bind(4, std::string(link));
    st.bind(5, domain::to_unix(tx.now()));
    st.exec();
}

void add_for_managers(WriteTx& tx, std::optional<std::int64_t> also_user_id, std::string_view kind,
                      std::string_view message, std::string_view link) {
    auto st = tx.prepare("INSERT INTO notifications (user_id, kind, message, link, created_at) "
                             "SELECT id, ?1, ?2, ?3, ?4 FROM users WHERE active = 1 AND (role IN ('owner', 'manager') OR id = ?5)");
    st.bind(1, std::string(kind));
    st.bind(2, std::string(message));
    st.bind(3, std::string(link));
    st.bind(4, domain::to_unix(tx.now()));
    if (also_user_id) st.bind(5, *also_user_id); else st.bind(5);
    st.exec();
}

int unread_count(ReadTx& tx, std::int64_t user_id) {
    auto st = tx.prepare("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL");
    st.bind(1, user_id);
    st.executeStep();
    return st.getColumn(0).getInt();
}

std::vector<Notification> latest(ReadTx& tx, std::int64_t user_id, int limit) {
    auto st = tx.prepare("SELECT id, kind, message, link, created_at, read_at IS NOT NULL FROM notifications "
                             "WHERE user_id = ? ORDER BY id DESC LIMIT ?");
    st.bind(1, user_id);
    st.bind(2, limit);
    std::vector<Notification> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getString(),
                       domain::from_unix(st.getColumn(4).getInt64()), st.getColumn(5).getInt() != 0});
    return out;
}

void mark_all_read(WriteTx& tx, std::int64_t user_id, domain::Instant now) {
    auto st = tx.prepare("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL");
    st.bind(1, domain::to_unix(now));
    st.bind(2, user_id);
    st.exec();
}

}  // namespace salonbox::storage::notification_store
