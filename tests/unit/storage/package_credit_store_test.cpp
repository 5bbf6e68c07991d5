#include "storage/credit_store.h"
#include "storage/package_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/appointment_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/service_store.h"

#include <doctest/doctest.h>

#include <latch>
#include <thread>
#include <vector>

using namespace salonbox::storage;
using namespace std::chrono_literals;
using salonbox::domain::Day;

namespace {
// Alice with her dog Buddy, Bob with Rex, a bath and a groom service, and a "3 × Bath" package type.
struct Packages : SalonFixture {
    std::int64_t alice = 0, bob = 0, buddy = 0, rex = 0, bath = 0, groom = 0, baths = 0;
    salonbox::domain::Instant t0 = salonbox::domain::from_unix(1781517600);  // 15 June 2026, 12:00 in Paris
    Day june15{2026, 6, 15};
    int next_hour = 0;

    Packages() {
        db->write([&](WriteTx& c) {
            Customer k;
            k.first_name = "Alice";
            k.last_name = "Martin";
            alice = customer_store::insert(c, k);
            k.first_name = "Bob";
            bob = customer_store::insert(c, k);
            auto dog = animal_type_store::species_id(c, "dog").value();
            Animal a;
            a.species_id = dog;
            a.customer_id = alice;
            a.name = "Buddy";
            buddy = animal_store::insert(c, a);
            a.customer_id = bob;
            a.name = "Rex";
            rex = animal_store::insert(c, a);
            bath = service_store::insert(c, Service{0, "Bath", 60, 3500, 2000, true});
            groom = service_store::insert(c, Service{0, "Groom", 90, 5500, 2000, true});
            PackageType t;
            t.name = "3 × Bath";
            t.sessions = 3;
            t.price_minor = 9000;
            t.validity_days = 30;
            t.service_ids = {bath};
            baths = package_store::insert_type(c, t);
        });
    }

    std::int64_t sell(std::int64_t customer, Day expires_on, int sessions = 3) {
        return db->write([&](WriteTx& c) {
            return package_store::record_sale(c, {customer, baths, "3 × Bath", sessions, 9000, expires_on, std::nullopt, std::nullopt, c.now()});
        });
    }

    std::int64_t groomer = 0;  // who does the appointments, made with the first one

    // A scheduled appointment of `animal` with `service`, an hour after the last one made.
    std::int64_t appointment(std::int64_t customer, std::int64_t animal, std::int64_t service) {
        Appointment a;
        a.customer_id = customer;
        a.animal_id = animal;
        a.service_id = service;
        a.starts_at = t0 + std::chrono::hours(++next_hour);
        a.ends_at = a.starts_at + 1h;
        return db->write([&](WriteTx& c) {
            if (groomer == 0) groomer = add_groomer(c);
            a.staff_user_id = groomer;
            return appointment_store::insert(c, a).value();
        });
    }

    std::optional<std::int64_t> redeem(std::int64_t appointment_id, std::optional<std::int64_t> sale = std::nullopt, Day day = Day{2026, 6, 15}) {
        return db->write([&](WriteTx& c) { return package_store::redeem(c, appointment_id, sale, day, std::nullopt); });
    }

    int used(std::int64_t sale) {
        return db->read([&](ReadTx& c) {
            for (const auto& p : package_store::of_customer(c, alice))
                if (p.sale_id == sale) return p.used;
            for (const auto& p : package_store::of_customer(c, bob))
                if (p.sale_id == sale) return p.used;
            return -1;
        });
    }
};
}  // namespace

TEST_CASE("a completed appointment takes its session from the covering package that expires first") {
    Packages f;
    auto later = f.sell(f.alice, Day{2026, 7, 30});
    auto sooner = f.sell(f.alice, Day{2026, 7, 1});
    f.sell(f.bob, Day{2026, 6, 20});  // Bob's: never Alice's sessions
    auto visit = f.appointment(f.alice, f.buddy, f.bath);
    CHECK(f.redeem(visit) == sooner);
    CHECK(f.used(sooner) == 1);
    CHECK(f.used(later) == 0);
    // Completing again takes nothing more.
    CHECK_FALSE(f.redeem(visit));
    CHECK_FALSE(f.redeem(visit, later));
    CHECK(f.used(sooner) + f.used(later) == 1);
    // A service the package does not cover, and an appointment of another customer, take nothing from Alice.
    CHECK_FALSE(f.redeem(f.appointment(f.alice, f.buddy, f.groom)));
    auto rexs = f.appointment(f.bob, f.rex, f.bath);
    CHECK_FALSE(f.redeem(rexs, sooner));
    // Staff may choose the other package.
    auto second = f.appointment(f.alice, f.buddy, f.bath);
    CHECK(f.redeem(second, later) == later);
    // Un-completing gives the session back; the appointment may then use one again.
    CHECK(f.db->write([&](WriteTx& c) { return package_store::release(c, visit); }));
    CHECK(f.used(sooner) == 0);
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return package_store::release(c, visit); }));
    CHECK(f.redeem(visit) == sooner);
}

