#include "domain/change_request_state.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

using namespace salonbox::domain;

namespace {
std::string outcome(const ChangeFacts& facts, ChangeAction action) {
    auto r = change_refusal(facts, action);
    if (!r) return "allowed";
    return *r == ChangeRefusal::already_settled ? "already_settled" : "pending_exists";
}
}  // namespace

TEST_CASE("a change request's stored status reads back as itself, and nothing else is one") {
    for (auto s : {ChangeStatus::pending, ChangeStatus::approved, ChangeStatus::declined, ChangeStatus::withdrawn})
        CHECK(parse_change_status(to_string(s)) == s);
    CHECK(to_string(ChangeStatus::withdrawn) == "withdrawn");
    CHECK_THROWS_AS(parse_change_status("rescheduled"), std::invalid_argument);
    CHECK_THROWS_AS(parse_change_status(""), std::invalid_argument);
}

TEST_CASE("a pending request is settled once: approved, declined or withdrawn, and nothing after") {
    using A = ChangeAction;
    for (auto action : {A::approve, A::decline, A::withdraw}) {
        CAPTURE(static_cast<int>(action));
        CHECK(outcome({ChangeStatus::pending, false}, action) == "allowed");
        for (auto settled : {ChangeStatus::approved, ChangeStatus::declined, ChangeStatus::withdrawn})
            CHECK(outcome({settled, false}, action) == "already_settled");
    }
    CHECK(status_after(A::open) == ChangeStatus::pending);
    CHECK(status_after(A::approve) == ChangeStatus::approved);
    CHECK(status_after(A::decline) == ChangeStatus::declined);
    CHECK(status_after(A::withdraw) == ChangeStatus::withdrawn);
    CHECK(change_actions(ChangeStatus::pending) == ActionSet<A>{A::approve, A::decline, A::withdraw});
    CHECK(change_actions(ChangeStatus::approved).empty());
    CHECK(change_actions(ChangeStatus::withdrawn).empty());
}

TEST_CASE("an appointment has at most one pending change: another is opened only once the first is settled") {
    CHECK(outcome({std::nullopt, false}, ChangeAction::open) == "allowed");
    CHECK(outcome({std::nullopt, true}, ChangeAction::open) == "pending_exists");
}

TEST_CASE("of a withdrawal and an approval racing, the one checked second is refused") {
    // Each side reads the row again in the transaction that settles it: whichever commits first leaves the
    // status the other then sees.
    auto status = ChangeStatus::pending;
    REQUIRE_FALSE(change_refusal({status, false}, ChangeAction::withdraw));
    status = status_after(ChangeAction::withdraw);
    CHECK(change_refusal({status, false}, ChangeAction::approve) == ChangeRefusal::already_settled);
}
