#include "domain/invoice_input.h"

#include "domain/money_input.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace salonbox::domain;

namespace {
// "field:key" of the first error, or "ok".
template <class T>
std::string outcome(const Result<T>& r) {
    return r.ok() ? std::string("ok") : r.error().field + ":" + r.error().message_key;
}
std::string line(std::string_view d, std::string_view q, std::string_view p, std::string_view t, std::string_view currency = "EUR") {
    return outcome(check_line(d, q, p, t, currency));
}
const LocalDateTime k_today{2026, 3, 15, 10, 30};
}  // namespace

TEST_CASE("typed prices follow the currency's decimals and refuse junk") {
    auto price = [](std::string_view text, std::string_view currency = "EUR") {
        auto r = check_line("Groom", "1", text, "20", currency);
        return r.ok() ? r.value().unit_price_minor : -1;
    };
    CHECK(price("12,50") == 1250);
    CHECK(price("12.50") == 1250);
    CHECK(price(" 12.5 ") == 1250);
    CHECK(price("12") == 1200);
    CHECK(price("0") == 0);
    CHECK(price("1500", "JPY") == 1500);
    CHECK(price("12.345", "TND") == 12345);
    for (const char* junk : {"", "abc", "12a", "1 234,50", "1,234.50", "12.", ".5", "-5", "+5", "12.505", "1e3", "€12"}) {
        CAPTURE(junk);
        CHECK(price(junk) == -1);
    }
    CHECK(price("12.5", "JPY") == -1);
    CHECK(price("1000000000") == k_max_typed_minor);
    CHECK(price("1000000000.01") == -1);  // far from overflow, and far from any grooming bill
}

TEST_CASE("tax rates are percentages with up to two decimals, in basis points") {
    auto rate = [](std::string_view text) {
        auto r = check_line("Groom", "1", "1", text, "EUR");
        return r.ok() ? r.value().tax_rate_bp : -1;
    };
    CHECK(rate("20") == 2000);
    CHECK(rate("5.5") == 550);
    CHECK(rate("5,5") == 550);
    CHECK(rate("0") == 0);
    CHECK(rate("100") == 10000);
    CHECK(rate("120") == -1);
    CHECK(rate("100.01") == -1);
    CHECK(rate("-5") == -1);
    CHECK(rate("5.555") == -1);
    CHECK(rate("twenty") == -1);
}

TEST_CASE("every error of a typed line is reported at once, in the order of the form") {
    auto all_wrong = check_line_fields("", "0", "abc", "120", "EUR");
    std::vector<std::string> fields;
    for (const auto& e : all_wrong.errors) fields.push_back(e.field);
    CHECK(fields == std::vector<std::string>{"description", "quantity", "unit_price", "tax_rate"});
    auto two = check_line_fields("Groom", "1", "-5", "abc", "EUR");
    REQUIRE(two.errors.size() == 2);
    CHECK(two.errors[0].message_key == "admin.invoices.error.unit_price");
    CHECK(two.errors[1].message_key == "admin.invoices.error.tax_rate");
    auto good = check_line_fields("Bath", "2", "35", "20", "EUR");
    CHECK(good.errors.empty());
    CHECK(good.line.unit_price_minor == 3500);
    // check_line keeps reporting the first of them.
    CHECK(line("", "0", "abc", "120") == "description:admin.invoices.error.description");
}

TEST_CASE("stored values are written back so that the parser reads them again") {
    CHECK(money_input_value(1250, 2) == "12.50");
    CHECK(money_input_value(5, 2) == "0.05");
    CHECK(money_input_value(0, 2) == "0.00");
    CHECK(money_input_value(1500, 0) == "1500");
    CHECK(money_input_value(-1250, 2) == "-12.50");
    for (std::int64_t v : {0, 1, 99, 100, 1250, 123456}) CHECK(parse_money(money_input_value(v, 2), "EUR") == v);
    CHECK(tax_rate_input_value(2000) == "20");
    CHECK(tax_rate_input_value(550) == "5.5");
    CHECK(tax_rate_input_value(210) == "2.1");
    CHECK(tax_rate_input_value(5) == "0.05");
    for (std::int64_t bp : {0, 5, 210, 550, 2000, 10000}) CHECK(parse_percent_basis_points(tax_rate_input_value(bp)) == bp);
}

