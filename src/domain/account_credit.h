// Account credit: the kinds of entries of a customer's credit ledger, what staff type to record one, and the
// rule that a balance never goes below zero.
#pragma once

#include "domain/invoice_totals.h"
#include "domain/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salonbox::domain {

// Why money entered or left the customer's credit. Entries of the first four kinds are positive (the salon
// holds more for the customer), the last two negative. The stored text is also the last part of the i18n key
// credit.kind.<kind>.
enum class CreditKind {
    prepayment,       // money paid in advance at the desk
    gift,             // a gift amount (a voucher the salon gave or a third party paid for)
    overpayment,      // paid more than an invoice asked
    credit_note,      // a credit note kept as credit instead of refunded
    invoice_payment,  // credit used to pay an invoice
    refund,           // credit paid back to the customer
};

std::string_view to_string(CreditKind kind);
std::optional<CreditKind> parse_credit_kind(std::string_view text);
// Whether entries of this kind add to the balance (true) or take from it.
bool credit_kind_adds(CreditKind kind);

struct TypedCredit {
    std::int64_t amount_minor = 0;  // > 0: what the entry adds
    CreditKind kind = CreditKind::prepayment;
    std::string note;  // trimmed, may be empty
};

// What staff record at the desk: a prepayment or a gift amount. The first error names its field: amount
// (money of `currency` above 0: credit.error.amount), kind (prepayment or gift: credit.error.kind), note (at
// most 200 characters, no control characters: credit.error.note).
Result<TypedCredit> check_credit_deposit(std::string_view amount, std::string_view kind, std::string_view note,
                                         std::string_view currency);

// Why taking `debit_minor` (> 0) from a balance of `balance_minor` is refused (credit.error.short), or nothing.
// The database applies the same rule in the transaction that writes the entry (schema.sql's trigger), so two
// payments at once cannot both take the last of a balance.
std::optional<std::string> credit_debit_refusal(std::int64_t balance_minor, std::int64_t debit_minor);

// What a credit note taking `credited_minor` (> 0) off invoice `corrected` (its totals before this note is
// issued) gives back to the customer: the part of what they paid (deposit and payments) that the invoice no
// longer asks for because of this note. It is what the salon refunds, or keeps as account credit
// (CreditKind::credit_note) when staff choose so; 0 when the note only lowers what is due. Credit notes never
// give back more than was paid, however many correct the same invoice.
std::int64_t credit_note_repayable_minor(std::int64_t credited_minor, const InvoiceTotals& corrected);

}  // namespace salonbox::domain
