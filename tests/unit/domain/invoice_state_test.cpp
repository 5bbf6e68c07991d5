#include "domain/invoice_state.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salonbox::domain;

namespace {
// An invoice of one line of `total` at 0 % tax; credit notes, deposit and payments as given.
InvoiceFacts facts(bool issued, bool credit_note, std::int64_t total, std::int64_t deposit, std::int64_t paid, std::int64_t credited,
                   int lines = 1) {
    InvoiceFacts f;
    f.issued = issued;
    f.credit_note = credit_note;
    f.line_count = lines;
    f.totals = compute_totals({{1, total, 0}}, 0, deposit, paid, credited);
    return f;
}

std::string refusal_of(const InvoiceFacts& f, InvoiceAction a) { return invoice_refusal(f, a).value_or("allowed"); }
}  // namespace

TEST_CASE("the status every screen shows follows from the facts, deposit and credit notes included") {
    struct Case {
        const char* what;
        InvoiceFacts facts;
        InvoiceStatus status;
    };
    const std::vector<Case> cases{
        {"a draft, even fully covered by its deposit", facts(false, false, 5000, 5000, 0, 0), InvoiceStatus::draft},
        {"a draft credit note", facts(false, true, -5000, 0, 0, 0), InvoiceStatus::draft},
        {"issued, nothing paid", facts(true, false, 5000, 0, 0, 0), InvoiceStatus::unpaid},
        {"issued, partly paid", facts(true, false, 5000, 0, 2000, 0), InvoiceStatus::unpaid},
        {"issued, the deposit leaves something due", facts(true, false, 5000, 1000, 0, 0), InvoiceStatus::unpaid},
        {"issued, paid in full", facts(true, false, 5000, 0, 5000, 0), InvoiceStatus::paid},
        {"issued, deposit and payment cover it", facts(true, false, 5000, 1000, 4000, 0), InvoiceStatus::paid},
        {"issued, the deposit alone covers it", facts(true, false, 5000, 5000, 0, 0), InvoiceStatus::paid},
        {"settled by a credit note of its whole total", facts(true, false, 5000, 0, 0, 5000), InvoiceStatus::credited},
        {"paid, then cancelled by a credit note", facts(true, false, 5000, 0, 5000, 5000), InvoiceStatus::credited},
        {"with a deposit, cancelled by a credit note", facts(true, false, 5000, 1000, 0, 5000), InvoiceStatus::credited},
        {"a partial credit note and the deposit settle it", facts(true, false, 7000, 3000, 0, 5000), InvoiceStatus::paid},
        {"a partial credit note, payments settle the rest", facts(true, false, 5000, 0, 3000, 2000), InvoiceStatus::paid},
        {"a partial credit note, something still due", facts(true, false, 5000, 0, 0, 2000), InvoiceStatus::unpaid},
        {"an issued credit note", facts(true, true, -5000, 0, 0, 0), InvoiceStatus::credit_note},
        {"an issued invoice of nothing", facts(true, false, 0, 0, 0, 0), InvoiceStatus::paid},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(to_string(invoice_status(c.facts)) == to_string(c.status));
    }
}

TEST_CASE("each action names why it does not apply, and the page offers exactly the others") {
    using A = InvoiceAction;
    const auto draft = facts(false, false, 5000, 0, 0, 0);
    const auto empty_draft = facts(false, false, 0, 0, 0, 0, 0);
    const auto credit_note_draft = facts(false, true, -5000, 0, 0, 0);
    const auto unpaid = facts(true, false, 5000, 0, 0, 0);
    const auto paid = facts(true, false, 5000, 0, 5000, 0);
    const auto credited = facts(true, false, 5000, 0, 0, 5000);
    const auto credit_note = facts(true, true, -5000, 0, 0, 0);
    struct Case {
        const char* what;
        InvoiceFacts facts;
        InvoiceAction action;
        std::string refusal;  // "allowed" when it applies
    };
    const std::vector<Case> cases{
        {"draft: add a line", draft, A::add_line, "allowed"},
        {"draft: delete a line", draft, A::delete_line, "allowed"},
        {"draft: tip and deposit", draft, A::adjust, "allowed"},
        {"draft: issue", draft, A::issue, "allowed"},
        {"draft: pay", draft, A::add_payment, "admin.invoices.error.payment_on_draft"},
        {"draft: credit", draft, A::credit_note, "admin.invoices.error.credit_note_of_draft"},
        {"draft without lines: issue", empty_draft, A::issue, "admin.invoices.error.no_lines"},
        {"credit note draft: add a line", credit_note_draft, A::add_line, "admin.invoices.error.credit_note_lines"},
        {"credit note draft: delete a line", credit_note_draft, A::delete_line, "allowed"},
        {"credit note draft: tip and deposit", credit_note_draft, A::adjust, "admin.invoices.error.credit_note_adjustments"},
        {"credit note draft: issue", credit_note_draft, A::issue, "allowed"},
        {"issued: add a line", unpaid, A::add_line, "admin.invoices.error.read_only"},
        {"issued: delete a line", unpaid, A::delete_line, "admin.invoices.error.read_only"},
        {"issued: tip and deposit", unpaid, A::adjust, "admin.invoices.error.read_only"},
        {"issued: issue again", unpaid, A::issue, "admin.invoices.error.already_issued"},
        {"unpaid: pay", unpaid, A::add_payment, "allowed"},
        {"unpaid: credit", unpaid, A::credit_note, "allowed"},
        {"paid: pay again", paid, A::add_payment, "admin.invoices.error.nothing_due"},
        {"paid: credit", paid, A::credit_note, "allowed"},
        {"credited: pay", credited, A::add_payment, "admin.invoices.error.nothing_due"},
        {"credited: credit again", credited, A::credit_note, "admin.invoices.error.fully_credited"},
        {"credit note: pay", credit_note, A::add_payment, "admin.invoices.error.nothing_due"},
        {"credit note: credit", credit_note, A::credit_note, "admin.invoices.error.credit_note_of_credit_note"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(refusal_of(c.facts, c.action) == c.refusal);
        CHECK(invoice_actions(c.facts).has(c.action) == (c.refusal == "allowed"));
    }
    CHECK(invoice_actions(draft) == ActionSet<A>{A::add_line, A::delete_line, A::adjust, A::issue});
    CHECK(invoice_actions(unpaid) == ActionSet<A>{A::add_payment, A::credit_note});
    CHECK(invoice_actions(credit_note).empty());
}
