#include "storage/portal_store.h"

#include "storage/invoice_store.h"
#include "storage/service_store.h"

#include "storage/statement.h"

namespace salonbox::storage::portal_store {

std::vector<AnimalRow> animals(ReadTx& tx, std::int64_t customer_id, std::string_view locale, domain::Instant now) {
    auto st = tx.prepare("SELECT a.id, a.name, coalesce(sl.name, se.name, ''), coalesce(bl.name, be.name, ''), a.breed_detail, "
                         "(SELECT count(*) FROM appointments p WHERE p.animal_id = a.id AND p.customer_id = a.customer_id "
                         " AND p.starts_at < ?3 AND p.status IN ('scheduled', 'completed')) "
                         "FROM animals a "
                         "LEFT JOIN species_names sl ON sl.species_id = a.species_id AND sl.locale = ?2 "
                         "LEFT JOIN species_names se ON se.species_id = a.species_id AND se.locale = 'en' "
                         "LEFT JOIN breed_names bl ON bl.breed_id = a.breed_id AND bl.locale = ?2 "
                         "LEFT JOIN breed_names be ON be.breed_id = a.breed_id AND be.locale = 'en' "
                         "WHERE a.customer_id = ?1 AND a.archived_at IS NULL ORDER BY a.name COLLATE NOCASE");
    st.bind(1, customer_id);
    st.bind(2, std::string(locale));
    st.bind(3, domain::to_unix(now));
    std::vector<AnimalRow> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getString(),
                       st.getColumn(4).getString(), st.getColumn(5).getInt()});
    return out;
}

bool owns_animal(ReadTx& tx, std::int64_t customer_id, std::int64_t animal_id) {
    auto st = tx.prepare("SELECT 1 FROM animals WHERE id = ? AND customer_id = ? AND archived_at IS NULL");
    st.bind(1, animal_id);
    st.bind(2, customer_id);
    return st.executeStep();
}

namespace {
// The query of appointment_rows() with `where_order` after its WHERE, which may use ?4 and ?5 for a LIMIT and
// an OFFSET. Each caller builds its text once, in a static: a page's statements are found by their text, and
// a text built anew each time costs an allocation of its length.
std::string appointment_rows_sql(std::string_view where_order) {
    return "SELECT p.id, a.name, p.starts_at, p.ends_at, p.status, coalesce(" + service_store::localized_name_sql("s", "?3") +
           ", ''), p.comments, p.animal_id, "
           "CASE WHEN s.active = 1 THEN s.id END, coalesce(u.display_name, '') FROM appointments p JOIN animals a ON a.id = p.animal_id "
           "LEFT JOIN services s ON s.id = p.service_id LEFT JOIN users u ON u.id = p.staff_user_id "
           "WHERE p.customer_id = ?1 AND " + std::string(where_order);
}

std::vector<AppointmentRow> appointment_rows(ReadTx& tx, const std::string& sql, std::int64_t customer_id, domain::Instant now,
                                             std::string_view lang, int limit = -1, int offset = 0) {
    auto st = tx.prepare(sql);
    st.bind(1, customer_id);
    st.bind(2, domain::to_unix(now));
    st.bind(3, std::string(lang));
    if (limit >= 0) {
        st.bind(4, limit);
        st.bind(5, offset);
    }
    std::vector<AppointmentRow> out;
    while (st.executeStep()) {
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), domain::from_unix(st.getColumn(2).getInt64()),
                       domain::from_unix(st.getColumn(3).getInt64()), st.getColumn(4).getString(), st.getColumn(5).getString(),
                       st.getColumn(6).getString(), st.getColumn(7).getInt64(), std::nullopt, st.getColumn(9).getString()});
        if (!st.getColumn(8).isNull()) out.back().bookable_service_id = st.getColumn(8).getInt64();
    }
    return out;
}
}  // namespace

std::vector<AppointmentRow> upcoming_appointments(ReadTx& tx, std::int64_t customer_id, domain::Instant now, std::string_view lang) {
    static const std::string sql = appointment_rows_sql("p.ends_at >= ?2 AND p.status = 'scheduled' ORDER BY p.starts_at");
    return appointment_rows(tx, sql, customer_id, now, lang);
}

