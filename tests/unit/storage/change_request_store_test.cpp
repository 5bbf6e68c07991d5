#include "storage/change_request_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/appointment_store.h"
#include "storage/booking_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/service_store.h"
#include "storage/user_store.h"

#include <doctest/doctest.h>

using namespace salonbox::storage;
namespace domain = salonbox::domain;

namespace {
// The fixture's clock is Monday 15 June 2026, 12:00 in Paris. Chloé takes bookings Tuesday-Saturday
// 09:00-18:00; Alice has Buddy, Bob has Rex; a 15.00 late-cancel fee after a 24 h cutoff.
struct Changes : SalonFixture {
    std::int64_t chloe = 0, alice = 0, bob = 0, buddy = 0, rex = 0, bath = 0;
    const std::string zone = "Europe/Paris";

    Changes() {
        db->write([&](WriteTx& c) {
            User u;
            u.email = "chloe@x.test";
            u.display_name = "Chloé";
            u.role = domain::Role::staff;
            chloe = user_store::insert(c, u).value();
            TeamAvailability t;
            t.user_id = chloe;
            t.takes_bookings = true;
            booking_store::save_team_member(c, t);
            alice = add_customer(c, "Alice");
            bob = add_customer(c, "Bob");
            buddy = add_dog(c, alice, "Buddy");
            rex = add_dog(c, bob, "Rex");
            bath = service_store::insert(c, Service{0, "Bath", 60, 3500, 2000, true});
            open_weekdays_nine_to_six(c);
            ChangeSettings s;
            s.policy.late_cancel_fee_minor = 1500;
            change_request_store::save_settings(c, s);
        });
    }

    domain::Instant at(unsigned day, unsigned hour) const { return *domain::from_local({2026, 6, day, hour, 0}, zone); }

    std::int64_t appointment(std::int64_t customer, std::int64_t animal, domain::Instant start) {
        return db->write([&](WriteTx& c) {
            Appointment a;
            a.customer_id = customer;
            a.animal_id = animal;
            a.service_id = bath;
            a.staff_user_id = chloe;
            a.starts_at = start;
            a.ends_at = start + std::chrono::hours(1);
            return appointment_store::insert(c, a).value();
        });
    }

    StoreResult<std::int64_t> ask(std::int64_t customer, ChangeAsk a) {
        return db->write([&](WriteTx& c) { return change_request_store::open(c, customer, a); });
    }

    ChangeAsk cancel(std::int64_t appointment_id, bool late = false) const {
        ChangeAsk a;
        a.appointment_id = appointment_id;
        a.terms.late = late;
        a.terms.fee_minor = late ? 1500 : 0;
        return a;
    }

    ChangeAsk move(std::int64_t appointment_id, domain::Instant to) const {
        ChangeAsk a;
        a.appointment_id = appointment_id;
        a.kind = domain::CustomerChange::reschedule;
        a.asked_starts_at = to;
        a.asked_ends_at = to + std::chrono::hours(1);
        a.asked_staff_user_id = chloe;
        return a;
    }

    StoreResult<ChangeOutcome> approve(std::int64_t id) {
        return db->write([&](WriteTx& c) { return change_request_store::approve(c, id, std::nullopt, zone, "EUR", "Late cancellation fee", ""); });
    }

    std::string status_of(std::int64_t id) {
        return db->read([&](ReadTx& c) { return change_request_store::find(c, id)->status; });
    }
};
}  // namespace

TEST_CASE("one pending change per appointment, and only on the customer's own scheduled appointment") {
    Changes t;
    auto buddys = t.appointment(t.alice, t.buddy, t.at(17, 10));
    auto first = t.ask(t.alice, t.cancel(buddys));
    REQUIRE(first);
    CHECK(first.value() > 0);
    auto second = t.ask(t.alice, t.move(buddys, t.at(17, 15)));
    REQUIRE_FALSE(second);
    CHECK(second.error() == StoreError::change_pending);
    auto bobs_try = t.ask(t.bob, t.cancel(buddys));
    REQUIRE(bobs_try);
    CHECK(bobs_try.value() == 0);
    t.db->read([&](ReadTx& c) {
        CHECK_FALSE(change_request_store::find(c, first.value(), t.bob));
        CHECK(change_request_store::find(c, first.value(), t.alice));
        CHECK(change_request_store::count_pending(c) == 1);
    });
    // Once settled, the appointment takes a new request.
    CHECK(t.db->write([&](WriteTx& c) { return change_request_store::withdraw(c, first.value(), t.alice); }));
    CHECK(t.ask(t.alice, t.move(buddys, t.at(17, 15))));
}

