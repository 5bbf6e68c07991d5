#include "domain/request_state.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace salonbox::domain;
using namespace std::chrono_literals;

TEST_CASE("a request's stored status reads back as itself, and nothing else is one") {
    for (auto s : {RequestStatus::pending, RequestStatus::approved, RequestStatus::declined, RequestStatus::rescheduled,
                   RequestStatus::withdrawn})
        CHECK(parse_request_status(to_string(s)) == s);
    CHECK(to_string(RequestStatus::rescheduled) == "rescheduled");
    CHECK_THROWS_AS(parse_request_status("Pending"), std::invalid_argument);
    CHECK_THROWS_AS(parse_request_status(""), std::invalid_argument);
}

TEST_CASE("only a pending request is answered, and only a future one is approved as asked") {
    const auto now = from_unix(1'800'000'000);
    const auto future = now + 1h, past = now - 1h;
    using A = RequestAction;
    struct Case {
        const char* what;
        RequestFacts facts;
        RequestAction action;
        std::string outcome;
    };
    auto outcome = [&](const RequestFacts& f, RequestAction a) {
        auto r = request_refusal(f, a, now);
        if (!r) return std::string("allowed");
        return std::string(*r == RequestRefusal::already_answered ? "already_answered" : "time_passed");
    };
    const std::vector<Case> cases{
        {"pending, future: approve", {RequestStatus::pending, future}, A::approve, "allowed"},
        {"pending, future: decline", {RequestStatus::pending, future}, A::decline, "allowed"},
        {"pending, future: reschedule", {RequestStatus::pending, future}, A::reschedule, "allowed"},
        {"pending, past: approve", {RequestStatus::pending, past}, A::approve, "time_passed"},
        {"pending, right now: approve", {RequestStatus::pending, now}, A::approve, "time_passed"},
        {"pending, past: decline", {RequestStatus::pending, past}, A::decline, "allowed"},
        {"pending, past: reschedule", {RequestStatus::pending, past}, A::reschedule, "allowed"},
        {"approved: decline", {RequestStatus::approved, future}, A::decline, "already_answered"},
        {"declined: approve", {RequestStatus::declined, future}, A::approve, "already_answered"},
        {"rescheduled: reschedule", {RequestStatus::rescheduled, future}, A::reschedule, "already_answered"},
        {"withdrawn: approve", {RequestStatus::withdrawn, future}, A::approve, "already_answered"},
        {"declined, past: approve", {RequestStatus::declined, past}, A::approve, "already_answered"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        CHECK(outcome(c.facts, c.action) == c.outcome);
        CHECK(request_actions(c.facts, now).has(c.action) == (c.outcome == "allowed"));
    }
    CHECK(request_actions({RequestStatus::approved, future}, now).empty());
}
