#include "storage/bulk_history.h"

#include "domain/invoice_totals.h"
#include "storage/salon_store.h"
#include "storage/statement.h"

#include <SQLiteCpp/Database.h>

namespace salonbox::storage {

BulkHistory::BulkHistory(WriteTx& tx) : tx_(tx) {
    auto salon = salon_store::load(tx);
    pattern_ = salon.invoice_pattern;
    time_zone_ = salon.time_zone;
    currency_ = salon.currency;
    // Without it the default 2 MB cache spills pages to the WAL over and over before the commit.
    cache_size_before_ = query_int(tx, "PRAGMA cache_size");
    tx.connection().exec("PRAGMA cache_size = -262144");
}

BulkHistory::~BulkHistory() {
    try {
        tx_.connection().exec("PRAGMA cache_size = " + std::to_string(cache_size_before_));
    } catch (...) {
    }
}

std::int64_t BulkHistory::add_customer(const Customer& c, domain::Instant created_at) { return customer_store::insert(tx_, c, created_at); }

std::int64_t BulkHistory::add_animal(const Animal& a, domain::Instant created_at) { return animal_store::insert(tx_, a, created_at); }

std::int64_t BulkHistory::add_appointment(const Appointment& a, domain::Instant booked_at) {
    return appointment_store::insert(tx_, a, booked_at).value();
}

BulkHistory::Issued BulkHistory::add_issued_invoice(const Invoice& invoice) {
    const auto issued = domain::to_unix(invoice.issued_at);
    // A draft first, then its lines, then the issue: the database freezes an issued invoice's lines.
    auto head = tx_.prepare("INSERT INTO invoices (customer_id, appointment_id, credit_note_for, currency, tip_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    head.bind(1, invoice.customer_id);
    if (invoice.appointment_id) head.bind(2, *invoice.appointment_id); else head.bind(2);
    if (invoice.credit_note_for) head.bind(3, *invoice.credit_note_for); else head.bind(3);
    head.bind(4, currency_);
    head.bind(5, invoice.tip_minor);
    head.bind(6, issued);
    head.exec();
    const auto id = tx_.last_insert_id();
    auto line = tx_.prepare("INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price_minor, tax_rate_bp) VALUES (?, ?, ?, ?, ?, ?)");
    std::vector<domain::PricedLine> priced;
    int position = 0;
    for (const auto& l : invoice.lines) {
        line.reset();
        line.bind(1, id);
        line.bind(2, ++position);
        line.bind(3, l.description);
        line.bind(4, l.quantity);
        line.bind(5, l.unit_price_minor);
        line.bind(6, l.tax_rate_bp);
        line.exec();
        priced.push_back({l.quantity, l.unit_price_minor, l.tax_rate_bp});
    }
    const auto total = domain::compute_totals(priced, invoice.tip_minor, 0, 0).total_minor;
    auto issue = tx_.prepare("UPDATE invoices SET status = 'issued', number = ?, issued_at = ?, total_minor = ? WHERE id = ?");
    issue.bind(1, invoice_store::take_number(tx_, pattern_, time_zone_, invoice.issued_at));
    issue.bind(2, issued);
    issue.bind(3, total);
    issue.bind(4, id);
    issue.exec();
    return {id, total};
}

void BulkHistory::add_payment(std::int64_t invoice_id, std::int64_t amount_minor, const std::string& method, domain::Instant paid_at,
                              std::optional<std::int64_t> recorded_by) {
    invoice_store::add_payment(tx_, invoice_id, amount_minor, method, paid_at, recorded_by);
}

std::int64_t BulkHistory::add_request(const AppointmentRequest& r, domain::Instant created_at, std::optional<domain::Instant> decided_at,
                                      std::optional<std::int64_t> decided_by) {
    auto st = tx_.prepare("INSERT INTO appointment_requests (customer_id, animal_id, starts_at, ends_at, comments, status, decided_by, "
                          "decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, r.customer_id);
    st.bind(2, r.animal_id);
    st.bind(3, domain::to_unix(r.starts_at));
    st.bind(4, domain::to_unix(r.ends_at));
    st.bind(5, r.comments);
    st.bind(6, r.status);
    if (decided_by) st.bind(7, *decided_by); else st.bind(7);
    if (decided_at) st.bind(8, domain::to_unix(*decided_at)); else st.bind(8);
    st.bind(9, domain::to_unix(created_at));
    st.exec();
    return tx_.last_insert_id();
}

void BulkHistory::add_sent_email(const std::string& to_address, const std::string& to_name, const std::string& subject, const std::string& body,
                                 domain::Instant sent_at) {
    auto st = tx_.prepare("INSERT INTO outbox (to_address, to_name, subject, body_text, status, next_attempt_at, created_at, sent_at) "
                          "VALUES (?1, ?2, ?3, ?4, 'sent', ?5, ?5, ?5)");
    st.bind(1, to_address);
    st.bind(2, to_name);
    st.bind(3, subject);
    st.bind(4, body);
    st.bind(5, domain::to_unix(sent_at));
    st.exec();
}

}  // namespace salonbox::storage
