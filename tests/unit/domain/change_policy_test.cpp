#include "domain/change_policy.h"

#include "domain/time_zone.h"

#include <doctest/doctest.h>

#include <string>

using namespace salonbox::domain;
using namespace std::chrono_literals;

namespace {

Instant local(const char* text, const char* zone) {
    auto parsed = parse_local_datetime(text);
    REQUIRE(parsed);
    auto instant = from_local(*parsed, zone);
    REQUIRE(instant);
    return *instant;
}

std::string shown(Instant t, const char* zone) { return format_local_datetime(to_local(t, zone)); }

const ChangePolicy demo{24h, 24h, 1500};

std::string refusal(CustomerChange change, AppointmentStatus status, Instant starts_at, Instant now) {
    auto r = customer_change_refusal(demo, change, status, starts_at, now);
    if (!r) return "allowed";
    switch (*r) {
        case CustomerChangeRefusal::not_scheduled: return "not_scheduled";
        case CustomerChangeRefusal::started: return "started";
        case CustomerChangeRefusal::inside_cutoff: return "inside_cutoff";
    }
    return "?";
}

}  // namespace

TEST_CASE("a cancellation is free up to and including the cutoff instant, then late with the fee") {
    const auto start = from_unix(1'800'000'000);
    const auto in_time = change_terms(demo, CustomerChange::cancel, start, start - 24h);
    CHECK_FALSE(in_time.late);
    CHECK(in_time.fee_minor == 0);
    CHECK(in_time.free_until == start - 24h);
    const auto late = change_terms(demo, CustomerChange::cancel, start, start - 24h + 1s);
    CHECK(late.late);
    CHECK(late.fee_minor == 1500);
    CHECK(change_terms(demo, CustomerChange::cancel, start, start - 48h).fee_minor == 0);
    // A salon without a fee still knows the cancellation was late.
    const ChangePolicy no_fee{24h, 24h, 0};
    const auto late_free = change_terms(no_fee, CustomerChange::cancel, start, start - 1h);
    CHECK(late_free.late);
    CHECK(late_free.fee_minor == 0);
}

TEST_CASE("the cutoff is 24 real hours across a change of clocks, shown in the salon's zone") {
    // Paris springs forward on Sunday 29 March 2026 at 02:00: 24 hours before Sunday 10:00 is Saturday 09:00.
    const auto sunday_spring = local("2026-03-29T10:00", "Europe/Paris");
    const auto spring_cutoff = free_until(demo, CustomerChange::cancel, sunday_spring);
    CHECK(sunday_spring - spring_cutoff == 24h);
    CHECK(shown(spring_cutoff, "Europe/Paris") == "2026-03-28T09:00");
    CHECK_FALSE(change_terms(demo, CustomerChange::cancel, sunday_spring, local("2026-03-28T09:00", "Europe/Paris")).late);
    CHECK(change_terms(demo, CustomerChange::cancel, sunday_spring, local("2026-03-28T09:30", "Europe/Paris")).late);

    // Paris falls back on Sunday 25 October 2026 at 03:00: 24 hours before Sunday 10:00 is Saturday 11:00.
    const auto sunday_autumn = local("2026-10-25T10:00", "Europe/Paris");
    CHECK(shown(free_until(demo, CustomerChange::cancel, sunday_autumn), "Europe/Paris") == "2026-10-24T11:00");
    CHECK(change_terms(demo, CustomerChange::cancel, sunday_autumn, local("2026-10-24T10:30", "Europe/Paris")).late == false);
    CHECK(change_terms(demo, CustomerChange::cancel, sunday_autumn, local("2026-10-24T11:30", "Europe/Paris")).late);

    // New York springs forward on Sunday 8 March 2026: 24 hours before Sunday 09:00 is Saturday 08:00.
    const auto sunday_new_york = local("2026-03-08T09:00", "America/New_York");
    CHECK(shown(free_until(demo, CustomerChange::reschedule, sunday_new_york), "America/New_York") == "2026-03-07T08:00");
}

TEST_CASE("terms are frozen when asked: a slow approval or a new fee changes nothing for an in-time request") {
    const auto start = from_unix(1'800'000'000);
    const auto asked = start - 30h;
    const auto frozen = change_terms(demo, CustomerChange::cancel, start, asked);
    // The salon approves 10 hours before the start, after raising its fee: the terms depend on the asking
    // instant and the policy then, so what was stored at asking stays the truth.
    ChangePolicy raised = demo;
    raised.late_cancel_fee_minor = 4000;
    const auto at_approval = change_terms(raised, CustomerChange::cancel, start, start - 10h);
    CHECK(at_approval.late);
    CHECK_FALSE(frozen.late);
    CHECK(frozen.fee_minor == 0);
    // A late request keeps the fee of the day it was asked.
    const auto late_frozen = change_terms(demo, CustomerChange::cancel, start, start - 2h);
    CHECK(late_frozen.fee_minor == 1500);
    CHECK(change_terms(raised, CustomerChange::cancel, start, start - 2h).fee_minor == 4000);
}

TEST_CASE("a reschedule is offered only before its cutoff; a cancel until the start; nothing once closed") {
    const auto start = from_unix(1'800'000'000);
    using C = CustomerChange;
    using S = AppointmentStatus;
    CHECK(refusal(C::reschedule, S::scheduled, start, start - 25h) == "allowed");
    CHECK(refusal(C::reschedule, S::scheduled, start, start - 24h) == "allowed");
    CHECK(refusal(C::reschedule, S::scheduled, start, start - 23h) == "inside_cutoff");
    CHECK(refusal(C::cancel, S::scheduled, start, start - 23h) == "allowed");  // with the fee
    CHECK(refusal(C::cancel, S::scheduled, start, start - 1s) == "allowed");
    CHECK(refusal(C::cancel, S::scheduled, start, start) == "started");
    CHECK(refusal(C::reschedule, S::scheduled, start, start + 1h) == "started");
    for (auto closed : {S::completed, S::cancelled, S::no_show}) {
        CHECK(refusal(C::cancel, closed, start, start - 48h) == "not_scheduled");
        CHECK(refusal(C::reschedule, closed, start, start - 48h) == "not_scheduled");
    }
    CHECK(customer_changes(demo, S::scheduled, start, start - 48h) == ActionSet<C>{C::cancel, C::reschedule});
    CHECK(customer_changes(demo, S::scheduled, start, start - 2h) == ActionSet<C>{C::cancel});
    CHECK(customer_changes(demo, S::scheduled, start, start).empty());
    // Separate cutoffs: a salon may allow reschedules later than free cancellations.
    const ChangePolicy lenient{48h, 2h, 1500};
    CHECK(customer_change_refusal(lenient, C::reschedule, S::scheduled, start, start - 3h) == std::nullopt);
    CHECK(change_terms(lenient, C::cancel, start, start - 3h).late);
}
