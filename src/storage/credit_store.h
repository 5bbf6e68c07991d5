// Account credit: the ledger of money the salon holds for each customer, its balance and its history.
#pragma once

#include "domain/account_credit.h"
#include "domain/clock.h"
#include "storage/database.h"
#include "storage/store_result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

struct CreditEntry {
    std::int64_t customer_id = 0;
    std::int64_t amount_minor = 0;  // + adds to the balance, - takes from it (domain::credit_kind_adds)
    domain::CreditKind kind = domain::CreditKind::prepayment;
    std::string note;
    std::optional<std::int64_t> invoice_id, payment_id, recorded_by;
};

struct CreditRow {
    std::int64_t id = 0;
    std::int64_t amount_minor = 0;
    domain::CreditKind kind = domain::CreditKind::prepayment;
    std::string note;
    domain::Instant at{};
    std::optional<std::int64_t> invoice_id;
    std::string invoice_number;  // "" for none or a draft
    std::string recorded_by;     // staff display name, "" when unknown
};

namespace credit_store {
// The sum of the customer's entries (0 without any).
std::int64_t balance(ReadTx& tx, std::int64_t customer_id);
// The customer's entries, newest first, at most `limit`. Every row is the customer's own (filtered in SQL), so
// the portal may show them as they are.
std::vector<CreditRow> entries(ReadTx& tx, std::int64_t customer_id, int limit);
// Appends an entry stamped with the transaction's time; StoreError::credit_short when a debit would take the
// balance below zero (decided by the database inside this write transaction, so two debits at once cannot both
// take the last of it).
StoreResult<std::int64_t> add(WriteTx& tx, const CreditEntry& entry);
// What credit paid of the invoices of appointment `appointment_id` (a positive amount; 0 when none): for a
// receipt to say "paid from account credit".
std::int64_t used_for_appointment(ReadTx& tx, std::int64_t appointment_id);
}  // namespace credit_store

}  // namespace salonbox::storage
