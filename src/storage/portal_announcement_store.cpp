#include "storage/portal_announcement_store.h"

#include "storage/statement.h"

namespace salonbox::storage::portal_announcement_store {

namespace {
constexpr const char* k_candidates =
    "FROM customers c WHERE c.archived_at IS NULL AND c.email IS NOT NULL AND c.email <> '' "
    "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.customer_id = c.id OR u.email = c.email) ";
constexpr const char* k_not_announced = "AND NOT EXISTS (SELECT 1 FROM portal_announcements a WHERE a.customer_id = c.id) ";

Candidate read(Statement& st) {
    return Candidate{st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getString()};
}
}  // namespace

std::vector<Candidate> not_yet_announced(ReadTx& tx, int limit) {
    auto st = tx.prepare(std::string("SELECT c.id, c.email, c.first_name || ' ' || c.last_name, c.locale ") + k_candidates +
                                 k_not_announced + "ORDER BY c.last_name, c.first_name, c.id LIMIT ?");
    st.bind(1, limit);
    std::vector<Candidate> out;
    while (st.executeStep()) out.push_back(read(st));
    return out;
}

int count_not_yet_announced(ReadTx& tx) {
    auto st = tx.prepare(std::string("SELECT count(*) ") + k_candidates + k_not_announced);
    st.executeStep();
    return st.getColumn(0).getInt();
}

std::optional<Candidate> candidate(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare(std::string("SELECT c.id, c.email, c.first_name || ' ' || c.last_name, c.locale ") + k_candidates + "AND c.id = ?");
    st.bind(1, customer_id);
    if (!st.executeStep()) return std::nullopt;
    return read(st);
}

void mark_announced(WriteTx& tx, std::int64_t customer_id, domain::Instant now) {
    auto st = tx.prepare("INSERT INTO portal_announcements (customer_id, sent_at) VALUES (?1, ?2) "
                             "ON CONFLICT (customer_id) DO UPDATE SET sent_at = ?2");
    st.bind(1, customer_id);
    st.bind(2, domain::to_unix(now));
    st.exec();
}

std::optional<domain::Instant> announced_at(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare("SELECT sent_at FROM portal_announcements WHERE customer_id = ?");
    st.bind(1, customer_id);
    if (!st.executeStep()) return std::nullopt;
    return domain::from_unix(st.getColumn(0).getInt64());
}

}  // namespace salonbox::storage::portal_announcement_store
