// Receipts of past appointments: what the customer's receipt PDF shows, for the portal and the admin panel.
#pragma once

#include "domain/clock.h"
#include "storage/database.h"
#include "storage/invoice_store.h"
#include "storage/package_store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage::receipt_store {

// An appointment has a receipt once it has started and unless it was cancelled. The invoice a receipt shows
// is the latest issued invoice made from the appointment that is not a credit note (drafts never count).

struct ReceiptRow {
    std::int64_t appointment_id = 0;
    domain::Instant starts_at{};
    std::string animal_name, service;
    std::string invoice_number;  // "" when no invoice was issued for it
};
struct ReceiptPage {
    std::vector<ReceiptRow> rows;
    bool more = false;  // older receipts follow
};
// A page of the customer's receipts, newest first, services named in `lang`: `limit` rows after skipping `offset`.
ReceiptPage list(ReadTx& tx, std::int64_t customer_id, domain::Instant now, std::string_view lang, int offset, int limit);

struct Receipt {
    std::int64_t appointment_id = 0;
    domain::Instant starts_at{}, ends_at{};
    std::string status;  // the appointment's
    std::string animal_name, service, staff_name;
    std::string customer_name, customer_address, customer_email, customer_locale;
    // The service at its current price, for an appointment no invoice was issued for.
    std::optional<InvoiceLine> service_line;
    std::optional<InvoiceDocument> invoice;
    // What paid for the appointment besides money: the package session it used, and the account credit
    // debited on its invoices (0 when none).
    std::optional<PackageSession> package_session;
    std::int64_t credit_used_minor = 0;
};
// The receipt of appointment `appointment_id`, or nothing (unknown, not started, cancelled). With
// `customer_id` only that customer's appointments are found, in the same query: another customer's receipt
// and a missing one are the same nothing.
std::optional<Receipt> load(ReadTx& tx, std::int64_t appointment_id, std::optional<std::int64_t> customer_id, domain::Instant now);

}  // namespace salonbox::storage::receipt_store
