#include "domain/appointment_rules.h"
#include "domain/time_zone.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;
using namespace std::chrono_literals;

namespace {
std::string outcome(std::string_view start, std::string_view end, std::optional<int> service_minutes = std::nullopt,
                    std::string_view comments = "", std::string_view notes = "") {
    auto r = check_staff_appointment({start, end, service_minutes, comments, notes}, "Europe/Paris");
    return r.ok() ? std::string("ok") : r.error().field + ":" + r.error().message_key;
}
}  // namespace

TEST_CASE("staff times are salon time, across the change to summer time") {
    // 2027-03-28 is the spring-forward Sunday in Paris: 10:00 the day before is UTC+1, the day after UTC+2.
    auto before = check_staff_appointment({"2027-03-27T10:00", "2027-03-27T11:00", std::nullopt, "", ""}, "Europe/Paris");
    auto after = check_staff_appointment({"2027-03-30T10:00", "", 90, " Shampoo ", " Bites "}, "Europe/Paris");
    REQUIRE(before.ok());
    REQUIRE(after.ok());
    CHECK(to_unix(before.value().starts_at) == 1806138000);  // 09:00 UTC
    CHECK(to_unix(after.value().starts_at) == 1806393600);   // 08:00 UTC
    CHECK(after.value().ends_at - after.value().starts_at == 90min);  // the service's duration when the end is empty
    CHECK(after.value().comments == "Shampoo");
    CHECK(after.value().internal_notes == "Bites");
}

TEST_CASE("staff may record the past, but every wrong field is named") {
    CHECK(outcome("2020-03-14T10:00", "2020-03-14T11:00") == "ok");
    CHECK(outcome("2027-03-28T02:30", "2027-03-28T04:00") == "start:error.date_invalid");  // does not exist in Paris
    CHECK(outcome("14/03/2027 10h", "2027-03-14T11:00") == "start:error.date_invalid");
    CHECK(outcome("1999-12-31T10:00", "1999-12-31T11:00") == "start:error.date_invalid");
    CHECK(outcome("2027-03-14T10:00", "") == "end:admin.calendar.error.end_required");
    CHECK(outcome("2027-03-14T10:00", "tomorrow", 60) == "end:error.date_invalid");
    CHECK(outcome("2027-03-14T10:00", "2027-03-14T10:00") == "end:error.end_before_start");
    CHECK(outcome("2027-03-14T10:00", "2027-03-14T22:01") == "end:error.too_long");
    CHECK(outcome("2027-03-14T10:00", "2027-03-14T22:00") == "ok");
    CHECK(outcome("2027-03-14T10:00", "", 60, std::string(1001, 'x')) == "comments:error.comments_too_long");
    CHECK(outcome("2027-03-14T10:00", "", 60, "", std::string(4001, 'x')) == "internal_notes:admin.calendar.error.notes_too_long");
    // A NUL (%00 in a form) or an escape is never typed; line breaks and tabs are.
    CHECK(outcome("2027-03-14T10:00", "", 60, std::string("Special\0shampoo", 15)) == "comments:error.control_characters");
    CHECK(outcome("2027-03-14T10:00", "", 60, "", "Muzzle\x1b") == "internal_notes:error.control_characters");
    CHECK(outcome("2027-03-14T10:00", "", 60, "Special shampoo\r\nNo perfume", "Muzzle:\tnails") == "ok");
}

TEST_CASE("staff members change only their own appointments") {
    CHECK(may_change_appointment(Role::owner, 1, 7));
    CHECK(may_change_appointment(Role::manager, 2, std::nullopt));
    CHECK(may_change_appointment(Role::staff, 7, 7));
    CHECK_FALSE(may_change_appointment(Role::staff, 7, 8));
    CHECK_FALSE(may_change_appointment(Role::staff, 7, std::nullopt));
    CHECK_FALSE(may_change_appointment(Role::customer, 7, 7));
}

TEST_CASE("calendar days: parsing, weeks from Monday, and days of 23 or 25 hours") {
    CHECK(parse_day("2026-11-22") == Day{2026, 11, 22});
    CHECK_FALSE(parse_day("2026-02-30").has_value());
    CHECK_FALSE(parse_day("2026-11-22T10:00").has_value());
    CHECK_FALSE(parse_day("").has_value());
    CHECK(format_day({2026, 3, 5}) == "2026-03-05");
    CHECK(monday_of({2026, 11, 22}) == Day{2026, 11, 16});  // a Sunday
    CHECK(monday_of({2026, 11, 16}) == Day{2026, 11, 16});
    CHECK(monday_of({2027, 1, 1}) == Day{2026, 12, 28});    // across the year
    CHECK(add_days(Day{2026, 12, 31}, 1) == Day{2027, 1, 1});
    CHECK(start_of_day({2027, 3, 29}, "Europe/Paris") - start_of_day({2027, 3, 28}, "Europe/Paris") == 23h);
    CHECK(start_of_day({2026, 10, 26}, "Europe/Paris") - start_of_day({2026, 10, 25}, "Europe/Paris") == 25h);
    CHECK(day_of(start_of_day({2026, 10, 25}, "Europe/Paris"), "Europe/Paris") == Day{2026, 10, 25});
    // Midnight does not exist in São Paulo on 2018-11-04 (clocks went from 00:00 to 01:00).
    auto sp = start_of_day({2018, 11, 4}, "America/Sao_Paulo");
    CHECK(to_local(sp, "America/Sao_Paulo").hour == 1);
}
