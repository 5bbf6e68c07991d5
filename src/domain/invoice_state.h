// The rules of an invoice's life: the one status every screen and document shows, and the changes it takes.
#pragma once

#include "domain/action_set.h"
#include "domain/invoice_totals.h"

#include <optional>
#include <string>
#include <string_view>

namespace salonbox::domain {

// What is stored about an invoice: the facts its status and its actions follow from.
struct InvoiceFacts {
    bool issued = false;       // it has its number and is frozen
    bool credit_note = false;  // it corrects another invoice
    int line_count = 0;
    InvoiceTotals totals;      // total, deposit, payments, what issued credit notes take off, what is due
};

enum class InvoiceStatus {
    draft,        // not issued: no number, still changes, never shown to the customer
    unpaid,       // issued and something is still due
    paid,         // issued and nothing is due: deposit, payments (and a partial credit note) cover the total
    credited,     // issued and credit notes take off its whole total: cancelled, whatever had been paid
    credit_note,  // an issued credit note, which nobody pays
};

// The admin invoice list, the admin customer page, the portal and the PDF all show this, so they agree.
InvoiceStatus invoice_status(const InvoiceFacts& facts);
// "draft", "unpaid", "paid", "credited", "credit_note": the last part of the status's i18n keys.
std::string_view to_string(InvoiceStatus status);

enum class InvoiceAction {
    add_line,     // type a new line
    delete_line,  // delete one of its lines (how a credit note draft is narrowed)
    adjust,       // set tip and deposit
    issue,        // assign the number and freeze it
    add_payment,
    credit_note,  // start a credit note correcting it
};

// Why `action` does not apply to an invoice with these facts, as an i18n message key; nothing when it
// does. Handlers ask it inside the transaction that then makes the change, so the answer cannot go stale.
std::optional<std::string> invoice_refusal(const InvoiceFacts& facts, InvoiceAction action);
// Every action invoice_refusal lets through: what the invoice page offers.
ActionSet<InvoiceAction> invoice_actions(const InvoiceFacts& facts);

}  // namespace salonbox::domain
