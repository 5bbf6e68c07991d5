#include "storage/sign_in_code_store.h"

#include "storage/statement.h"

#include <algorithm>
#include <chrono>
#include <exception>

namespace salonbox::storage::sign_in_code_store {

namespace {
void bind_blob(Statement& st, int index, std::string_view bytes) { st.bind(index, bytes.data(), static_cast<int>(bytes.size())); }

// The customer record, its portal account if any, and no team account on the same address (users.email is
// unique, so a team member's address can never become a customer's account).
constexpr const char* k_recipient_sql =
    "SELECT c.id, c.email, c.first_name || ' ' || c.last_name, coalesce(nullif(c.locale, ''), u.locale, ''), u.id "
    "FROM customers c LEFT JOIN users u ON u.customer_id = c.id "
    "WHERE c.archived_at IS NULL AND c.email IS NOT NULL AND c.email <> '' AND (u.id IS NULL OR u.active = 1) "
    "AND NOT EXISTS (SELECT 1 FROM users s WHERE s.email = c.email AND (s.customer_id IS NULL OR s.customer_id <> c.id)) ";

std::optional<Recipient> read_recipient(Statement& st) {
    if (!st.executeStep()) return std::nullopt;
    Recipient r;
    r.customer_id = st.getColumn(0).getInt64();
    r.email = st.getColumn(1).getString();
    r.name = st.getColumn(2).getString();
    r.locale = st.getColumn(3).getString();
    if (!st.getColumn(4).isNull()) r.account_id = st.getColumn(4).getInt64();
    return r;
}

constexpr auto k_keep_ended = std::chrono::hours(24);
}  // namespace

std::optional<Recipient> find_recipient(ReadTx& tx, std::string_view email) {
    auto st = tx.prepare(std::string(k_recipient_sql) + "AND c.email = ? ORDER BY c.id LIMIT 1");
    st.bind(1, std::string(email));
    return read_recipient(st);
}

std::optional<Recipient> find_recipient_by_id(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare(std::string(k_recipient_sql) + "AND c.id = ?");
    st.bind(1, customer_id);
    return read_recipient(st);
}

void start(WriteTx& tx, std::string_view handle_hash, std::string_view email, std::optional<std::int64_t> customer_id,
           std::string_view code_hash, domain::Instant now, domain::Instant expires_at) {
    auto purge = tx.prepare("DELETE FROM sign_in_challenges WHERE coalesce(ended_at, expires_at) < ?");
    purge.bind(1, domain::to_unix(now - k_keep_ended));
    purge.exec();
    auto st = tx.prepare("INSERT INTO sign_in_challenges (handle_hash, email, customer_id, code_hash, created_at, expires_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)");
    bind_blob(st, 1, handle_hash);
    st.bind(2, std::string(email));
    if (customer_id) st.bind(3, *customer_id); else st.bind(3);
    bind_blob(st, 4, code_hash);
    st.bind(5, domain::to_unix(now));
    st.bind(6, domain::to_unix(expires_at));
    st.exec();
}

std::optional<Challenge> find_open(ReadTx& tx, std::string_view handle_hash, domain::Instant now) {
    auto st = tx.prepare("SELECT id, email, customer_id, code_hash, failures FROM sign_in_challenges "
                             "WHERE handle_hash = ? AND ended_at IS NULL AND expires_at > ?");
    bind_blob(st, 1, handle_hash);
    st.bind(2, domain::to_unix(now));
    if (!st.executeStep()) return std::nullopt;
    Challenge c;
    c.id = st.getColumn(0).getInt64();
    c.email = st.getColumn(1).getString();
    if (!st.getColumn(2).isNull()) c.customer_id = st.getColumn(2).getInt64();
    auto hash = st.getColumn(3);
    c.code_hash.assign(static_cast<const char*>(hash.getBlob()), static_cast<std::size_t>(hash.getBytes()));
    c.failures = st.getColumn(4).getInt();
    return c;
}

bool set_recipient(WriteTx& tx, std::int64_t id, std::int64_t customer_id, domain::Instant now) {
    auto st = tx.prepare("UPDATE sign_in_challenges SET customer_id = ? "
                             "WHERE id = ? AND customer_id IS NULL AND ended_at IS NULL AND expires_at > ?");
    st.bind(1, customer_id);
    st.bind(2, id);
    st.bind(3, domain::to_unix(now));
    return st.exec() == 1;
}

bool replace_code(WriteTx& tx, std::int64_t id, std::string_view code_hash, domain::Instant now, domain::Instant expires_at) {
    auto st = tx.prepare("UPDATE sign_in_challenges SET code_hash = ?, expires_at = ? WHERE id = ? AND ended_at IS NULL AND expires_at > ?");
    bind_blob(st, 1, code_hash);
    st.bind(2, domain::to_unix(expires_at));
    st.bind(3, id);
    st.bind(4, domain::to_unix(now));
    return st.exec() == 1;
}

int record_failure(WriteTx& tx, std::int64_t id, int max_failures, domain::Instant now) {
    auto st = tx.prepare("UPDATE sign_in_challenges SET failures = failures + 1, "
                             "ended_at = CASE WHEN failures + 1 >= ?1 THEN ?2 ELSE ended_at END WHERE id = ?3 RETURNING failures");
    st.bind(1, max_failures);
    st.bind(2, domain::to_unix(now));
    st.bind(3, id);
    return st.executeStep() ? st.getColumn(0).getInt() : max_failures;
}

bool consume(WriteTx& tx, std::int64_t id, domain::Instant now) {
    auto st = tx.prepare("UPDATE sign_in_challenges SET ended_at = ?1 WHERE id = ?2 AND ended_at IS NULL AND expires_at > ?1");
    st.bind(1, domain::to_unix(now));
    st.bind(2, id);
    return st.exec() == 1;
}

std::vector<SalonChoice> salons_for_verified_email(SalonRegistry& registry, std::string_view email) {
    std::vector<SalonChoice> found;
    for (const auto& slug : registry.slugs()) {
        try {
            auto settings = registry.settings(slug);
            if (!settings.portal_enabled || !domain::allows_code_sign_in(settings)) continue;
            auto db = registry.open(slug);
            if (db && db->read([&](ReadTx& c) { return find_recipient(c, email).has_value(); }))
                found.push_back({settings.slug, settings.name});
        } catch (const std::exception&) {
            // A salon file that cannot be read (newer than this binary, damaged) offers no choice; the others still do.
        }
    }
    std::sort(found.begin(), found.end(), [](const SalonChoice& a, const SalonChoice& b) { return a.name < b.name; });
    return found;
}

}  // namespace salonbox::storage::sign_in_code_store
