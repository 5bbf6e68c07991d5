#include "storage/receipt_store.h"

#include "storage/credit_store.h"
#include "storage/service_store.h"
#include "storage/statement.h"

namespace salonbox::storage::receipt_store {

namespace {
// The invoice a receipt shows, as a correlated subquery over appointment p.
constexpr const char* k_receipt_invoice =
    "(SELECT i.id FROM invoices i WHERE i.appointment_id = p.id AND i.status = 'issued' AND i.credit_note_for IS NULL "
    " ORDER BY i.issued_at DESC, i.id DESC LIMIT 1)";
// Which appointments have a receipt (see the header), over appointment p and the instant ?2.
constexpr const char* k_has_receipt = "p.starts_at <= ?2 AND p.status <> 'cancelled'";
}  // namespace

ReceiptPage list(ReadTx& tx, std::int64_t customer_id, domain::Instant now, std::string_view lang, int offset, int limit) {
    auto st = tx.prepare("SELECT p.id, p.starts_at, a.name, coalesce(" + service_store::localized_name_sql("s", "?3") + ", ''), "
                         "coalesce((SELECT number FROM invoices WHERE id = " + k_receipt_invoice + "), '') "
                         "FROM appointments p JOIN animals a ON a.id = p.animal_id LEFT JOIN services s ON s.id = p.service_id "
                         "WHERE p.customer_id = ?1 AND " + k_has_receipt + " ORDER BY p.starts_at DESC, p.id DESC LIMIT ?4 OFFSET ?5");
    st.bind(1, customer_id);
    st.bind(2, domain::to_unix(now));
    st.bind(3, std::string(lang));
    st.bind(4, limit + 1);  // one more row tells whether older ones follow
    st.bind(5, offset);
    ReceiptPage page;
    while (st.executeStep()) {
        if (static_cast<int>(page.rows.size()) == limit) {
            page.more = true;
            break;
        }
        page.rows.push_back({st.getColumn(0).getInt64(), domain::from_unix(st.getColumn(1).getInt64()), st.getColumn(2).getString(),
                             st.getColumn(3).getString(), st.getColumn(4).getString()});
    }
    return page;
}

std::optional<Receipt> load(ReadTx& tx, std::int64_t appointment_id, std::optional<std::int64_t> customer_id, domain::Instant now) {
    // The service in the receipt's language: the customer's, else the salon's (web/invoice_pdf.cpp).
    auto st = tx.prepare("SELECT p.id, p.starts_at, p.ends_at, p.status, a.name, coalesce(" + service_store::localized_name_sql("s", "c.locale") +
                         ", ''), coalesce(u.display_name, ''), "
                         "c.first_name || ' ' || c.last_name, c.address, coalesce(c.email, ''), c.locale, "
                         "s.price_minor, s.tax_rate_bp, " + k_receipt_invoice + ", p.customer_id "
                         "FROM appointments p JOIN animals a ON a.id = p.animal_id JOIN customers c ON c.id = p.customer_id "
                         "LEFT JOIN services s ON s.id = p.service_id LEFT JOIN users u ON u.id = p.staff_user_id "
                         "WHERE p.id = ?1 AND " + k_has_receipt + " AND (?3 IS NULL OR p.customer_id = ?3)");
    st.bind(1, appointment_id);
    st.bind(2, domain::to_unix(now));
    if (customer_id) st.bind(3, *customer_id); else st.bind(3);
    if (!st.executeStep()) return std::nullopt;
    Receipt r;
    r.appointment_id = st.getColumn(0).getInt64();
    r.starts_at = domain::from_unix(st.getColumn(1).getInt64());
    r.ends_at = domain::from_unix(st.getColumn(2).getInt64());
    r.status = st.getColumn(3).getString();
    r.animal_name = st.getColumn(4).getString();
    r.service = st.getColumn(5).getString();
    r.staff_name = st.getColumn(6).getString();
    r.customer_name = st.getColumn(7).getString();
    r.customer_address = st.getColumn(8).getString();
    r.customer_email = st.getColumn(9).getString();
    r.customer_locale = st.getColumn(10).getString();
    if (!st.getColumn(11).isNull())
        r.service_line = InvoiceLine{r.service, 1, st.getColumn(11).getInt64(), st.getColumn(12).getInt64()};
    const bool has_invoice = !st.getColumn(13).isNull();
    const auto invoice_id = has_invoice ? st.getColumn(13).getInt64() : 0;
    const auto owner = st.getColumn(14).getInt64();
    st.reset();
    if (has_invoice) r.invoice = invoice_store::load(tx, invoice_id, owner);
    r.package_session = package_store::session_of_appointment(tx, r.appointment_id);
    r.credit_used_minor = credit_store::used_for_appointment(tx, r.appointment_id);
    return r;
}

}  // namespace salonbox::storage::receipt_store
