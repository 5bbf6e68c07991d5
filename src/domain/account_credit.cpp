#include "domain/account_credit.h"

#include "domain/invoice_input.h"
#include "domain/money_input.h"
#include "domain/text.h"

#include <algorithm>
#include <array>

namespace salonbox::domain {

namespace {
constexpr std::array<std::pair<CreditKind, std::string_view>, 6> k_kinds{{
    {CreditKind::prepayment, "prepayment"},
    {CreditKind::gift, "gift"},
    {CreditKind::overpayment, "overpayment"},
    {CreditKind::credit_note, "credit_note"},
    {CreditKind::invoice_payment, "invoice_payment"},
    {CreditKind::refund, "refund"},
}};
}  // namespace

std::string_view to_string(CreditKind kind) {
    for (const auto& [k, text] : k_kinds)
        if (k == kind) return text;
    return "prepayment";
}

std::optional<CreditKind> parse_credit_kind(std::string_view text) {
    for (const auto& [k, name] : k_kinds)
        if (name == text) return k;
    return std::nullopt;
}

bool credit_kind_adds(CreditKind kind) { return kind != CreditKind::invoice_payment && kind != CreditKind::refund; }

Result<TypedCredit> check_credit_deposit(std::string_view amount, std::string_view kind, std::string_view note,
                                         std::string_view currency) {
    TypedCredit c;
    auto minor = parse_money(amount, currency);
    if (!minor || *minor <= 0 || *minor > k_max_typed_minor) return Error{"amount", "credit.error.amount"};
    c.amount_minor = *minor;
    auto k = parse_credit_kind(trim(kind));
    if (!k || (*k != CreditKind::prepayment && *k != CreditKind::gift)) return Error{"kind", "credit.error.kind"};
    c.kind = *k;
    c.note = trim(note);
    if (code_points(c.note) > 200 || c.note.size() > 800 || has_control_characters(c.note)) return Error{"note", "credit.error.note"};
    return c;
}

std::optional<std::string> credit_debit_refusal(std::int64_t balance_minor, std::int64_t debit_minor) {
    if (debit_minor > balance_minor) return "credit.error.short";
    return std::nullopt;
}

std::int64_t credit_note_repayable_minor(std::int64_t credited_minor, const InvoiceTotals& corrected) {
    const auto received = corrected.deposit_minor + corrected.paid_minor;
    const auto billed_before = std::max<std::int64_t>(0, corrected.total_minor - corrected.credited_minor);
    const auto billed_after = std::max<std::int64_t>(0, billed_before - std::max<std::int64_t>(0, credited_minor));
    // What the customer had paid beyond what was billed, before and after this note: earlier notes gave back the first.
    const auto owed_before = std::max<std::int64_t>(0, received - billed_before);
    const auto owed_after = std::max<std::int64_t>(0, received - billed_after);
    return owed_after - owed_before;
}

}  // namespace salonbox::domain
