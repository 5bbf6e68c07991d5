#include "storage/invoice_store.h"

#include "domain/invoice_number.h"
#include "domain/time_zone.h"
#include "storage/salon_store.h"

#include <SQLiteCpp/Statement.h>

#include <stdexcept>

namespace salonbox::storage::invoice_store {

std::int64_t create_draft(SQLite::Database& db, std::int64_t customer_id, std::optional<std::int64_t> appointment_id,
                          const std::string& currency) {
    SQLite::Statement st(db, "INSERT INTO invoices (customer_id, appointment_id, currency, created_at) VALUES (?, ?, ?, ?)");
    st.bind(1, customer_id);
    if (appointment_id) st.bind(2, *appointment_id); else st.bind(2);
    st.bind(3, currency);
    st.bind(4, domain::to_unix(domain::now()));
    st.exec();
    return db.getLastInsertRowid();
}

void add_line(SQLite::Database& db, std::int64_t invoice_id, const InvoiceLine& line) {
    SQLite::Statement st(db, "INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price_minor, tax_rate_bp) "
                             "VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM invoice_lines WHERE invoice_id = ?1), ?2, ?3, ?4, ?5)");
    st.bind(1, invoice_id);
    st.bind(2, line.description);
    st.bind(3, line.quantity);
    st.bind(4, line.unit_price_minor);
    st.bind(5, line.tax_rate_bp);
    st.exec();
}

std::string issue(SQLite::Database& db, std::int64_t invoice_id, domain::Instant issued_at) {
    auto salon = salon_store::load(db);
    auto local = domain::to_local(issued_at, salon.time_zone);
    auto period = domain::invoice_period(salon.invoice_pattern, local.year, local.month);
    SQLite::Statement bump(db, "INSERT INTO invoice_counters (period, last_value) VALUES (?, 1) "
                               "ON CONFLICT(period) DO UPDATE SET last_value = last_value + 1 RETURNING last_value");
    bump.bind(1, period);
    bump.executeStep();
    auto counter = bump.getColumn(0).getInt64();
    bump.reset();
    auto number = domain::format_invoice_number(salon.invoice_pattern, local.year, local.month, counter);
    SQLite::Statement st(db, "UPDATE invoices SET status = 'issued', number = ?, issued_at = ? WHERE id = ? AND status = 'draft'");
    st.bind(1, number);
    st.bind(2, domain::to_unix(issued_at));
    st.bind(3, invoice_id);
    if (st.exec() != 1) throw std::runtime_error("invoice is not a draft");
    return number;
}

std::optional<InvoiceDocument> load(SQLite::Database& db, std::int64_t invoice_id, std::optional<std::int64_t> customer_id) {
    SQLite::Statement head(db, "SELECT i.id, i.customer_id, coalesce(i.number, ''), i.status, i.currency, i.issued_at, i.credit_note_for, "
                               "i.tip_minor, i.deposit_minor, c.first_name || ' ' || c.last_name, c.address, coalesce(c.email, ''), c.locale, "
                               "(SELECT coalesce(sum(amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id) "
                               "FROM invoices i JOIN customers c ON c.id = i.customer_id "
                               "WHERE i.id = ?1 AND (?2 IS NULL OR (i.customer_id = ?2 AND i.status = 'issued'))");
    head.bind(1, invoice_id);
    if (customer_id) head.bind(2, *customer_id); else head.bind(2);
    if (!head.executeStep()) return std::nullopt;
    InvoiceDocument d;
    d.id = head.getColumn(0).getInt64();
    d.customer_id = head.getColumn(1).getInt64();
    d.number = head.getColumn(2).getString();
    d.status = head.getColumn(3).getString();
    d.currency = head.getColumn(4).getString();
    if (!head.getColumn(5).isNull()) d.issued_at = domain::from_unix(head.getColumn(5).getInt64());
    if (!head.getColumn(6).isNull()) d.credit_note_for = head.getColumn(6).getInt64();
    auto tip = head.getColumn(7).getInt64();
    auto deposit = head.getColumn(8).getInt64();
    d.customer_name = head.getColumn(9).getString();
    d.customer_address = head.getColumn(10).getString();
    d.customer_email = head.getColumn(11).getString();
    d.customer_locale = head.getColumn(12).getString();
    auto paid = head.getColumn(13).getInt64();
    SQLite::Statement lines(db, "SELECT description, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines WHERE invoice_id = ? ORDER BY position");
    lines.bind(1, d.id);
    std::vector<domain::PricedLine> priced;
    while (lines.executeStep()) {
        d.lines.push_back({lines.getColumn(0).getString(), lines.getColumn(1).getInt64(), lines.getColumn(2).getInt64(), lines.getColumn(3).getInt64()});
        priced.push_back({d.lines.back().quantity, d.lines.back().unit_price_minor, d.lines.back().tax_rate_bp});
    }
    d.totals = domain::compute_totals(priced, tip, deposit, paid);
    return d;
}

void add_payment(SQLite::Database& db, std::int64_t invoice_id, std::int64_t amount_minor, const std::string& method,
                 domain::Instant paid_at, std::optional<std::int64_t> recorded_by) {
    SQLite::Statement st(db, "INSERT INTO payments (invoice_id, amount_minor, method, paid_at, recorded_by) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, invoice_id);
    st.bind(2, amount_minor);
    st.bind(3, method);
    st.bind(4, domain::to_unix(paid_at));
    if (recorded_by) st.bind(5, *recorded_by); else st.bind(5);
    st.exec();
}

}  // namespace salonbox::storage::invoice_store