PastPage past_appointments(ReadTx& tx, std::int64_t customer_id, domain::Instant now, std::string_view lang, int offset, int limit) {
    PastPage page;
    static const std::string sql =
        appointment_rows_sql("(p.ends_at < ?2 OR p.status <> 'scheduled') ORDER BY p.starts_at DESC, p.id DESC LIMIT ?4 OFFSET ?5");
    page.rows = appointment_rows(tx, sql, customer_id, now, lang, limit + 1, offset);
    page.more = static_cast<int>(page.rows.size()) > limit;
    if (page.more) page.rows.pop_back();
    return page;
}

std::vector<RequestRow> recent_requests(ReadTx& tx, std::int64_t customer_id, domain::Instant now) {
    auto st = tx.prepare("SELECT r.id, a.name, r.starts_at, r.ends_at, r.status, r.comments, r.decision_message "
                             "FROM appointment_requests r JOIN animals a ON a.id = r.animal_id "
                             "WHERE r.customer_id = ? AND (r.status = 'pending' OR r.decided_at >= ?) ORDER BY r.created_at DESC, r.id DESC");
    st.bind(1, customer_id);
    st.bind(2, domain::to_unix(now - std::chrono::days(30)));
    std::vector<RequestRow> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), domain::from_unix(st.getColumn(2).getInt64()),
                       domain::from_unix(st.getColumn(3).getInt64()), st.getColumn(4).getString(), st.getColumn(5).getString(),
                       st.getColumn(6).getString()});
    return out;
}

std::int64_t add_request(WriteTx& tx, std::int64_t customer_id, const AppointmentRequest& request) {
    // The animal must be this customer's: checked in the same statement that writes, not only by the caller.
    auto st = tx.prepare("INSERT INTO appointment_requests (customer_id, animal_id, starts_at, ends_at, comments, status, created_at) "
                             "SELECT ?1, a.id, ?3, ?4, ?5, 'pending', ?6 FROM animals a "
                             "WHERE a.id = ?2 AND a.customer_id = ?1 AND a.archived_at IS NULL");
    st.bind(1, customer_id);
    st.bind(2, request.animal_id);
    st.bind(3, domain::to_unix(request.starts_at));
    st.bind(4, domain::to_unix(request.ends_at));
    st.bind(5, request.comments);
    st.bind(6, domain::to_unix(tx.now()));
    if (st.exec() != 1) return 0;
    return tx.last_insert_id();
}

std::optional<std::int64_t> pending_request_like(ReadTx& tx, std::int64_t customer_id, const AppointmentRequest& request) {
    auto st = tx.prepare("SELECT id FROM appointment_requests WHERE customer_id = ? AND animal_id = ? AND starts_at = ? AND status = 'pending' "
                         "ORDER BY id LIMIT 1");
    st.bind(1, customer_id);
    st.bind(2, request.animal_id);
    st.bind(3, domain::to_unix(request.starts_at));
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getInt64();
}

domain::RequestCounts request_counts(ReadTx& tx, std::int64_t customer_id, domain::Instant since) {
    auto st = tx.prepare("SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE created_at >= ?2) "
                         "FROM appointment_requests WHERE customer_id = ?1");
    st.bind(1, customer_id);
    st.bind(2, domain::to_unix(since));
    st.executeStep();
    return {st.getColumn(0).getInt(), st.getColumn(1).getInt()};
}

InvoicePage invoices(ReadTx& tx, std::int64_t customer_id, int offset, int limit) {
    auto found = invoice_store::of_customer(tx, customer_id, true, offset, limit);
    InvoicePage page;
    page.more = found.more;
    for (const auto& r : found.rows)
        page.rows.push_back({r.id, r.number, r.currency, r.date, r.total_minor, r.due_minor, r.credit_note, r.display_status});
    return page;
}

std::int64_t amount_due(ReadTx& tx, std::int64_t customer_id) { return invoice_store::amount_due(tx, customer_id); }

}  // namespace salonbox::storage::portal_store