TEST_CASE("a package is usable until the end of its last day, and only for its sessions") {
    Packages f;
    auto sale = f.sell(f.alice, Day{2026, 6, 15}, 2);
    auto a = f.appointment(f.alice, f.buddy, f.bath);
    CHECK_FALSE(f.redeem(a, std::nullopt, Day{2026, 6, 16}));  // the appointment's day is after the last day
    CHECK(f.redeem(a, std::nullopt, Day{2026, 6, 15}) == sale);
    CHECK(f.redeem(f.appointment(f.alice, f.buddy, f.bath)) == sale);
    CHECK_FALSE(f.redeem(f.appointment(f.alice, f.buddy, f.bath)));
    CHECK(f.used(sale) == 2);
    CHECK(f.db->read([&](ReadTx& c) { return package_store::usable_for(c, a, f.june15).empty(); }));
    // The database itself refuses a session beyond the count, whoever writes.
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return package_store::redeem_by_hand(c, sale, f.buddy, f.t0, std::nullopt); }));
    CHECK_THROWS_AS(f.db->write([&](WriteTx& c) {
        c.connection().exec("INSERT INTO package_redemptions (package_sale_id, used_at) VALUES (" + std::to_string(sale) + ", 0)");
    }), StorageError);
}

TEST_CASE("completions at once use one session each and never more than the package holds") {
    Packages f;
    auto sale = f.sell(f.alice, Day{2026, 7, 1}, 3);
    f.redeem(f.appointment(f.alice, f.buddy, f.bath));  // one used: two left
    std::vector<std::int64_t> visits;
    for (int i = 0; i < 4; ++i) visits.push_back(f.appointment(f.alice, f.buddy, f.bath));
    // Four completions of different appointments, plus the first one completed twice, all at once.
    visits.push_back(visits.front());
    std::latch start(static_cast<std::ptrdiff_t>(visits.size()));
    std::vector<int> took(visits.size(), 0);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < visits.size(); ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            took[i] = f.redeem(visits[i]).has_value() ? 1 : 0;
        });
    }
    for (auto& t : threads) t.join();
    int taken = 0;
    for (int t : took) taken += t;
    CHECK(taken == 2);
    CHECK(f.used(sale) == 3);
}

TEST_CASE("the credit ledger sums to the balance and refuses a debit that would overdraw it, even two at once") {
    Packages f;
    auto add = [&](std::int64_t amount, salonbox::domain::CreditKind kind) {
        return f.db->write([&](WriteTx& c) { return credit_store::add(c, {f.alice, amount, kind, "", std::nullopt, std::nullopt, std::nullopt}); });
    };
    REQUIRE(add(2000, salonbox::domain::CreditKind::gift));
    REQUIRE(add(1500, salonbox::domain::CreditKind::prepayment));
    auto short_debit = add(-3600, salonbox::domain::CreditKind::invoice_payment);
    REQUIRE_FALSE(short_debit);
    CHECK(short_debit.error() == StoreError::credit_short);
    CHECK(f.db->read([&](ReadTx& c) { return credit_store::balance(c, f.alice); }) == 3500);
    CHECK(f.db->read([&](ReadTx& c) { return credit_store::balance(c, f.bob); }) == 0);

    // Two payments of 20.00 from a balance of 35.00 at once: one goes through.
    std::latch start(2);
    int through = 0;
    std::mutex m;
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i)
        threads.emplace_back([&] {
            start.arrive_and_wait();
            if (add(-2000, salonbox::domain::CreditKind::invoice_payment)) {
                std::lock_guard lock(m);
                ++through;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(through == 1);
    CHECK(f.db->read([&](ReadTx& c) { return credit_store::balance(c, f.alice); }) == 1500);

    auto rows = f.db->read([&](ReadTx& c) { return credit_store::entries(c, f.alice, 10); });
    REQUIRE(rows.size() == 3);
    CHECK(rows.front().amount_minor == -2000);  // newest first
    // An entry is never changed or deleted.
    CHECK_THROWS_AS(f.db->write([&](WriteTx& c) { c.connection().exec("UPDATE credit_entries SET amount_minor = 1"); }), StorageError);
    CHECK_THROWS_AS(f.db->write([&](WriteTx& c) { c.connection().exec("DELETE FROM credit_entries"); }), StorageError);
}

TEST_CASE("a receipt learns which package session and how much credit paid for an appointment") {
    Packages f;
    auto sale = f.sell(f.alice, Day{2026, 7, 1});
    auto first = f.appointment(f.alice, f.buddy, f.bath);
    auto second = f.appointment(f.alice, f.buddy, f.bath);
    f.redeem(first);
    f.redeem(second);
    auto session = f.db->read([&](ReadTx& c) { return package_store::session_of_appointment(c, second); });
    REQUIRE(session);
    CHECK(session->sale_id == sale);
    CHECK(session->number == 2);
    CHECK(session->sessions == 3);
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return package_store::session_of_appointment(c, f.appointment(f.alice, f.buddy, f.groom)); }));

    f.db->write([&](WriteTx& c) {
        REQUIRE(credit_store::add(c, {f.alice, 5000, salonbox::domain::CreditKind::prepayment, "", std::nullopt, std::nullopt, std::nullopt}));
        auto invoice = invoice_store::create_draft(c, f.alice, first, "EUR");
        invoice_store::add_line(c, invoice, {"Bath", 1, 3500, 2000});
        invoice_store::issue(c, invoice, c.now());
        auto payment = invoice_store::add_payment(c, invoice, 4200, "credit", c.now(), std::nullopt);
        REQUIRE(credit_store::add(c, {f.alice, -4200, salonbox::domain::CreditKind::invoice_payment, "", invoice, payment, std::nullopt}));
    });
    CHECK(f.db->read([&](ReadTx& c) { return credit_store::used_for_appointment(c, first); }) == 4200);
    CHECK(f.db->read([&](ReadTx& c) { return credit_store::used_for_appointment(c, second); }) == 0);
}
