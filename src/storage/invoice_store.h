// Invoices: drafts with lines, issuing with the gapless number, and payments.
#pragma once

#include "domain/clock.h"
#include "domain/invoice_state.h"
#include "domain/invoice_totals.h"

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

struct InvoiceLine {
    std::string description;
    std::int64_t quantity = 1;
    std::int64_t unit_price_minor = 0;
    std::int64_t tax_rate_bp = 0;
};

// An invoice with everything its PDF shows.
struct InvoiceDocument {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::string number;  // empty for a draft
    std::string status;
    std::string currency;
    std::optional<domain::Instant> issued_at;
    std::optional<std::int64_t> credit_note_for;
    std::string customer_name, customer_address, customer_email, customer_locale;
    struct Line {
        std::string description;
        std::int64_t quantity, unit_price_minor, tax_rate_bp;
    };
    std::vector<Line> lines;
    struct Payment {
        domain::Instant paid_at;
        std::string method;  // "card", "cash", "transfer", "other"
        std::int64_t amount_minor;
    };
    std::vector<Payment> payments;  // oldest first
    domain::InvoiceTotals totals;

    // What its status and the changes it takes follow from (domain/invoice_state.h).
    domain::InvoiceFacts facts() const { return {status == "issued", credit_note_for.has_value(), static_cast<int>(lines.size()), totals}; }
};