TEST_CASE("a typed line is checked field by field") {
    auto ok = check_line("  Nail trim ", "2", "12,50", "20", "EUR");
    REQUIRE(ok.ok());
    CHECK(ok.value().description == "Nail trim");
    CHECK(ok.value().quantity == 2);
    CHECK(ok.value().unit_price_minor == 1250);
    CHECK(ok.value().tax_rate_bp == 2000);
    CHECK(line("Free brushing", "1", "0", "0") == "ok");
    CHECK(line(std::string(200, 'x'), "999", "1", "5.5") == "ok");
    CHECK(line("Toilettage été", "1", "1", "1") == "ok");

    CHECK(line("", "1", "1", "20") == "description:admin.invoices.error.description");
    CHECK(line("   ", "1", "1", "20") == "description:admin.invoices.error.description");
    CHECK(line(std::string(201, 'x'), "1", "1", "20") == "description:admin.invoices.error.description");
    CHECK(line("Two\nlines", "1", "1", "20") == "description:admin.invoices.error.description");
    CHECK(line("Groom", "0", "1", "20") == "quantity:admin.invoices.error.quantity");
    CHECK(line("Groom", "-1", "1", "20") == "quantity:admin.invoices.error.quantity");  // credit notes are made by the server
    CHECK(line("Groom", "1000", "1", "20") == "quantity:admin.invoices.error.quantity");
    CHECK(line("Groom", "1.5", "1", "20") == "quantity:admin.invoices.error.quantity");
    CHECK(line("Groom", "", "1", "20") == "quantity:admin.invoices.error.quantity");
    CHECK(line("Groom", "+2", "1", "20") == "quantity:admin.invoices.error.quantity");
    CHECK(line("Groom", "1", "abc", "20") == "unit_price:admin.invoices.error.unit_price");
    CHECK(line("Groom", "1", "", "20") == "unit_price:admin.invoices.error.unit_price");
    CHECK(line("Groom", "1", "12.50", "120") == "tax_rate:admin.invoices.error.tax_rate");
    CHECK(line("Groom", "1", "12.50", "") == "tax_rate:admin.invoices.error.tax_rate");
    CHECK(line("Groom", "1", "12.50", "20", "JPY") == "unit_price:admin.invoices.error.unit_price");
}

TEST_CASE("a description counts characters, not bytes") {
    std::string accented;
    for (int i = 0; i < 200; ++i) accented += "é";  // 400 bytes, 200 characters
    CHECK(line(accented, "1", "1", "20") == "ok");
    CHECK(line(accented + "é", "1", "1", "20") == "description:admin.invoices.error.description");
}

TEST_CASE("tip and deposit are money of zero or more; empty means zero") {
    auto a = check_adjustments("5", "", "EUR");
    REQUIRE(a.ok());
    CHECK(a.value().tip_minor == 500);
    CHECK(a.value().deposit_minor == 0);
    CHECK(outcome(check_adjustments("0.00", "20,00", "EUR")) == "ok");
    CHECK(outcome(check_adjustments("-5", "0", "EUR")) == "tip:admin.invoices.error.amount");
    CHECK(outcome(check_adjustments("5", "lots", "EUR")) == "deposit:admin.invoices.error.amount");
}

