#include "domain/time_zone.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

TEST_CASE("salon time follows the zone's daylight saving") {
    // 2026-07-01 08:00 UTC is 10:00 in Paris (UTC+2), 2026-01-15 08:00 UTC is 09:00 (UTC+1).
    auto summer = to_local(from_unix(1782892800), "Europe/Paris");
    CHECK(summer.hour == 10);
    CHECK(summer.day == 1);
    auto winter = to_local(from_unix(1768464000), "Europe/Paris");
    CHECK(winter.hour == 9);
    CHECK(to_unix(*from_local({2026, 7, 1, 10, 0}, "Europe/Paris")) == 1782892800);
}

TEST_CASE("a wall-clock time inside the spring-forward gap does not exist") {
    CHECK_FALSE(from_local({2026, 3, 29, 2, 30}, "Europe/Paris").has_value());
    CHECK(from_local({2026, 3, 29, 3, 30}, "Europe/Paris").has_value());
}

TEST_CASE("datetime-local input is parsed strictly") {
    auto ok = parse_local_datetime("2026-02-28T14:05");
    REQUIRE(ok);
    CHECK(ok->year == 2026);
    CHECK(ok->minute == 5);
    CHECK(parse_local_datetime("2026-02-28T14:05:00"));
    CHECK_FALSE(parse_local_datetime("2026-02-30T14:05"));
    CHECK_FALSE(parse_local_datetime("2026-02-28 14:05"));
    CHECK_FALSE(parse_local_datetime("28/02/2026 14:05"));
    CHECK_FALSE(parse_local_datetime("2026-02-28T25:00"));
    CHECK_FALSE(parse_local_datetime(""));
    CHECK(format_local_datetime(*ok) == "2026-02-28T14:05");
}

TEST_CASE("adding days crosses months and years") {
    auto d = add_days({2026, 12, 30, 9, 15}, 3);
    CHECK(d.year == 2027);
    CHECK(d.month == 1);
    CHECK(d.day == 2);
    CHECK(d.hour == 9);
}
