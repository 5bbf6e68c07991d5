#include "domain/invoice_state.h"

#include "domain/enum_names.h"

#include <array>

namespace salonbox::domain {

namespace {
constexpr NameTable<InvoiceStatus, 5> k_names{{{InvoiceStatus::draft, "draft"},
                                               {InvoiceStatus::unpaid, "unpaid"},
                                               {InvoiceStatus::paid, "paid"},
                                               {InvoiceStatus::credited, "credited"},
                                               {InvoiceStatus::credit_note, "credit_note"}}};
}  // namespace

InvoiceStatus invoice_status(const InvoiceFacts& facts) {
    if (!facts.issued) return InvoiceStatus::draft;
    if (facts.credit_note) return InvoiceStatus::credit_note;
    const auto& t = facts.totals;
    if (t.credited_minor > 0 && t.credited_minor >= t.total_minor) return InvoiceStatus::credited;
    if (t.due_minor > 0) return InvoiceStatus::unpaid;
    return InvoiceStatus::paid;
}

std::string_view to_string(InvoiceStatus status) { return name_of(k_names, status); }

std::optional<std::string> invoice_refusal(const InvoiceFacts& f, InvoiceAction action) {
    switch (action) {
        case InvoiceAction::add_line:
            if (f.issued) return "admin.invoices.error.read_only";
            if (f.credit_note) return "admin.invoices.error.credit_note_lines";  // it only narrows what it corrects
            return std::nullopt;
        case InvoiceAction::delete_line:
            if (f.issued) return "admin.invoices.error.read_only";
            return std::nullopt;
        case InvoiceAction::adjust:
            if (f.issued) return "admin.invoices.error.read_only";
            if (f.credit_note) return "admin.invoices.error.credit_note_adjustments";
            return std::nullopt;
        case InvoiceAction::issue:
            if (f.issued) return "admin.invoices.error.already_issued";
            if (f.line_count == 0) return "admin.invoices.error.no_lines";
            return std::nullopt;
        case InvoiceAction::add_payment:
            if (!f.issued) return "admin.invoices.error.payment_on_draft";
            if (f.totals.due_minor <= 0) return "admin.invoices.error.nothing_due";
            return std::nullopt;
        case InvoiceAction::credit_note:
            if (!f.issued) return "admin.invoices.error.credit_note_of_draft";
            if (f.credit_note) return "admin.invoices.error.credit_note_of_credit_note";
            if (f.totals.credited_minor > 0 && f.totals.credited_minor >= f.totals.total_minor) return "admin.invoices.error.fully_credited";
            return std::nullopt;
    }
    return "admin.invoices.error.read_only";
}

ActionSet<InvoiceAction> invoice_actions(const InvoiceFacts& facts) {
    static constexpr std::array k_all{InvoiceAction::add_line,    InvoiceAction::delete_line, InvoiceAction::adjust,
                                      InvoiceAction::issue,       InvoiceAction::add_payment, InvoiceAction::credit_note};
    ActionSet<InvoiceAction> allowed;
    for (auto a : k_all)
        if (!invoice_refusal(facts, a)) allowed.add(a);
    return allowed;
}

}  // namespace salonbox::domain
