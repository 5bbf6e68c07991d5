#include "domain/account_credit.h"
#include "domain/invoice_totals.h"
#include "domain/packages.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

namespace {
Instant utc(int y, unsigned m, unsigned d, unsigned h, unsigned min) {
    return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}} + std::chrono::hours{h} + std::chrono::minutes{min};
}
}  // namespace

TEST_CASE("a package expires on the salon's day of sale plus its validity, in the salon's zone") {
    // 22:30 UTC on 31 March 2026 is already 1 April in Paris (summer time, UTC+2), still 31 March in New York.
    auto sold = utc(2026, 3, 31, 22, 30);
    CHECK(package_expiry(sold, 30, "Europe/Paris") == Day{2026, 5, 1});
    CHECK(package_expiry(sold, 30, "America/New_York") == Day{2026, 4, 30});
    // Across a year end and a leap day.
    CHECK(package_expiry(utc(2027, 12, 15, 12, 0), 365, "Europe/Paris") == Day{2028, 12, 14});
    CHECK(package_expiry(utc(2028, 2, 28, 12, 0), 1, "Europe/Paris") == Day{2028, 2, 29});
}

TEST_CASE("a package is active until its last day and while sessions are left") {
    Day last{2026, 6, 30};
    CHECK(package_state(5, 2, last, Day{2026, 6, 30}) == PackageState::active);
    CHECK(package_state(5, 2, last, Day{2026, 7, 1}) == PackageState::expired);
    CHECK(package_state(5, 5, last, Day{2026, 6, 1}) == PackageState::used_up);
    CHECK(package_state(5, 5, last, Day{2026, 7, 1}) == PackageState::used_up);  // used up says more than expired
    CHECK(package_state(1, 0, last, Day{2025, 12, 31}) == PackageState::active);
    CHECK(to_string(PackageState::used_up) == "used_up");
}

TEST_CASE("a package type form names the field of its first error") {
    PackageTypeForm ok{"5 × Bath & brush", "5", "150", "20", "365", {3, 1, 3}};
    auto checked = check_package_type(ok, "EUR");
    REQUIRE(checked);
    CHECK(checked.value().price_minor == 15000);
    CHECK(checked.value().tax_rate_bp == 2000);
    CHECK(checked.value().service_ids == std::vector<std::int64_t>{1, 3});

    auto field_of = [](PackageTypeForm f) { return check_package_type(f, "EUR").error().field; };
    auto f = ok;
    f.name = "  ";
    CHECK(field_of(f) == "name");
    f = ok;
    f.sessions = "0";
    CHECK(field_of(f) == "sessions");
    f.sessions = "2.5";
    CHECK(field_of(f) == "sessions");
    f = ok;
    f.price = "-1";
    CHECK(field_of(f) == "price");
    f = ok;
    f.tax_rate = "101";
    CHECK(field_of(f) == "tax_rate");
    f = ok;
    f.validity_days = "3651";
    CHECK(field_of(f) == "validity_days");
    f = ok;
    f.service_ids.clear();
    CHECK(field_of(f) == "services");
}

TEST_CASE("credit recorded at the desk is a positive prepayment or gift, and a debit never overdraws") {
    auto gift = check_credit_deposit("20,00", "gift", " Birthday ", "EUR");
    REQUIRE(gift);
    CHECK(gift.value().amount_minor == 2000);
    CHECK(gift.value().kind == CreditKind::gift);
    CHECK(gift.value().note == "Birthday");
    CHECK(check_credit_deposit("0", "gift", "", "EUR").error().field == "amount");
    CHECK(check_credit_deposit("-5", "prepayment", "", "EUR").error().field == "amount");
    CHECK(check_credit_deposit("5", "refund", "", "EUR").error().field == "kind");  // refunds are not typed at the desk
    CHECK(check_credit_deposit("5", "prepayment", "two\nlines", "EUR").error().field == "note");

    CHECK_FALSE(credit_debit_refusal(2000, 2000));
    CHECK(credit_debit_refusal(2000, 2001) == "credit.error.short");
    CHECK(credit_debit_refusal(0, 1));

    for (auto k : {CreditKind::prepayment, CreditKind::gift, CreditKind::overpayment, CreditKind::credit_note, CreditKind::invoice_payment,
                   CreditKind::refund})
        CHECK(parse_credit_kind(to_string(k)) == k);
    CHECK_FALSE(parse_credit_kind("bonus"));
    CHECK(credit_kind_adds(CreditKind::gift));
    CHECK_FALSE(credit_kind_adds(CreditKind::invoice_payment));
}

TEST_CASE("a credit note gives back only what the customer had paid beyond what is still billed") {
    // An invoice of 100.00 with what was received (deposit, payments) and what issued credit notes already took off.
    auto invoice = [](std::int64_t deposit, std::int64_t paid, std::int64_t credited) {
        return compute_totals({{1, 10000, 0}}, 0, deposit, paid, credited);
    };
    // Paid in full: the whole credit note is money to give back, from the deposit as from payments.
    CHECK(credit_note_repayable_minor(3000, invoice(0, 10000, 0)) == 3000);
    CHECK(credit_note_repayable_minor(10000, invoice(2000, 8000, 0)) == 10000);
    // Unpaid: it only lowers what is due.
    CHECK(credit_note_repayable_minor(3000, invoice(0, 0, 0)) == 0);
    CHECK(credit_note_repayable_minor(10000, invoice(0, 0, 0)) == 0);
    // Partly paid: what it takes off beyond the rest due.
    CHECK(credit_note_repayable_minor(3000, invoice(0, 8000, 0)) == 1000);
    CHECK(credit_note_repayable_minor(3000, invoice(0, 5000, 0)) == 0);
    // After earlier credit notes: never more than was paid in all.
    CHECK(credit_note_repayable_minor(10000, invoice(0, 10000, 10000)) == 0);
    CHECK(credit_note_repayable_minor(5000, invoice(0, 10000, 7000)) == 3000);
    CHECK(credit_note_repayable_minor(5000, invoice(0, 6000, 3000)) == 4000);
}
