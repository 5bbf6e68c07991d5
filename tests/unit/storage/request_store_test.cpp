#include "storage/request_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/appointment_store.h"
#include "storage/customer_store.h"
#include "storage/user_store.h"

#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace salonbox::storage;
using namespace std::chrono_literals;
using salonbox::domain::Role;

namespace {
struct Inbox : SalonFixture {
    std::int64_t alice = 0, bob = 0, buddy = 0, rex = 0, manager = 0, groomer = 0, bob_account = 0;
    salonbox::domain::Instant now = clock.now();

    Inbox() {
        db->write([&](WriteTx& c) {
            alice = customer_store::insert(c, {0, "Alice", "Martin", "alice@x.test", "", "", "en", "", false});
            bob = customer_store::insert(c, {0, "Bob", "Durand", "", "", "", "", "", false});  // no email, no language of his own
            auto dog = animal_type_store::species_id(c, "dog").value();
            buddy = animal_store::insert(c, {0, alice, "Buddy", dog, std::nullopt, "", ""});
            rex = animal_store::insert(c, {0, bob, "Rex", dog, std::nullopt, "", ""});
            auto user = [&](std::string email, Role role, std::string name, std::optional<std::int64_t> customer, std::string locale, bool active) {
                User u;
                u.email = std::move(email);
                u.role = role;
                u.display_name = std::move(name);
                u.customer_id = customer;
                u.locale = std::move(locale);
                u.active = active;
                return user_store::insert(c, u).value();
            };
            manager = user("manager@x.test", Role::manager, "Marc Petit", std::nullopt, "", true);
            groomer = user("groomer@x.test", Role::staff, "Chloé", std::nullopt, "", true);
            user("gone@x.test", Role::staff, "Former groomer", std::nullopt, "", false);
            bob_account = user("bob@x.test", Role::customer, "Bob Durand", bob, "fr", true);
        });
    }

    std::int64_t request(std::int64_t customer, std::int64_t animal, salonbox::domain::Instant start, std::chrono::minutes length) {
        return db->write([&](WriteTx& c) {
            AppointmentRequest r;
            r.customer_id = customer;
            r.animal_id = animal;
            r.starts_at = start;
            r.ends_at = start + length;
            r.comments = "Short cut";
            return request_store::insert(c, r);
        });
    }

    // The approve transaction of the inbox: claim, book, link; the overlap trigger may refuse the booking.
    enum class Outcome { approved, already_handled, overlap };
    Outcome approve(std::int64_t id, std::int64_t staff) {
        return db->write([&](WriteTx& c) {
                auto r = request_store::find(c, id).value();
                if (!request_store::decide(c, id, "approved", manager, now, "")) return Outcome::already_handled;
                Appointment a;
                a.customer_id = r.customer_id;
                a.animal_id = r.animal_id;
                a.staff_user_id = staff;
                a.starts_at = r.starts_at;
                a.ends_at = r.ends_at;
                auto appointment = appointment_store::insert(c, a);
                if (!appointment) {
                    c.cancel();  // the request stays pending
                    return Outcome::overlap;
                }
                request_store::link_appointment(c, id, appointment.value());
                return Outcome::approved;
            });
    }

    int count(const std::string& sql) {
        return db->read([&](ReadTx& c) { return c.connection().execAndGet(sql).getInt(); });
    }
};
}  // namespace

TEST_CASE("a request carries who to write to and in which language") {
    Inbox f;
    auto alices = f.request(f.alice, f.buddy, f.now + 48h, 60min);
    auto bobs = f.request(f.bob, f.rex, f.now + 72h, 90min);
    f.db->read([&](ReadTx& c) {
        auto a = request_store::find(c, alices).value();
        CHECK(a.customer_name == "Alice Martin");
        CHECK(a.animal_name == "Buddy");
        CHECK(a.customer_email == "alice@x.test");
        CHECK(a.customer_locale == "en");
        CHECK(a.account_locale.empty());  // Alice has no portal account here
        CHECK(a.status == "pending");
        CHECK(a.comments == "Short cut");
        CHECK(a.ends_at - a.starts_at == 60min);
        CHECK_FALSE(a.decided_by);
        CHECK(a.decided_by_name.empty());
        // Bob's customer record has no email and no language: his portal account's are used.
        auto b = request_store::find(c, bobs).value();
        CHECK(b.customer_email == "bob@x.test");
        CHECK(b.customer_locale.empty());
        CHECK(b.account_locale == "fr");
        CHECK_FALSE(request_store::find(c, 9999));
        return 0;
    });
}