namespace invoice_store {
// The invoice, or nothing. With `customer_id`, only that customer's issued invoices are found (the portal's
// scoping); without it, any invoice of the salon (the admin panel).
std::optional<InvoiceDocument> load(ReadTx& tx, std::int64_t invoice_id, std::optional<std::int64_t> customer_id);
// What the issued credit notes correcting `invoice_id` take off its total (a positive amount).
std::int64_t credited_minor(ReadTx& tx, std::int64_t invoice_id);

std::int64_t create_draft(WriteTx& tx, std::int64_t customer_id, std::optional<std::int64_t> appointment_id,
                          const std::string& currency);
void add_line(WriteTx& tx, std::int64_t invoice_id, const InvoiceLine& line);
// Assigns the next number of the invoice's period (from the salon's pattern and the issue date in the salon's
// zone) and freezes the invoice. Must run inside the caller's IMMEDIATE transaction, which makes the counter
// gapless: a rolled-back issue takes its number back with it. Returns the number.
std::string issue(WriteTx& tx, std::int64_t invoice_id, domain::Instant issued_at);
// The next number of the period of `issued_at` (salon time, salon pattern), taken from the counters: what issue
// assigns, for a writer that issues many at once (storage/bulk_history.h). Same transaction rules as issue.
std::string take_number(WriteTx& tx, const std::string& pattern, const std::string& time_zone, domain::Instant issued_at);
// Returns the payment's id.
std::int64_t add_payment(WriteTx& tx, std::int64_t invoice_id, std::int64_t amount_minor, const std::string& method,
                         domain::Instant paid_at, std::optional<std::int64_t> recorded_by);
// The customer's newest draft invoice (not a credit note), where a sale at the desk goes; nothing when none.
std::optional<std::int64_t> newest_draft_of(ReadTx& tx, std::int64_t customer_id);

// The salon's payment terms: days from issue to due date (domain/payment_terms.h), the default until set.
int payment_due_days(ReadTx& tx);
void set_payment_due_days(WriteTx& tx, int days);

// --- The admin panel's screens ---

// One row of the invoice list. `date` is the issue date, or the creation date of a draft.
struct InvoiceListRow {
    std::int64_t id = 0;
    std::string number;  // empty for a draft
    std::string status;
    std::string currency;
    std::string customer_name;
    domain::Instant date{};
    std::int64_t total_minor = 0, due_minor = 0;
    bool credit_note = false;
    domain::InvoiceStatus display_status = domain::InvoiceStatus::draft;
};
enum class ListFilter { all, draft, issued, unpaid };  // unpaid: the display status unpaid
// A page of a list, newest first, and whether older rows follow it.
struct InvoicePage {
    std::vector<InvoiceListRow> rows;
    bool more = false;
};
// At most `limit` invoices matching `filter` from `offset` on, newest first (issue date, or creation date for
// drafts). An issued invoice's total is the one frozen when it was issued and its payments and credit notes are
// sums, so a page reads only its own rows; only a draft's lines are read (one query for the page's drafts).
InvoicePage list(ReadTx& tx, ListFilter filter, int offset, int limit);
// What customers owe the salon: how many issued invoices still have something due, the sum due, and the one
// issued longest ago. Reads every issued invoice's sums (an aggregate, no rows kept).
struct UnpaidSummary {
    int count = 0;
    std::int64_t due_minor = 0;
    std::optional<InvoiceListRow> oldest;
};
UnpaidSummary unpaid_summary(ReadTx& tx);
// The same for one customer's invoices, drafts included unless `issued_only` (the portal).
InvoicePage of_customer(ReadTx& tx, std::int64_t customer_id, bool issued_only, int offset, int limit);
// What the customer still owes over all their issued invoices.
std::int64_t amount_due(ReadTx& tx, std::int64_t customer_id);

struct PaymentRow {
    std::int64_t id = 0;
    std::int64_t amount_minor = 0;
    std::string method;
    domain::Instant paid_at{};
    std::string recorded_by;  // display name of the staff member, "" when unknown
};

struct InvoiceRef {
    std::int64_t id = 0;
    std::string number;  // empty for a draft
};

// What the admin page of one invoice shows. Lines, payments and totals come from the same queries, so
// the totals always add up to the rows shown.
struct AdminInvoice {
    InvoiceDocument document;
    std::vector<std::int64_t> line_ids;  // line_ids[i] is the id of document.lines[i]
    std::vector<PaymentRow> payments;    // oldest first
    domain::Instant created_at{};
    std::optional<std::int64_t> appointment_id;
    std::string corrects_number;            // number of the invoice a credit note corrects
    std::vector<InvoiceRef> credit_notes;   // the credit notes correcting this invoice, oldest first
};
std::optional<AdminInvoice> load_admin(ReadTx& tx, std::int64_t invoice_id);

// What a write must know before it touches an invoice; nothing for an unknown id.
struct InvoiceState {
    domain::InvoiceFacts facts;
    std::string currency;
};
std::optional<InvoiceState> state(ReadTx& tx, std::int64_t invoice_id);
// The language a line made from a service is written in: the invoice's customer's, as its PDF is; "" for the
// salon's (service_store names a service in it).
std::string line_language(ReadTx& tx, std::int64_t invoice_id);

// Tip and deposit of a draft. False (and nothing changed) when the invoice is not a draft.
bool set_adjustments(WriteTx& tx, std::int64_t invoice_id, std::int64_t tip_minor, std::int64_t deposit_minor);
// Deletes line `line_id` of draft `invoice_id`. False when that invoice has no such line. An issued invoice's
// lines are refused by the database (StorageError): callers check the state first.
bool delete_line(WriteTx& tx, std::int64_t invoice_id, std::int64_t line_id);
// A new draft correcting issued invoice `original_id`: same customer, currency and appointment, its lines with
// negated quantities and, when it had a tip, one more line `tip_description` of -1 x the tip at 0 % (a tip
// column cannot be negative), so that the credit note's total is the exact opposite of the original's. The
// deposit is not carried: it was money received, not billed. The original is not touched. Returns the id;
// nothing (and nothing written) when nothing is left to credit (creditable_minor is 0), so of two managers
// crediting an invoice at once only the first gets a credit note; throws when the original is not issued.
std::optional<std::int64_t> create_credit_note(WriteTx& tx, std::int64_t original_id, const std::string& tip_description);
// What is still left to credit on invoice `original_id`: its total less what its issued credit notes take off
// and what its draft credit notes would take off; never below zero.
std::int64_t creditable_minor(ReadTx& tx, std::int64_t original_id);

bool customer_is_active(ReadTx& tx, std::int64_t customer_id);

// An appointment as a new invoice starts from it: its customer and, when it has a service, one line
// "<service> – <animal>", quantity 1, at the service's price and tax rate.
struct AppointmentForInvoice {
    std::int64_t appointment_id = 0;
    std::int64_t customer_id = 0;
    std::string customer_name, animal_name;
    domain::Instant starts_at{};
    std::optional<InvoiceLine> line;
};
std::optional<AppointmentForInvoice> appointment_for_invoice(ReadTx& tx, std::int64_t appointment_id);
// Appointments starting in [from, to), not cancelled, that no invoice mentions yet, most recent first, at most `limit`.
std::vector<AppointmentForInvoice> appointments_without_invoice(ReadTx& tx, domain::Instant from, domain::Instant to, int limit);
// Invoices (drafts included) already made from an appointment, oldest first.
std::vector<InvoiceRef> invoices_for_appointment(ReadTx& tx, std::int64_t appointment_id);
// The draft invoice (not a credit note) already made from an appointment, the oldest when there are several:
// invoicing an appointment again opens it instead of starting another.
std::optional<std::int64_t> draft_for_appointment(ReadTx& tx, std::int64_t appointment_id);
}  // namespace invoice_store

}  // namespace salonbox::storage
