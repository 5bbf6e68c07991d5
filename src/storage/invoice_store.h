// Invoices: drafts with lines, issuing with the gapless number, and payments.
#pragma once

#include "domain/clock.h"
#include "domain/invoice_totals.h"

#include <SQLiteCpp/Database.h>

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
    domain::InvoiceTotals totals;
};

namespace invoice_store {
// The invoice, or nothing. With `customer_id`, only that customer's issued invoices are found (the portal's
// scoping); without it, any invoice of the salon (the admin panel).
std::optional<InvoiceDocument> load(SQLite::Database& db, std::int64_t invoice_id, std::optional<std::int64_t> customer_id);

std::int64_t create_draft(SQLite::Database& db, std::int64_t customer_id, std::optional<std::int64_t> appointment_id,
                          const std::string& currency);
void add_line(SQLite::Database& db, std::int64_t invoice_id, const InvoiceLine& line);
// Assigns the next number of the invoice's period (from the salon's pattern and the issue date in the salon's
// zone) and freezes the invoice. Must run inside the caller's IMMEDIATE transaction, which makes the counter
// gapless: a rolled-back issue takes its number back with it. Returns the number.
std::string issue(SQLite::Database& db, std::int64_t invoice_id, domain::Instant issued_at);
void add_payment(SQLite::Database& db, std::int64_t invoice_id, std::int64_t amount_minor, const std::string& method,
                 domain::Instant paid_at, std::optional<std::int64_t> recorded_by);
}  // namespace invoice_store

}  // namespace salonbox::storage