TEST_CASE("a request is decided once: the second decider changes nothing") {
    Inbox f;
    auto id = f.request(f.bob, f.rex, f.now + 72h, 90min);
    CHECK(f.db->write([&](WriteTx& c) { return request_store::decide(c, id, "declined", f.manager, f.now, "Fully booked"); }));
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return request_store::decide(c, id, "approved", f.groomer, f.now + 1s, "Yes"); }));
    f.db->read([&](ReadTx& c) {
        auto r = request_store::find(c, id).value();
        CHECK(r.status == "declined");
        CHECK(r.decision_message == "Fully booked");
        CHECK(r.decided_by == f.manager);
        CHECK(r.decided_by_name == "Marc Petit");
        CHECK(r.decided_at == f.now);
        CHECK(request_store::pending(c, 10).empty());
        return 0;
    });
}

TEST_CASE("the inbox lists pending requests newest first and decisions of the chosen period") {
    Inbox f;
    auto first = f.request(f.alice, f.buddy, f.now + 48h, 60min);
    auto second = f.request(f.bob, f.rex, f.now + 72h, 60min);
    auto third = f.request(f.alice, f.buddy, f.now + 96h, 60min);
    f.db->write([&](WriteTx& c) {
        request_store::decide(c, first, "declined", f.manager, f.now - std::chrono::days(40), "");
        request_store::decide(c, third, "declined", f.manager, f.now - 1h, "");
    });
    f.db->read([&](ReadTx& c) {
        auto pending = request_store::pending(c, 10);
        REQUIRE(pending.size() == 1);
        CHECK(pending[0].id == second);
        auto decided = request_store::decided_since(c, f.now - std::chrono::days(30), 10);
        REQUIRE(decided.size() == 1);  // the one decided 40 days ago is left out
        CHECK(decided[0].id == third);
        return 0;
    });
    auto fourth = f.request(f.bob, f.rex, f.now + 120h, 60min);
    f.db->read([&](ReadTx& c) {
        auto pending = request_store::pending(c, 10);
        REQUIRE(pending.size() == 2);
        CHECK(pending[0].id == fourth);  // same second: the later id first
        CHECK(pending[1].id == second);
        CHECK(request_store::count_pending(c) == 2);
        return 0;
    });
}

TEST_CASE("only active staff can be given an appointment") {
    Inbox f;
    f.db->read([&](ReadTx& c) {
        auto staff = request_store::active_staff(c);
        REQUIRE(staff.size() == 2);  // not the customer, not the inactive groomer
        CHECK(staff[0].name == "Chloé");
        CHECK(staff[1].name == "Marc Petit");
        return 0;
    });
}

TEST_CASE("a clash names the staff member's calendar before the animal's") {
    Inbox f;
    f.db->write([&](WriteTx& c) {
        Appointment a;
        a.customer_id = f.bob;
        a.animal_id = f.rex;
        a.staff_user_id = f.groomer;
        a.starts_at = f.now + 24h;
        a.ends_at = f.now + 25h;
        appointment_store::insert(c, a).value();
    });
    f.db->read([&](ReadTx& c) {
        CHECK(request_store::clash(c, f.groomer, f.buddy, f.now + 24h + 30min, f.now + 26h) == Clash::staff);
        CHECK(request_store::clash(c, f.groomer, f.rex, f.now + 24h, f.now + 25h) == Clash::staff);
        CHECK(request_store::clash(c, f.manager, f.rex, f.now + 24h, f.now + 25h) == Clash::animal);
        CHECK(request_store::clash(c, f.manager, f.buddy, f.now + 24h, f.now + 25h) == Clash::none);
        CHECK(request_store::clash(c, f.groomer, f.buddy, f.now + 25h, f.now + 26h) == Clash::none);  // back to back is fine
        return 0;
    });
}

TEST_CASE("approvals racing for one groomer's slot: exactly one appointment, the other request stays pending") {
    Inbox f;
    auto alices = f.request(f.alice, f.buddy, f.now + 48h, 60min);
    auto bobs = f.request(f.bob, f.rex, f.now + 48h + 30min, 60min);
    std::atomic<int> approved{0}, handled{0}, overlap{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&, i] {
            switch (f.approve(i % 2 ? alices : bobs, f.groomer)) {
                case Inbox::Outcome::approved: ++approved; break;
                case Inbox::Outcome::already_handled: ++handled; break;
                case Inbox::Outcome::overlap: ++overlap; break;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(approved == 1);
    CHECK(handled + overlap == 7);
    CHECK(handled == 3);  // the winner's request, asked three more times
    CHECK(overlap == 4);  // the other request, refused by the trigger each time
    CHECK(f.count("SELECT count(*) FROM appointments") == 1);
    CHECK(f.count("SELECT count(*) FROM appointment_requests WHERE status = 'approved' AND appointment_id IS NOT NULL") == 1);
    CHECK(f.count("SELECT count(*) FROM appointment_requests WHERE status = 'pending' AND decided_by IS NULL AND appointment_id IS NULL") == 1);
}
