// What staff type on an invoice (lines, money amounts, tax rates, payments), checked and turned into minor units.
#pragma once

#include "domain/result.h"
#include "domain/time_zone.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::domain {

// The largest amount an invoice field takes, in minor units (1e9 of a two-decimal currency). Typed amounts are read
// by domain/money_input.h (parse_money, parse_percent_basis_points).
inline constexpr std::int64_t k_max_typed_minor = 100'000'000'000;
// The largest sum of an invoice's lines, in minor units (1e11 of a two-decimal currency). A draft takes any number
// of lines, so the bound on each line alone does not keep the tax (net x rate in basis points) and the totals
// summed over every invoice inside 64 bits: this bound does.
inline constexpr std::int64_t k_max_invoice_net_minor = 100 * k_max_typed_minor;

// How a stored amount is written back into a form field: 1250 -> "12.50" (the parser reads it again).
std::string money_input_value(std::int64_t minor, int minor_digits);
// 550 -> "5.5", 2000 -> "20".
std::string tax_rate_input_value(std::int64_t basis_points);

struct TypedLine {
    std::string description;  // trimmed
    std::int64_t quantity = 1;
    std::int64_t unit_price_minor = 0;
    std::int64_t tax_rate_bp = 0;
};

// A line typed by staff. The first error names its field: description (1 to 200 characters, no control
// characters: admin.invoices.error.description), quantity (whole number 1 to 999: .quantity; negative quantities
// exist only on credit notes, which the server makes), unit_price (money, may be 0: .unit_price), tax_rate
// (0 to 100 %: .tax_rate). `currency` is the invoice's ISO 4217 code.
// The same rules, every field checked: all the errors of the line at once, in the order of the form's fields
// (so staff fix everything in one go), and the line when there are none.
struct LineCheck {
    TypedLine line;             // meaningful only when `errors` is empty
    std::vector<Error> errors;  // empty: the line is good
};
LineCheck check_line_fields(std::string_view description, std::string_view quantity, std::string_view unit_price,
                            std::string_view tax_rate, std::string_view currency);
Result<TypedLine> check_line(std::string_view description, std::string_view quantity, std::string_view unit_price,
                             std::string_view tax_rate, std::string_view currency);

// Whether a line of `quantity` x `unit_price_minor` (each within its own bounds above) keeps the sum of a draft's
// lines, now `net_minor`, within k_max_invoice_net_minor. When it does not, the form answers
// admin.invoices.error.invoice_too_large.
bool line_fits_invoice(std::int64_t net_minor, std::int64_t quantity, std::int64_t unit_price_minor);

struct Adjustments {
    std::int64_t tip_minor = 0;
    std::int64_t deposit_minor = 0;
};

// Tip and deposit of a draft: money >= 0, an empty field meaning 0 (fields tip, deposit:
// admin.invoices.error.amount).
Result<Adjustments> check_adjustments(std::string_view tip, std::string_view deposit, std::string_view currency);

// "credit" is the customer's account credit (domain/account_credit.h): the same transaction that records the
// payment takes it from their balance.
inline bool is_payment_method(std::string_view m) { return m == "cash" || m == "card" || m == "transfer" || m == "credit" || m == "other"; }

struct TypedPayment {
    std::int64_t amount_minor = 0;  // what pays the invoice: at most what is due
    std::int64_t excess_minor = 0;  // what was handed over beyond that, kept as account credit (0 without the box)
    std::string method;
    LocalDateTime paid_on{};  // the salon day, at 00:00
};

// A payment recorded against an issued invoice that still has `due_minor` to pay: amount > 0
// (admin.invoices.error.payment_amount), a known method (admin.invoices.error.method), and the day "YYYY-MM-DD"
// (empty: `today`), not after `today` (admin.invoices.error.paid_on). Fields: amount, method, paid_on.
// An amount above what is due is refused (admin.invoices.error.overpaid) unless staff ticked "keep the excess as
// account credit" (`keep_excess`): then the payment is what is due and the rest is its excess_minor. Credit
// itself never pays more than is due (admin.invoices.error.overpaid_from_credit): its excess would only go
// back where it came from.
Result<TypedPayment> check_payment(std::string_view amount, std::string_view method, std::string_view paid_on,
                                   std::string_view currency, std::int64_t due_minor, const LocalDateTime& today,
                                   bool keep_excess);

}  // namespace salonbox::domain
