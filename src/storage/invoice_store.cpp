#include "storage/invoice_store.h"

#include "domain/invoice_number.h"
#include "domain/payment_terms.h"
#include "domain/time_zone.h"
#include "storage/salon_store.h"
#include "storage/service_store.h"

#include "storage/statement.h"

#include <map>
#include <stdexcept>

namespace salonbox::storage::invoice_store {

std::int64_t create_draft(WriteTx& tx, std::int64_t customer_id, std::optional<std::int64_t> appointment_id,
                          const std::string& currency) {
    auto st = tx.prepare("INSERT INTO invoices (customer_id, appointment_id, currency, created_at) VALUES (?, ?, ?, ?)");
    st.bind(1, customer_id);
    if (appointment_id) st.bind(2, *appointment_id); else st.bind(2);
    st.bind(3, currency);
    st.bind(4, domain::to_unix(tx.now()));
    st.exec();
    return tx.last_insert_id();
}

void add_line(WriteTx& tx, std::int64_t invoice_id, const InvoiceLine& line) {
    auto st = tx.prepare("INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price_minor, tax_rate_bp) "
                             "VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM invoice_lines WHERE invoice_id = ?1), ?2, ?3, ?4, ?5)");
    st.bind(1, invoice_id);
    st.bind(2, line.description);
    st.bind(3, line.quantity);
    st.bind(4, line.unit_price_minor);
    st.bind(5, line.tax_rate_bp);
    st.exec();
}

namespace {
// The total of an invoice from its lines and tip, as compute_totals makes it.
std::int64_t draft_total(ReadTx& tx, std::int64_t invoice_id) {
    auto lines = tx.prepare("SELECT l.quantity, l.unit_price_minor, l.tax_rate_bp, i.tip_minor FROM invoices i "
                            "LEFT JOIN invoice_lines l ON l.invoice_id = i.id WHERE i.id = ?");
    lines.bind(1, invoice_id);
    std::vector<domain::PricedLine> priced;
    std::int64_t tip = 0;
    while (lines.executeStep()) {
        tip = lines.getColumn(3).getInt64();
        if (!lines.getColumn(0).isNull())
            priced.push_back({lines.getColumn(0).getInt64(), lines.getColumn(1).getInt64(), lines.getColumn(2).getInt64()});
    }
    return domain::compute_totals(priced, tip, 0, 0).total_minor;
}
}  // namespace

std::string take_number(WriteTx& tx, const std::string& pattern, const std::string& time_zone, domain::Instant issued_at) {
    auto local = domain::to_local(issued_at, time_zone);
    auto period = domain::invoice_period(pattern, local.year, local.month);
    auto bump = tx.prepare("INSERT INTO invoice_counters (period, last_value) VALUES (?, 1) "
                               "ON CONFLICT(period) DO UPDATE SET last_value = last_value + 1 RETURNING last_value");
    bump.bind(1, period);
    bump.executeStep();
    auto counter = bump.getColumn(0).getInt64();
    bump.reset();
    return domain::format_invoice_number(pattern, local.year, local.month, counter);
}

std::string issue(WriteTx& tx, std::int64_t invoice_id, domain::Instant issued_at) {
    auto salon = salon_store::load(tx);
    auto number = take_number(tx, salon.invoice_pattern, salon.time_zone, issued_at);
    auto st = tx.prepare("UPDATE invoices SET status = 'issued', number = ?, issued_at = ?, total_minor = ? WHERE id = ? AND status = 'draft'");
    st.bind(1, number);
    st.bind(2, domain::to_unix(issued_at));
    st.bind(3, draft_total(tx, invoice_id));
    st.bind(4, invoice_id);
    if (st.exec() != 1) throw std::runtime_error("invoice is not a draft");
    return number;
}

std::int64_t credited_minor(ReadTx& tx, std::int64_t invoice_id) {
    // A credit note's total is negative: what it takes off is its opposite.
    auto st = tx.prepare("SELECT coalesce(-sum(total_minor), 0) FROM invoices WHERE credit_note_for = ? AND status = 'issued'");
    st.bind(1, invoice_id);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

std::optional<InvoiceDocument> load(ReadTx& tx, std::int64_t invoice_id, std::optional<std::int64_t> customer_id) {
    auto head = tx.prepare("SELECT i.id, i.customer_id, coalesce(i.number, ''), i.status, i.currency, i.issued_at, i.credit_note_for, "
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
    auto lines = tx.prepare("SELECT description, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines WHERE invoice_id = ? ORDER BY position");
    lines.bind(1, d.id);
    std::vector<domain::PricedLine> priced;
    while (lines.executeStep()) {
        d.lines.push_back({lines.getColumn(0).getString(), lines.getColumn(1).getInt64(), lines.getColumn(2).getInt64(), lines.getColumn(3).getInt64()});
        priced.push_back({d.lines.back().quantity, d.lines.back().unit_price_minor, d.lines.back().tax_rate_bp});
    }
    auto payments = tx.prepare("SELECT paid_at, method, amount_minor FROM payments WHERE invoice_id = ? ORDER BY paid_at, id");
    payments.bind(1, d.id);
    while (payments.executeStep())
        d.payments.push_back({domain::from_unix(payments.getColumn(0).getInt64()), payments.getColumn(1).getString(),
                              payments.getColumn(2).getInt64()});
    d.totals = domain::compute_totals(priced, tip, deposit, paid, d.credit_note_for ? 0 : credited_minor(tx, d.id));
    return d;
}

int payment_due_days(ReadTx& tx) {
    auto st = tx.prepare("SELECT due_days FROM invoice_terms WHERE id = 1");
    return st.executeStep() ? st.getColumn(0).getInt() : domain::k_default_due_days;
}

void set_payment_due_days(WriteTx& tx, int days) {
    auto st = tx.prepare("INSERT INTO invoice_terms (id, due_days) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET due_days = ?1");
    st.bind(1, days);
    st.exec();
}

std::int64_t add_payment(WriteTx& tx, std::int64_t invoice_id, std::int64_t amount_minor, const std::string& method,
                         domain::Instant paid_at, std::optional<std::int64_t> recorded_by) {
    auto st = tx.prepare("INSERT INTO payments (invoice_id, amount_minor, method, paid_at, recorded_by) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, invoice_id);
    st.bind(2, amount_minor);
    st.bind(3, method);
    st.bind(4, domain::to_unix(paid_at));
    if (recorded_by) st.bind(5, *recorded_by); else st.bind(5);
    st.exec();
    return tx.last_insert_id();
}

std::optional<std::int64_t> newest_draft_of(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare("SELECT id FROM invoices WHERE customer_id = ? AND status = 'draft' AND credit_note_for IS NULL ORDER BY id DESC LIMIT 1");
    st.bind(1, customer_id);
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getInt64();
}

}  // namespace salonbox::storage::invoice_store

namespace salonbox::storage::invoice_store {

namespace {
std::vector<domain::PricedLine> priced(const std::vector<InvoiceDocument::Line>& lines) {
    std::vector<domain::PricedLine> out;
    out.reserve(lines.size());
    for (const auto& l : lines) out.push_back({l.quantity, l.unit_price_minor, l.tax_rate_bp});
    return out;
}
}  // namespace

namespace {
// One row per invoice with what its list row shows. Payments and credit notes are summed per row through
// payments_by_invoice and invoices_by_corrected; a draft's total_minor is NULL (its lines are read afterwards).
constexpr const char* k_summary_columns =
    "SELECT i.id, coalesce(i.number, ''), i.status, i.currency, c.first_name || ' ' || c.last_name, "
    "coalesce(i.issued_at, i.created_at), i.credit_note_for IS NOT NULL, i.tip_minor, i.deposit_minor, i.total_minor, "
    "(SELECT coalesce(sum(p.amount_minor), 0) FROM payments p WHERE p.invoice_id = i.id), "
    "(SELECT coalesce(-sum(n.total_minor), 0) FROM invoices n WHERE n.credit_note_for = i.id AND n.status = 'issued') ";
constexpr const char* k_summary_from = "FROM invoices i JOIN customers c ON c.id = i.customer_id ";
constexpr const char* k_newest_first_order = "ORDER BY coalesce(i.issued_at, i.created_at) DESC, i.id DESC ";
// ?1 is the LIMIT (a page and one more row, to know whether more follow) and ?2 the OFFSET.
constexpr const char* k_page_limit = "LIMIT ?1 OFFSET ?2";

// Reads the rows of a summary query bound up to its LIMIT (`limit` + 1 asked) and gives drafts their totals.
InvoicePage read_summaries(ReadTx& tx, Statement& st, int limit) {
    struct Draft {
        std::size_t row;
        std::int64_t tip, deposit, paid, credited;
        std::vector<domain::PricedLine> lines;
    };
    InvoicePage page;
    std::vector<Draft> drafts;
    std::string draft_ids = "[";
    while (st.executeStep()) {
        if (static_cast<int>(page.rows.size()) == limit) {
            page.more = true;
            break;
        }
        InvoiceListRow r;
        r.id = st.getColumn(0).getInt64();
        r.number = st.getColumn(1).getString();
        r.status = st.getColumn(2).getString();
        r.currency = st.getColumn(3).getString();
        r.customer_name = st.getColumn(4).getString();
        r.date = domain::from_unix(st.getColumn(5).getInt64());
        r.credit_note = st.getColumn(6).getInt() != 0;
        auto tip = st.getColumn(7).getInt64(), deposit = st.getColumn(8).getInt64();
        auto paid = st.getColumn(10).getInt64(), credited = st.getColumn(11).getInt64();
        if (st.getColumn(9).isNull()) {
            drafts.push_back({page.rows.size(), tip, deposit, paid, credited, {}});
            draft_ids += (draft_ids.size() > 1 ? "," : "") + std::to_string(r.id);
        } else {
            auto totals = domain::settle_total(st.getColumn(9).getInt64(), tip, deposit, paid, r.credit_note ? 0 : credited);
            r.total_minor = totals.total_minor;
            r.due_minor = totals.due_minor;
            r.display_status = domain::invoice_status({true, r.credit_note, 0, totals});
        }
        page.rows.push_back(std::move(r));
    }
    st.reset();
    if (drafts.empty()) return page;
    auto lines = tx.prepare("SELECT invoice_id, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines "
                            "WHERE invoice_id IN (SELECT value FROM json_each(?)) ORDER BY invoice_id, position");
    lines.bind(1, draft_ids + "]");
    std::map<std::int64_t, Draft*> by_id;
    for (auto& d : drafts) by_id[page.rows[d.row].id] = &d;
    while (lines.executeStep())
        by_id.at(lines.getColumn(0).getInt64())->lines.push_back({lines.getColumn(1).getInt64(), lines.getColumn(2).getInt64(), lines.getColumn(3).getInt64()});
    for (auto& d : drafts) {
        auto& r = page.rows[d.row];
        auto totals = domain::compute_totals(d.lines, d.tip, d.deposit, d.paid, 0);
        r.total_minor = totals.total_minor;
        r.due_minor = totals.due_minor;
        r.display_status = domain::InvoiceStatus::draft;
    }
    return page;
}
}  // namespace

InvoicePage list(ReadTx& tx, ListFilter filter, int offset, int limit) {
    // The page's ids first, from an index alone, then their rows: an OFFSET deep in five years of invoices
    // skips index entries, not joined and summed rows. Unpaid invoices come from the few rows of unpaid_invoices,
    // whose issue date is their list date.
    std::string ids = "SELECT i.id FROM invoices i ";
    switch (filter) {
        case ListFilter::all: ids += k_newest_first_order; break;
        case ListFilter::draft: ids += "WHERE i.status = 'draft' " + std::string(k_newest_first_order); break;
        case ListFilter::issued: ids += "WHERE i.status = 'issued' " + std::string(k_newest_first_order); break;
        case ListFilter::unpaid: ids = "SELECT u.invoice_id AS id FROM unpaid_invoices u ORDER BY u.issued_at DESC, u.invoice_id DESC "; break;
    }
    auto st = tx.prepare(std::string(k_summary_columns) + "FROM (" + ids + k_page_limit +
                         ") page JOIN invoices i ON i.id = page.id JOIN customers c ON c.id = i.customer_id " + k_newest_first_order);
    st.bind(1, limit + 1);
    st.bind(2, offset);
    return read_summaries(tx, st, limit);
}

UnpaidSummary unpaid_summary(ReadTx& tx) {
    UnpaidSummary summary;
    summary.count = static_cast<int>(kept_total(tx, "unpaid_invoices"));
    summary.due_minor = kept_total(tx, "unpaid_due_minor");
    if (summary.count == 0) return summary;
    auto oldest = tx.prepare(std::string(k_summary_columns) + k_summary_from +
                             "WHERE i.id = (SELECT invoice_id FROM unpaid_invoices ORDER BY issued_at, invoice_id LIMIT 1) " + k_page_limit);
    oldest.bind(1, 2);
    oldest.bind(2, 0);
    auto page = read_summaries(tx, oldest, 1);
    if (!page.rows.empty()) summary.oldest = std::move(page.rows.front());
    return summary;
}

InvoicePage of_customer(ReadTx& tx, std::int64_t customer_id, bool issued_only, int offset, int limit) {
    auto st = tx.prepare(std::string(k_summary_columns) + k_summary_from + "WHERE i.customer_id = ?3 AND (?4 = 0 OR i.status = 'issued') " +
                         k_newest_first_order + k_page_limit);
    st.bind(1, limit + 1);
    st.bind(2, offset);
    st.bind(3, customer_id);
    st.bind(4, issued_only ? 1 : 0);
    return read_summaries(tx, st, limit);
}

std::int64_t amount_due(ReadTx& tx, std::int64_t customer_id) {
    // unpaid_invoices holds what is still due on each issued invoice that is owed anything (kept by triggers
    // with the schema's one due formula); unpaid_invoice_customers finds the customer's among them, so the cost
    // follows what they owe, not how many invoices they ever had.
    auto st = tx.prepare("SELECT coalesce(sum(u.due_minor), 0) FROM unpaid_invoice_customers c "
                         "JOIN unpaid_invoices u ON u.invoice_id = c.invoice_id WHERE c.customer_id = ?");
    st.bind(1, customer_id);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

std::optional<AdminInvoice> load_admin(ReadTx& tx, std::int64_t invoice_id) {
    auto doc = load(tx, invoice_id, std::nullopt);
    if (!doc) return std::nullopt;
    AdminInvoice a;
    a.document = std::move(*doc);
    auto& d = a.document;
    // Lines again, with their ids, so that rows and totals below come from one read of each table.
    d.lines.clear();
    auto lines = tx.prepare("SELECT id, description, quantity, unit_price_minor, tax_rate_bp FROM invoice_lines WHERE invoice_id = ? ORDER BY position, id");
    lines.bind(1, invoice_id);
    while (lines.executeStep()) {
        a.line_ids.push_back(lines.getColumn(0).getInt64());
        d.lines.push_back({lines.getColumn(1).getString(), lines.getColumn(2).getInt64(), lines.getColumn(3).getInt64(), lines.getColumn(4).getInt64()});
    }
    auto pays = tx.prepare("SELECT p.id, p.amount_minor, p.method, p.paid_at, coalesce(u.display_name, '') FROM payments p "
                               "LEFT JOIN users u ON u.id = p.recorded_by WHERE p.invoice_id = ? ORDER BY p.paid_at, p.id");
    pays.bind(1, invoice_id);
    std::int64_t paid = 0;
    while (pays.executeStep()) {
        PaymentRow p;
        p.id = pays.getColumn(0).getInt64();
        p.amount_minor = pays.getColumn(1).getInt64();
        p.method = pays.getColumn(2).getString();
        p.paid_at = domain::from_unix(pays.getColumn(3).getInt64());
        p.recorded_by = pays.getColumn(4).getString();
        paid += p.amount_minor;
        a.payments.push_back(std::move(p));
    }
    d.totals = domain::compute_totals(priced(d.lines), d.totals.tip_minor, d.totals.deposit_minor, paid, d.totals.credited_minor);

    auto extra = tx.prepare("SELECT i.created_at, i.appointment_id, coalesce(o.number, '') FROM invoices i "
                                "LEFT JOIN invoices o ON o.id = i.credit_note_for WHERE i.id = ?");
    extra.bind(1, invoice_id);
    if (extra.executeStep()) {
        a.created_at = domain::from_unix(extra.getColumn(0).getInt64());
        if (!extra.getColumn(1).isNull()) a.appointment_id = extra.getColumn(1).getInt64();
        a.corrects_number = extra.getColumn(2).getString();
    }
    auto notes = tx.prepare("SELECT id, coalesce(number, '') FROM invoices WHERE credit_note_for = ? ORDER BY id");
    notes.bind(1, invoice_id);
    while (notes.executeStep()) a.credit_notes.push_back({notes.getColumn(0).getInt64(), notes.getColumn(1).getString()});
    return a;
}

std::optional<InvoiceState> state(ReadTx& tx, std::int64_t invoice_id) {
    auto document = load(tx, invoice_id, std::nullopt);
    if (!document) return std::nullopt;
    return InvoiceState{document->facts(), document->currency};
}

bool set_adjustments(WriteTx& tx, std::int64_t invoice_id, std::int64_t tip_minor, std::int64_t deposit_minor) {
    auto st = tx.prepare("UPDATE invoices SET tip_minor = ?, deposit_minor = ? WHERE id = ? AND status = 'draft'");
    st.bind(1, tip_minor);
    st.bind(2, deposit_minor);
    st.bind(3, invoice_id);
    return st.exec() == 1;
}

bool delete_line(WriteTx& tx, std::int64_t invoice_id, std::int64_t line_id) {
    auto st = tx.prepare("DELETE FROM invoice_lines WHERE id = ? AND invoice_id = ?");
    st.bind(1, line_id);
    st.bind(2, invoice_id);
    return st.exec() == 1;
}

std::int64_t creditable_minor(ReadTx& tx, std::int64_t original_id) {
    auto original = load(tx, original_id, std::nullopt);
    if (!original) return 0;
    auto left = original->totals.total_minor - original->totals.credited_minor;
    auto drafts = tx.prepare("SELECT id FROM invoices WHERE credit_note_for = ? AND status = 'draft'");
    drafts.bind(1, original_id);
    std::vector<std::int64_t> draft_ids;
    while (drafts.executeStep()) draft_ids.push_back(drafts.getColumn(0).getInt64());
    // A credit note's total is negative: what it would take off is its opposite.
    for (auto id : draft_ids)
        if (auto note = load(tx, id, std::nullopt)) left += note->totals.total_minor;
    return std::max<std::int64_t>(left, 0);
}

std::optional<std::int64_t> create_credit_note(WriteTx& tx, std::int64_t original_id, const std::string& tip_description) {
    if (creditable_minor(tx, original_id) <= 0) return std::nullopt;
    auto head = tx.prepare("INSERT INTO invoices (customer_id, appointment_id, credit_note_for, currency, created_at) "
                               "SELECT customer_id, appointment_id, id, currency, ? FROM invoices WHERE id = ? AND status = 'issued'");
    head.bind(1, domain::to_unix(tx.now()));
    head.bind(2, original_id);
    if (head.exec() != 1) throw std::runtime_error("only an issued invoice can be credited");
    auto id = tx.last_insert_id();
    auto lines = tx.prepare("INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price_minor, tax_rate_bp) "
                                "SELECT ?, position, description, -quantity, unit_price_minor, tax_rate_bp FROM invoice_lines "
                                "WHERE invoice_id = ? ORDER BY position");
    lines.bind(1, id);
    lines.bind(2, original_id);
    lines.exec();
    auto tip = tx.prepare("INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price_minor, tax_rate_bp) "
                              "SELECT ?1, (SELECT coalesce(max(position), 0) + 1 FROM invoice_lines WHERE invoice_id = ?1), ?2, -1, tip_minor, 0 "
                              "FROM invoices WHERE id = ?3 AND tip_minor > 0");
    tip.bind(1, id);
    tip.bind(2, tip_description);
    tip.bind(3, original_id);
    tip.exec();
    return id;
}

bool customer_is_active(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare("SELECT 1 FROM customers WHERE id = ? AND archived_at IS NULL");
    st.bind(1, customer_id);
    return st.executeStep();
}

namespace {
// The line names the service in the customer's language, else the salon's: the language of the invoice's PDF
// (web/invoice_pdf.cpp). The text is copied onto the invoice, so an issued invoice keeps it as it was.
std::string appointment_select() {
    return "SELECT a.id, a.customer_id, c.first_name || ' ' || c.last_name, an.name, a.starts_at, " + service_store::localized_name_sql("s", "c.locale") +
           ", s.price_minor, s.tax_rate_bp "
           "FROM appointments a JOIN customers c ON c.id = a.customer_id JOIN animals an ON an.id = a.animal_id "
           "LEFT JOIN services s ON s.id = a.service_id ";
}

AppointmentForInvoice appointment_row(Statement& st) {
    AppointmentForInvoice a;
    a.appointment_id = st.getColumn(0).getInt64();
    a.customer_id = st.getColumn(1).getInt64();
    a.customer_name = st.getColumn(2).getString();
    a.animal_name = st.getColumn(3).getString();
    a.starts_at = domain::from_unix(st.getColumn(4).getInt64());
    if (!st.getColumn(5).isNull())
        a.line = InvoiceLine{st.getColumn(5).getString() + " \u2013 " + a.animal_name, 1, st.getColumn(6).getInt64(), st.getColumn(7).getInt64()};
    return a;
}
}  // namespace

std::string line_language(ReadTx& tx, std::int64_t invoice_id) {
    auto st = tx.prepare("SELECT c.locale FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ?");
    st.bind(1, invoice_id);
    return st.executeStep() ? st.getColumn(0).getString() : std::string();
}

std::optional<AppointmentForInvoice> appointment_for_invoice(ReadTx& tx, std::int64_t appointment_id) {
    auto st = tx.prepare(appointment_select() + "WHERE a.id = ?");
    st.bind(1, appointment_id);
    if (!st.executeStep()) return std::nullopt;
    return appointment_row(st);
}

std::vector<AppointmentForInvoice> appointments_without_invoice(ReadTx& tx, domain::Instant from, domain::Instant to, int limit) {
    auto st = tx.prepare(appointment_select() +
                                 "WHERE a.starts_at >= ? AND a.starts_at < ? AND a.status <> 'cancelled' "
                                 "AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.appointment_id = a.id) ORDER BY a.starts_at DESC, a.id DESC LIMIT ?");
    st.bind(1, domain::to_unix(from));
    st.bind(2, domain::to_unix(to));
    st.bind(3, limit);
    std::vector<AppointmentForInvoice> out;
    while (st.executeStep()) out.push_back(appointment_row(st));
    return out;
}

std::vector<InvoiceRef> invoices_for_appointment(ReadTx& tx, std::int64_t appointment_id) {
    auto st = tx.prepare("SELECT id, coalesce(number, '') FROM invoices WHERE appointment_id = ? ORDER BY id");
    st.bind(1, appointment_id);
    std::vector<InvoiceRef> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString()});
    return out;
}

std::optional<std::int64_t> draft_for_appointment(ReadTx& tx, std::int64_t appointment_id) {
    auto st = tx.prepare("SELECT min(id) FROM invoices WHERE appointment_id = ? AND status = 'draft' AND credit_note_for IS NULL");
    st.bind(1, appointment_id);
    if (!st.executeStep() || st.getColumn(0).isNull()) return std::nullopt;
    return st.getColumn(0).getInt64();
}

}  // namespace salonbox::storage::invoice_store
