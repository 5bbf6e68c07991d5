#include "domain/invoice_input.h"

#include "domain/money_input.h"
#include "domain/text.h"

#include <algorithm>
#include <charconv>

namespace salonbox::domain {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Money as an invoice field takes it: parse_money's rules, and not above k_max_typed_minor.
std::optional<std::int64_t> invoice_money(std::string_view text, std::string_view currency) {
    auto minor = parse_money(text, currency);
    if (!minor || *minor > k_max_typed_minor) return std::nullopt;
    return minor;
}
}  // namespace

std::string money_input_value(std::int64_t minor, int minor_digits) { return decimal_text(minor, minor_digits); }

std::string tax_rate_input_value(std::int64_t bp) { return percent_text(bp); }

LineCheck check_line_fields(std::string_view description, std::string_view quantity, std::string_view unit_price,
                            std::string_view tax_rate, std::string_view currency) {
    LineCheck check;
    auto& line = check.line;
    line.description = trim(description);
    if (line.description.empty() || code_points(line.description) > 200 || line.description.size() > 800 ||
        has_control_characters(line.description))
        check.errors.push_back({"description", "admin.invoices.error.description"});
    auto q = trim(quantity);
    auto r = std::from_chars(q.data(), q.data() + q.size(), line.quantity);
    if (q.empty() || !is_digit(q.front()) || r.ec != std::errc{} || r.ptr != q.data() + q.size() || line.quantity < 1 || line.quantity > 999)
        check.errors.push_back({"quantity", "admin.invoices.error.quantity"});
    auto price = invoice_money(unit_price, currency);
    if (price) line.unit_price_minor = *price;
    else check.errors.push_back({"unit_price", "admin.invoices.error.unit_price"});
    auto rate = parse_percent_basis_points(tax_rate);
    if (rate) line.tax_rate_bp = *rate;
    else check.errors.push_back({"tax_rate", "admin.invoices.error.tax_rate"});
    return check;
}

Result<TypedLine> check_line(std::string_view description, std::string_view quantity, std::string_view unit_price,
                             std::string_view tax_rate, std::string_view currency) {
    auto check = check_line_fields(description, quantity, unit_price, tax_rate, currency);
    if (!check.errors.empty()) return check.errors.front();
    return check.line;
}

bool line_fits_invoice(std::int64_t net_minor, std::int64_t quantity, std::int64_t unit_price_minor) {
    return net_minor + quantity * unit_price_minor <= k_max_invoice_net_minor;
}

Result<Adjustments> check_adjustments(std::string_view tip, std::string_view deposit, std::string_view currency) {
    auto amount = [&](std::string_view text) { return trim(text).empty() ? std::optional<std::int64_t>{0} : invoice_money(text, currency); };
    auto t = amount(tip);
    if (!t) return Error{"tip", "admin.invoices.error.amount"};
    auto d = amount(deposit);
    if (!d) return Error{"deposit", "admin.invoices.error.amount"};
    return Adjustments{*t, *d};
}

Result<TypedPayment> check_payment(std::string_view amount, std::string_view method, std::string_view paid_on,
                                   std::string_view currency, std::int64_t due_minor, const LocalDateTime& today,
                                   bool keep_excess) {
    TypedPayment p;
    auto a = invoice_money(amount, currency);
    if (!a || *a <= 0) return Error{"amount", "admin.invoices.error.payment_amount"};
    p.method = trim(method);
    if (!is_payment_method(p.method)) return Error{"method", "admin.invoices.error.method"};
    p.amount_minor = std::min(*a, due_minor);
    p.excess_minor = *a - p.amount_minor;
    if (p.excess_minor > 0 && p.method == "credit") return Error{"amount", "admin.invoices.error.overpaid_from_credit"};
    if (p.excess_minor > 0 && !keep_excess) return Error{"amount", "admin.invoices.error.overpaid"};
    auto day_text = trim(paid_on);
    if (day_text.empty()) {
        p.paid_on = {today.year, today.month, today.day, 0, 0};
    } else {
        auto day = day_text.size() == 10 ? parse_local_datetime(day_text + "T00:00") : std::nullopt;
        if (!day) return Error{"paid_on", "admin.invoices.error.paid_on"};
        p.paid_on = *day;
    }
    auto key = [](const LocalDateTime& l) { return (static_cast<std::int64_t>(l.year) * 100 + l.month) * 100 + l.day; };
    if (key(p.paid_on) > key(today)) return Error{"paid_on", "admin.invoices.error.paid_on"};
    return p;
}

}  // namespace salonbox::domain
