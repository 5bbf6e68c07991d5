// Invoices: drafts with lines, issuing with the gapless number, and payments.
#pragma once

#include "domain/clock.h"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>

namespace salonbox::storage {

struct InvoiceLine {
    std::string description;
    std::int64_t quantity = 1;
    std::int64_t unit_price_minor = 0;
    std::int64_t tax_rate_bp = 0;
};

namespace invoice_store {
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
