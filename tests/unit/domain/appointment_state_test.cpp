#include "domain/appointment_state.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

using namespace salonbox::domain;

TEST_CASE("an appointment's stored status reads back as itself, and nothing else is one") {
    for (auto s : {AppointmentStatus::scheduled, AppointmentStatus::completed, AppointmentStatus::cancelled, AppointmentStatus::no_show})
        CHECK(parse_appointment_status(to_string(s)) == s);
    CHECK(to_string(AppointmentStatus::no_show) == "no_show");
    CHECK_THROWS_AS(parse_appointment_status("done"), std::invalid_argument);
}

TEST_CASE("only a scheduled appointment is cancelled or completed; any can be corrected") {
    using A = AppointmentAction;
    using S = AppointmentStatus;
    struct Case {
        S status;
        ActionSet<A> allowed;
    };
    const std::vector<Case> cases{
        {S::scheduled, {A::edit, A::cancel, A::complete}},
        {S::completed, {A::edit}},
        {S::cancelled, {A::edit}},
        {S::no_show, {A::edit}},
    };
    for (const auto& c : cases) {
        CAPTURE(to_string(c.status));
        CHECK(appointment_actions(c.status) == c.allowed);
        for (auto a : {A::edit, A::cancel, A::complete})
            CHECK(appointment_refusal(c.status, a).has_value() == !c.allowed.has(a));
    }
    CHECK(appointment_refusal(S::cancelled, A::complete) == AppointmentRefusal::closed);
}
