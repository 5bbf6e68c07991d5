#include "domain/invoice_number.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

TEST_CASE("the default pattern numbers per month with four digits") {
    CHECK(format_invoice_number("FA{yy}{mm}-{nnnn}", 2026, 2, 1) == "FA2602-0001");
    CHECK(format_invoice_number("FA{yy}{mm}-{nnnn}", 2026, 12, 42) == "FA2612-0042");
    CHECK(format_invoice_number("FA{yy}{mm}-{nnnn}", 2026, 2, 12345) == "FA2602-12345");
}

TEST_CASE("the period decides when the counter starts again") {
    CHECK(invoice_period("FA{yy}{mm}-{nnnn}", 2026, 2) == "FA2602-{n}");
    CHECK(invoice_period("FA{yy}{mm}-{nnnn}", 2026, 2) != invoice_period("FA{yy}{mm}-{nnnn}", 2026, 3));
    CHECK(invoice_period("INV-{yyyy}-{nnn}", 2026, 2) == invoice_period("INV-{yyyy}-{nnn}", 2026, 11));
    CHECK(format_invoice_number("INV-{yyyy}-{nnn}", 2026, 7, 7) == "INV-2026-007");
}

TEST_CASE("unknown placeholders stay as written") {
    CHECK(format_invoice_number("{shop}-{nn}", 2026, 1, 3) == "{shop}-03");
}