TEST_CASE("a payment is more than nothing and at most what is due, on a day not yet to come") {
    auto p = check_payment("20,00", "cash", "2026-03-10", "EUR", 6240, k_today, false);
    REQUIRE(p.ok());
    CHECK(p.value().amount_minor == 2000);
    CHECK(p.value().method == "cash");
    CHECK(p.value().paid_on.day == 10);
    auto today = check_payment("62.40", "card", "", "EUR", 6240, k_today, false);
    REQUIRE(today.ok());
    CHECK(today.value().paid_on.year == 2026);
    CHECK(today.value().paid_on.month == 3);
    CHECK(today.value().paid_on.day == 15);
    CHECK(outcome(check_payment("62.40", "card", "2026-03-15", "EUR", 6240, k_today, false)) == "ok");

    CHECK(outcome(check_payment("0", "card", "", "EUR", 6240, k_today, false)) == "amount:admin.invoices.error.payment_amount");
    CHECK(outcome(check_payment("abc", "card", "", "EUR", 6240, k_today, false)) == "amount:admin.invoices.error.payment_amount");
    CHECK(outcome(check_payment("62.41", "card", "", "EUR", 6240, k_today, false)) == "amount:admin.invoices.error.overpaid");
    CHECK(outcome(check_payment("10", "cheque", "", "EUR", 6240, k_today, false)) == "method:admin.invoices.error.method");
    CHECK(outcome(check_payment("10", "card", "2026-03-16", "EUR", 6240, k_today, false)) == "paid_on:admin.invoices.error.paid_on");
    CHECK(outcome(check_payment("10", "card", "2026-02-30", "EUR", 6240, k_today, false)) == "paid_on:admin.invoices.error.paid_on");
    CHECK(outcome(check_payment("10", "card", "15/03/2026", "EUR", 6240, k_today, false)) == "paid_on:admin.invoices.error.paid_on");
    CHECK(outcome(check_payment("10", "card", "2026-03-15T10:00", "EUR", 6240, k_today, false)) == "paid_on:admin.invoices.error.paid_on");
}

TEST_CASE("a payment above what is due pays it in full and keeps the rest as credit only when staff ask") {
    auto kept = check_payment("70", "cash", "", "EUR", 6240, k_today, true);
    REQUIRE(kept.ok());
    CHECK(kept.value().amount_minor == 6240);
    CHECK(kept.value().excess_minor == 760);
    // The box changes nothing when the amount is not above what is due.
    auto exact = check_payment("62.40", "card", "", "EUR", 6240, k_today, true);
    REQUIRE(exact.ok());
    CHECK(exact.value().amount_minor == 6240);
    CHECK(exact.value().excess_minor == 0);
    auto part = check_payment("20", "card", "", "EUR", 6240, k_today, true);
    REQUIRE(part.ok());
    CHECK(part.value().amount_minor == 2000);
    CHECK(part.value().excess_minor == 0);

    CHECK(outcome(check_payment("70", "cash", "", "EUR", 6240, k_today, false)) == "amount:admin.invoices.error.overpaid");
    // Credit paying more than is due would only give itself back.
    CHECK(outcome(check_payment("70", "credit", "", "EUR", 6240, k_today, true)) == "amount:admin.invoices.error.overpaid_from_credit");
    CHECK(outcome(check_payment("62.40", "credit", "", "EUR", 6240, k_today, true)) == "ok");
    // Everything else is still checked.
    CHECK(outcome(check_payment("70", "cheque", "", "EUR", 6240, k_today, true)) == "method:admin.invoices.error.method");
    CHECK(outcome(check_payment("70", "cash", "2026-03-16", "EUR", 6240, k_today, true)) == "paid_on:admin.invoices.error.paid_on");
    CHECK(outcome(check_payment("-70", "cash", "", "EUR", 6240, k_today, true)) == "amount:admin.invoices.error.payment_amount");
}

TEST_CASE("an invoice's lines add up to at most k_max_invoice_net_minor, so its tax at 100 % fits in 64 bits") {
    CHECK(line_fits_invoice(0, 1, 5500));
    CHECK(line_fits_invoice(k_max_invoice_net_minor - 999 * 100, 999, 100));
    CHECK_FALSE(line_fits_invoice(k_max_invoice_net_minor - 999 * 100, 999, 101));
    // Ten of the largest lines a form takes would go past it long before the sum times 10000 basis points overflows.
    CHECK_FALSE(line_fits_invoice(0, 999, k_max_typed_minor));
    CHECK(k_max_invoice_net_minor <= INT64_MAX / 10000 / 10);
}
