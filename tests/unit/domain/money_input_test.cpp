#include "domain/money_input.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

TEST_CASE("prices typed with a dot, a comma or no decimals become minor units") {
    CHECK(parse_money("55", "EUR") == 5500);
    CHECK(parse_money("55.00", "EUR") == 5500);
    CHECK(parse_money("55,5", "EUR") == 5550);
    CHECK(parse_money("12,50", "EUR") == 1250);
    CHECK(parse_money(" 0.05 ", "EUR") == 5);
    CHECK(parse_money("0", "EUR") == 0);
    CHECK(parse_money("1500", "JPY") == 1500);   // no decimals in yen
    CHECK(parse_money("1.234", "TND") == 1234);  // three in dinars
}

TEST_CASE("anything that is not a plain amount is refused") {
    for (const char* junk : {"", " ", "abc", "-5", "+5", "5-", "12.345", "1,000.00", "1 000", "12.", ".5", "1e3", "€12", "12€", "0x10",
                             "12..5", "12,5,0", "9999999999999"}) {
        CAPTURE(junk);
        CHECK_FALSE(parse_money(junk, "EUR").has_value());
    }
    CHECK_FALSE(parse_money("12.5", "JPY").has_value());
    CHECK_FALSE(parse_money("12", "XXX").has_value());  // unknown currency
}

TEST_CASE("percentages become basis points between 0 and 100 %") {
    CHECK(parse_percent_basis_points("20") == 2000);
    CHECK(parse_percent_basis_points("5.5") == 550);
    CHECK(parse_percent_basis_points("5,25") == 525);
    CHECK(parse_percent_basis_points("0") == 0);
    CHECK(parse_percent_basis_points("100") == 10000);
    CHECK_FALSE(parse_percent_basis_points("100.01").has_value());
    CHECK_FALSE(parse_percent_basis_points("5.555").has_value());
    CHECK_FALSE(parse_percent_basis_points("-1").has_value());
    CHECK_FALSE(parse_percent_basis_points("20%").has_value());
}

TEST_CASE("amounts and rates written back as forms and files show them") {
    CHECK(decimal_text(1250, 2) == "12.50");
    CHECK(decimal_text(5, 2, ',') == "0,05");
    CHECK(decimal_text(-6600, 2) == "-66.00");
    CHECK(decimal_text(1500, 0) == "1500");
    CHECK(decimal_text(12345, 3) == "12.345");
    CHECK(percent_text(2000) == "20");
    CHECK(percent_text(550, ',') == "5,5");
    CHECK(percent_text(525) == "5.25");
    CHECK(percent_text(505) == "5.05");
    CHECK(percent_text(0) == "0");
}
