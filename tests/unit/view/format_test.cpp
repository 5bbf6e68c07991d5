#include "view/format.h"

#include <doctest/doctest.h>

using namespace salonbox::view;

TEST_CASE("money in the salon's currency, written as each language does") {
    CHECK(format_money(6240, "EUR", "en") == "€62.40");
    CHECK(format_money(6240, "EUR", "fr") == "62,40\u00a0€");
    CHECK(format_money(123456789, "EUR", "en") == "€1,234,567.89");
    CHECK(format_money(123456789, "EUR", "fr") == "1\u202f234\u202f567,89\u00a0€");
    CHECK(format_money(5, "USD", "en") == "$0.05");
    CHECK(format_money(-1200, "GBP", "en") == "-£12.00");
    CHECK(format_money(1500, "JPY", "en") == "¥1,500");
    CHECK(format_money(1200, "CHF", "en") == "CHF\u00a012.00");
    CHECK(format_money(1200, "CHF", "fr") == "12,00\u00a0CHF");
}

TEST_CASE("percentages") {
    CHECK(format_percent(2000, "en") == "20%");
    CHECK(format_percent(550, "en") == "5.5%");
    CHECK(format_percent(550, "fr") == "5,5\u202f%");
    CHECK(format_percent(0, "en") == "0%");
}

TEST_CASE("dates are written in the salon's zone and the reader's language") {
    Catalogs catalogs;
    auto t = salonbox::domain::from_unix(1782892800);  // 2026-07-01 08:00 UTC
    DateFormatter en(catalogs, "en", "Europe/Paris");
    DateFormatter fr(catalogs, "fr", "Europe/Paris");
    DateFormatter ny(catalogs, "en", "America/New_York");
    CHECK(en.long_date(t) == "Wednesday 1 July 2026");
    CHECK(fr.long_date(t) == "mercredi 1er juillet 2026");
    CHECK(fr.medium_date(t) == "1er juillet 2026");
    CHECK(en.medium_date(t) == "1 July 2026");
    CHECK(en.time(t) == "10:00");
    CHECK(ny.time(t) == "04:00");
    CHECK(fr.short_date(t) == "1er juil. 2026");
    CHECK(fr.short_date(t + std::chrono::days(1)) == "2 juil. 2026");
    CHECK(en.date_time(t) == "Wednesday 1 July 2026, 10:00");
    CHECK(en.input_value(t) == "2026-07-01T10:00");
}