TEST_CASE("a withdrawal and an approval settle a request once: the second finds it settled and writes nothing") {
    Changes t;
    auto buddys = t.appointment(t.alice, t.buddy, t.at(17, 10));
    auto id = t.ask(t.alice, t.cancel(buddys)).value();
    CHECK_FALSE(t.db->write([&](WriteTx& c) { return change_request_store::withdraw(c, id, t.bob); }));
    CHECK(t.db->write([&](WriteTx& c) { return change_request_store::withdraw(c, id, t.alice); }));
    auto late = t.approve(id);
    REQUIRE_FALSE(late);
    CHECK(late.error() == StoreError::already_settled);
    CHECK(t.status_of(id) == "withdrawn");
    t.db->read([&](ReadTx& c) { CHECK(appointment_store::find(c, buddys)->status == "scheduled"); });

    auto again = t.ask(t.alice, t.cancel(buddys)).value();
    REQUIRE(t.approve(again));
    CHECK_FALSE(t.db->write([&](WriteTx& c) { return change_request_store::withdraw(c, again, t.alice); }));
    CHECK_FALSE(t.db->write([&](WriteTx& c) { return change_request_store::decline(c, again, t.chloe, ""); }));
    CHECK(t.status_of(again) == "approved");
}

TEST_CASE("approving a late cancel cancels the appointment and puts the frozen fee on the customer's draft invoice") {
    Changes t;
    auto existing_draft = t.db->write([&](WriteTx& c) { return invoice_store::create_draft(c, t.alice, std::nullopt, "EUR"); });
    auto buddys = t.appointment(t.alice, t.buddy, t.at(16, 10));
    auto id = t.ask(t.alice, t.cancel(buddys, true)).value();
    // The salon dropping its fee afterwards changes nothing: the fee was frozen when Alice asked.
    t.db->write([&](WriteTx& c) { change_request_store::save_settings(c, ChangeSettings{}); });
    auto done = t.approve(id);
    REQUIRE(done);
    CHECK(done.value().fee_invoice_id == existing_draft);
    t.db->read([&](ReadTx& c) {
        CHECK(appointment_store::find(c, buddys)->status == "cancelled");
        auto invoice = invoice_store::load(c, existing_draft, std::nullopt);
        REQUIRE(invoice);
        REQUIRE(invoice->lines.size() == 1);
        CHECK(invoice->lines[0].description == "Late cancellation fee");
        auto r = change_request_store::find(c, id);
        CHECK(r->decided_automatically);
        CHECK_FALSE(r->decided_by);
    });
}

TEST_CASE("approving a move into a time taken meanwhile is refused and leaves the request pending and the appointment in place") {
    Changes t;
    auto buddys = t.appointment(t.alice, t.buddy, t.at(17, 10));
    auto id = t.ask(t.alice, t.move(buddys, t.at(17, 15))).value();
    t.appointment(t.bob, t.rex, t.at(17, 15));  // Chloé's 15:00 goes to Rex first
    auto refused = t.approve(id);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == StoreError::slot_taken);
    CHECK(t.status_of(id) == "pending");
    t.db->read([&](ReadTx& c) { CHECK(appointment_store::find(c, buddys)->starts_at == t.at(17, 10)); });

    // Alice's ask changed to a time still free (as if she had asked for 16:00): it goes through.
    t.db->write([&](WriteTx& c) {
        c.connection().exec("UPDATE change_requests SET asked_starts_at = " + std::to_string(domain::to_unix(t.at(17, 16))) +
                            ", asked_ends_at = " + std::to_string(domain::to_unix(t.at(17, 17))) + " WHERE id = " + std::to_string(id));
    });
    auto moved = t.approve(id);
    REQUIRE(moved);
    CHECK(moved.value().starts_before == t.at(17, 10));
    CHECK(moved.value().starts_after == t.at(17, 16));
    t.db->read([&](ReadTx& c) { CHECK(appointment_store::find(c, buddys)->starts_at == t.at(17, 16)); });
}

TEST_CASE("a time the salon proposes instead declines the ask, and only its customer accepts it, once") {
    Changes t;
    auto buddys = t.appointment(t.alice, t.buddy, t.at(17, 10));
    auto id = t.ask(t.alice, t.move(buddys, t.at(17, 15))).value();
    auto proposed = t.db->write([&](WriteTx& c) {
        return change_request_store::propose_instead(c, id, t.chloe, t.at(18, 11), t.at(18, 12), t.chloe, "15:00 is taken");
    });
    REQUIRE(proposed);
    CHECK(t.status_of(id) == "declined");
    auto again = t.db->write([&](WriteTx& c) { return change_request_store::propose_instead(c, id, t.chloe, t.at(18, 13), t.at(18, 14), t.chloe, ""); });
    REQUIRE_FALSE(again);
    CHECK(again.error() == StoreError::already_settled);
    t.db->read([&](ReadTx& c) {
        CHECK(change_request_store::open_proposals(c, t.bob).empty());
        REQUIRE(change_request_store::open_proposals(c, t.alice).size() == 1);
    });
    CHECK_FALSE(t.db->write([&](WriteTx& c) { return change_request_store::accept_proposal(c, proposed.value(), t.bob); }));
    auto moved = t.db->write([&](WriteTx& c) { return change_request_store::accept_proposal(c, proposed.value(), t.alice); });
    REQUIRE(moved);
    CHECK(moved.value().starts_after == t.at(18, 11));
    t.db->read([&](ReadTx& c) { CHECK(appointment_store::find(c, buddys)->starts_at == t.at(18, 11)); });
    CHECK_FALSE(t.db->write([&](WriteTx& c) { return change_request_store::decline_proposal(c, proposed.value(), t.alice); }));
}
