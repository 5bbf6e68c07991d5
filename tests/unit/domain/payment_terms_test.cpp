#include "domain/payment_terms.h"

#include "domain/time_zone.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

namespace {
Instant paris(int year, unsigned month, unsigned day, unsigned hour, unsigned minute) {
    return from_local({year, month, day, hour, minute}, "Europe/Paris").value();
}
LocalDateTime in_paris(Instant t) { return to_local(t, "Europe/Paris"); }
}  // namespace

TEST_CASE("the due date is the issue date in the salon's zone plus the terms") {
    auto due = in_paris(due_date(paris(2026, 2, 21, 10, 0), 14, "Europe/Paris"));
    CHECK(due.year == 2026);
    CHECK(due.month == 3u);
    CHECK(due.day == 7u);
}

TEST_CASE("an invoice issued late in the evening is dated, and due, by the salon's calendar") {
    // 23:30 in Paris is already the next day in UTC: the terms count from the Paris date.
    auto due = in_paris(due_date(paris(2026, 3, 31, 23, 30), 1, "Europe/Paris"));
    CHECK(due.month == 4u);
    CHECK(due.day == 1u);
    // Across the autumn clock change the date still moves by whole days.
    auto autumn = in_paris(due_date(paris(2026, 10, 24, 0, 15), 2, "Europe/Paris"));
    CHECK(autumn.day == 26u);
    CHECK(in_paris(due_date(paris(2026, 5, 5, 9, 0), 0, "Europe/Paris")).day == 5u);
}

TEST_CASE("payment terms are a whole number of days from 0 to 365") {
    CHECK(parse_due_days("14").value() == 14);
    CHECK(parse_due_days(" 0 ").value() == 0);
    CHECK(parse_due_days("365").value() == 365);
    for (const char* wrong : {"", "366", "-1", "7.5", "two", "14 days"}) {
        auto parsed = parse_due_days(wrong);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().field == "payment_due_days");
    }
}
