#include "domain/booking.h"
#include "domain/invoice_totals.h"
#include "domain/time_zone.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;
using namespace std::chrono_literals;

namespace {
// "Now" is 2026-06-01 08:00 UTC (10:00 in Paris).
const Instant k_now = from_unix(1780300800);
}  // namespace

TEST_CASE("a request in salon time becomes UTC instants") {
    auto r = check_request("2026-06-10T14:00", "2026-06-10T15:30", "  Short cut ", "Europe/Paris", k_now);
    REQUIRE(r.ok());
    CHECK(to_local(r.value().starts_at, "Europe/Paris").hour == 14);
    CHECK(r.value().ends_at - r.value().starts_at == 90min);
    CHECK(r.value().comments == "Short cut");
    auto ny = check_request("2026-06-10T14:00", "2026-06-10T15:00", "", "America/New_York", k_now);
    CHECK(ny.value().starts_at - r.value().starts_at == 6h);
}

TEST_CASE("each wrong request names the field to fix") {
    auto field = [](std::string_view s, std::string_view e, std::string_view c = "") {
        auto r = check_request(s, e, c, "Europe/Paris", k_now);
        return r.ok() ? std::string("ok") : r.error().field + ":" + r.error().message_key;
    };
    CHECK(field("2026-06-01T09:00", "2026-06-01T11:00") == "start:error.start_in_past");
    CHECK(field("2026-06-01T10:00", "2026-06-01T11:00") == "start:error.start_in_past");  // exactly now
    CHECK(field("2026-06-01T10:30", "2026-06-01T10:00") == "end:error.end_before_start");
    CHECK(field("2026-06-01T10:30", "2026-06-01T10:30") == "end:error.end_before_start");
    CHECK(field("2026-06-02T08:00", "2026-06-02T20:01") == "end:error.too_long");
    CHECK(field("2027-06-05T10:00", "2027-06-05T11:00") == "start:error.start_too_far");
    CHECK(field("tomorrow", "2026-06-02T11:00") == "start:error.date_invalid");
    CHECK(field("2026-06-02T10:00", "") == "end:error.date_invalid");
    CHECK(field("2027-03-28T02:30", "2027-03-28T04:00") == "start:error.date_invalid");  // Paris springs forward
    CHECK(field("2026-06-02T10:00", "2026-06-02T11:00", std::string(1001, 'x')) == "comments:error.comments_too_long");
    CHECK(field("2026-06-02T10:00", "2026-06-02T11:00", std::string(1000, 'x')) == "ok");
    // A thousand accented letters are a thousand characters, not two thousand bytes' worth.
    std::string accents;
    for (int i = 0; i < 1000; ++i) accents += "é";
    CHECK(field("2026-06-02T10:00", "2026-06-02T11:00", accents) == "ok");
    // A NUL or another control character typed as %00: refused where it was typed; line breaks and tabs are text.
    CHECK(field("2026-06-02T10:00", "2026-06-02T11:00", std::string("Short\0cut", 9)) == "comments:error.control_characters");
    CHECK(field("2026-06-02T10:00", "2026-06-02T11:00", "Short\x1b[31mcut") == "comments:error.control_characters");
    CHECK(field("2026-06-02T10:00", "2026-06-02T11:00", "Short cut\nthen\tbath") == "ok");
}

TEST_CASE("invoice totals: tax per rate, tip, deposit and payments") {
    auto t = compute_totals({{1, 5500, 2000}, {1, 1200, 2000}}, 0, 0, 8040);
    CHECK(t.net_minor == 6700);
    CHECK(t.tax_minor == 1340);
    CHECK(t.total_minor == 8040);
    CHECK(t.due_minor == 0);
    CHECK(t.paid());

    auto mixed = compute_totals({{3, 333, 2000}, {2, 1000, 550}, {1, 500, 0}}, 300, 1000, 0);
    CHECK(mixed.net_minor == 999 + 2000 + 500);
    CHECK(mixed.tax_by_rate_minor.at(2000) == 200);  // 199.8 rounds to 200
    CHECK(mixed.tax_by_rate_minor.at(550) == 110);
    CHECK_FALSE(mixed.tax_by_rate_minor.contains(0));
    CHECK(mixed.total_minor == 3499 + 310 + 300);
    CHECK(mixed.due_minor == mixed.total_minor - 1000);
    CHECK_FALSE(mixed.paid());

    auto over = compute_totals({{1, 1000, 0}}, 0, 0, 1500);
    CHECK(over.due_minor == 0);
    auto credit = compute_totals({{-1, 5500, 2000}}, 0, 0, 0);
    CHECK(credit.total_minor == -6600);
}

TEST_CASE("tax is rounded once per rate, not once per line") {
    std::vector<PricedLine> lines(10, PricedLine{1, 3, 2000});  // 10 x 0.6 cents of tax
    CHECK(compute_totals(lines, 0, 0, 0).tax_minor == 6);
}

TEST_CASE("an issued credit note settles what it corrects") {
    auto t = compute_totals({{1, 5500, 2000}}, 0, 0, 2000, 6600);
    CHECK(t.credited_minor == 6600);
    CHECK(t.due_minor == 0);
    auto partial = compute_totals({{1, 5500, 2000}}, 0, 0, 0, 1200);
    CHECK(partial.due_minor == 5400);
}
