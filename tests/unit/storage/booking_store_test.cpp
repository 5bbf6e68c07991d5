#include "storage/booking_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/appointment_store.h"
#include "storage/customer_store.h"
#include "storage/service_store.h"
#include "storage/user_store.h"

#include <doctest/doctest.h>

using namespace salonbox::storage;
using namespace std::chrono_literals;
namespace domain = salonbox::domain;

namespace {
// The fixture's clock is Monday 15 June 2026, 12:00 in Paris. Two groomers take bookings Tuesday-Saturday
// 09:00-18:00; the owner does not; two customers with a dog each.
struct Booking : SalonFixture {
    std::int64_t owner = 0, chloe = 0, marc = 0, alice = 0, bob = 0, buddy = 0, rex = 0, bath = 0;
    const std::string zone = "Europe/Paris";

    Booking() {
        db->write([&](WriteTx& c) {
            auto staff = [&](const char* email, const char* name, bool takes) {
                User u;
                u.email = email;
                u.display_name = name;
                u.role = domain::Role::staff;
                auto id = user_store::insert(c, u).value();
                TeamAvailability t;
                t.user_id = id;
                t.takes_bookings = takes;
                booking_store::save_team_member(c, t);
                return id;
            };
            owner = staff("owner@x.test", "Sophie", false);
            chloe = staff("chloe@x.test", "Chloé", true);
            marc = staff("marc@x.test", "Marc", true);
            alice = add_customer(c, "Alice");
            bob = add_customer(c, "Bob");
            buddy = add_dog(c, alice, "Buddy");
            rex = add_dog(c, bob, "Rex");
            bath = service_store::insert(c, Service{0, "Bath", 60, 3500, 2000, true});
            open_weekdays_nine_to_six(c);
            domain::BookingPolicy p;
            p.online_booking = "instant";
            booking_store::save_policy(c, p);
        });
    }

    domain::Instant tuesday(unsigned hour, unsigned minute = 0) const { return *domain::from_local({2026, 6, 16, hour, minute}, zone); }

    StoreResult<Placement> place(std::int64_t customer, std::int64_t animal, domain::Instant at, std::optional<std::int64_t> staff = std::nullopt) {
        return db->write([&](WriteTx& c) {
            SlotRequest r;
            r.customer_id = customer;
            r.animal_id = animal;
            r.service_id = bath;
            r.staff_user_id = staff;
            r.starts_at = at;
            return booking_store::place(c, zone, r);
        });
    }

    // An hour's bath placed by the staff (booking_store::place_as_staff), with `staff` or anyone free.
    StoreResult<Placement> place_as_staff(std::int64_t customer, std::int64_t animal, domain::Instant at, std::optional<std::int64_t> staff) {
        return db->write([&](WriteTx& c) {
            Appointment a;
            a.customer_id = customer;
            a.animal_id = animal;
            a.service_id = bath;
            a.staff_user_id = staff;
            a.starts_at = at;
            a.ends_at = at + 1h;
            return booking_store::place_as_staff(c, zone, a);
        });
    }

    // Alice's second dog. Its id.
    std::int64_t add_luna() {
        return db->write([&](WriteTx& c) {
            Animal a;
            a.customer_id = alice;
            a.name = "Luna";
            a.species_id = animal_type_store::species_id(c, "dog").value();
            return animal_store::insert(c, a);
        });
    }
};
}  // namespace

TEST_CASE("settings round-trip: policy, hours, closures and a team member's terms") {
    Booking b;
    b.db->write([&](WriteTx& c) {
        TeamAvailability t;
        t.user_id = b.marc;
        t.takes_bookings = true;
        t.own_hours = true;
        t.hours[2] = {{8 * 60, 12 * 60}, {13 * 60, 17 * 60}};
        t.every_service = false;
        t.service_ids = {b.bath};
        booking_store::save_team_member(c, t);
        booking_store::add_closure(c, {{2026, 12, 24}, {2026, 12, 26}, "Christmas"});
    });
    b.db->read([&](ReadTx& c) {
        CHECK(booking_store::load_policy(c).online_booking == "instant");
        CHECK(booking_store::load_hours(c)[1] == std::vector<domain::TimeRange>{{540, 1080}});
        auto t = booking_store::load_team_member(c, b.marc);
        CHECK(t.own_hours);
        CHECK(t.hours[2].size() == 2);
        CHECK(t.service_ids == std::vector<std::int64_t>{b.bath});
        CHECK_FALSE(booking_store::load_team_member(c, b.owner).takes_bookings);
        auto closures = booking_store::closures(c);
        REQUIRE(closures.size() == 1);
        CHECK(closures[0].closure.label == "Christmas");
        auto names = booking_store::bookable_names(c);
        REQUIRE(names.size() == 2);
        CHECK(names[0].name == "Chloé");
    });
}

TEST_CASE("placement books a free time, picks the least busy groomer for anyone, and refuses a taken time") {
    Booking b;
    auto first = b.place(b.alice, b.buddy, b.tuesday(10), b.chloe);
    REQUIRE(first);
    CHECK(first.value().staff_user_id == b.chloe);
    CHECK(first.value().ends_at == b.tuesday(11));
    // Chloé has one appointment that day: "anyone" at 14:00 goes to Marc.
    auto second = b.place(b.bob, b.rex, b.tuesday(14));
    REQUIRE(second);
    CHECK(second.value().staff_user_id == b.marc);
    // Chloé at 10:30 overlaps her 10:00.
    auto taken = b.place(b.bob, b.rex, b.tuesday(10, 30), b.chloe);
    REQUIRE_FALSE(taken);
    CHECK(taken.error() == StoreError::slot_taken);
    // Outside the hours, on a closed day, before the notice: not offered, so refused.
    CHECK(b.place(b.bob, b.rex, b.tuesday(18)).error() == StoreError::slot_taken);
    CHECK(b.place(b.bob, b.rex, *domain::from_local({2026, 6, 21, 10, 0}, b.zone)).error() == StoreError::slot_taken);
    CHECK(b.place(b.bob, b.rex, *domain::from_local({2026, 6, 15, 13, 0}, b.zone)).error() == StoreError::slot_taken);
    // The same animal twice at once: the triggers have the last word.
    auto twice = b.place(b.alice, b.buddy, b.tuesday(10), b.marc);
    REQUIRE_FALSE(twice);
    CHECK(twice.error() == StoreError::animal_overlap);
}

TEST_CASE("placement moves an appointment without counting its own old time against it") {
    Booking b;
    auto booked = b.place(b.alice, b.buddy, b.tuesday(10), b.chloe);
    REQUIRE(booked);
    auto moved = b.db->write([&](WriteTx& c) {
        SlotRequest r;
        r.appointment_id = booked.value().appointment_id;
        r.service_id = b.bath;
        r.staff_user_id = b.chloe;
        r.starts_at = b.tuesday(10, 30);
        return booking_store::place(c, b.zone, r);
    });
    REQUIRE(moved);
    auto a = b.db->read([&](ReadTx& c) { return appointment_store::find(c, booked.value().appointment_id); });
    CHECK(a->starts_at == b.tuesday(10, 30));
    CHECK(a->customer_id == b.alice);
}

TEST_CASE("the owner, who takes no bookings, is never chosen and never offered") {
    Booking b;
    auto starts = b.db->read([&](ReadTx& c) { return booking_store::free_starts(c, b.zone, b.bath, {2026, 6, 16}, b.clock.now()); });
    REQUIRE_FALSE(starts.empty());
    for (const auto& s : starts) CHECK(s.user_ids == std::vector<std::int64_t>{b.chloe, b.marc});
    auto refused = b.place(b.alice, b.buddy, b.tuesday(10), b.owner);
    CHECK(refused.error() == StoreError::slot_taken);
}

TEST_CASE("staff placement gives every scheduled appointment a groomer: the least busy one free then, or none is placed") {
    Booking b;
    auto luna = b.add_luna();
    REQUIRE(b.place_as_staff(b.alice, b.buddy, b.tuesday(10), b.chloe));
    // Nobody chosen: Chloé is busy at 10:30, so Marc; never left without one.
    auto anyone = b.place_as_staff(b.bob, b.rex, b.tuesday(10, 30), std::nullopt);
    REQUIRE(anyone);
    CHECK(anyone.value().staff_user_id == b.marc);
    CHECK(b.db->read([&](ReadTx& c) { return appointment_store::find(c, anyone.value().appointment_id)->staff_user_id; }) == b.marc);
    // Both busy at 10:45: nothing is placed.
    auto full = b.place_as_staff(b.alice, luna, b.tuesday(10, 45), std::nullopt);
    REQUIRE_FALSE(full);
    CHECK(full.error() == StoreError::slot_taken);
    // Later, Chloé has one appointment and Marc one: the lower id (Chloé) is the least busy tie-break.
    auto later = b.place_as_staff(b.alice, luna, b.tuesday(15), std::nullopt);
    REQUIRE(later);
    CHECK(later.value().staff_user_id == b.chloe);
}

TEST_CASE("staff placement counts an old appointment without a groomer against the team, as the free starts do") {
    Booking b;
    auto luna = b.add_luna();
    // Chloé has 10:00-11:00; Bob's old appointment at 10:00 without a groomer can only be Marc's.
    REQUIRE(b.place_as_staff(b.alice, b.buddy, b.tuesday(10), b.chloe));
    b.db->write([&](WriteTx& c) {
        Appointment old;
        old.customer_id = b.bob;
        old.animal_id = b.rex;
        old.starts_at = b.tuesday(10);
        old.ends_at = b.tuesday(11);
        return insert_legacy_appointment(c, old);
    });
    // Marc is the last free groomer, and the old appointment takes him: neither by name nor as anyone.
    auto named = b.place_as_staff(b.alice, luna, b.tuesday(10, 30), b.marc);
    REQUIRE_FALSE(named);
    CHECK(named.error() == StoreError::slot_taken);
    auto anyone = b.place_as_staff(b.alice, luna, b.tuesday(10, 30), std::nullopt);
    REQUIRE_FALSE(anyone);
    CHECK(anyone.error() == StoreError::slot_taken);
    // The customers are offered no start then either: both checks are the same rule.
    auto starts = b.db->read([&](ReadTx& c) { return booking_store::free_starts(c, b.zone, b.bath, {2026, 6, 16}, b.clock.now()); });
    CHECK_FALSE(domain::find_start(starts, b.tuesday(10, 30)));
    // Once Chloé's own has ended, Marc is free again beside the old one's end.
    REQUIRE(b.place_as_staff(b.alice, luna, b.tuesday(11), b.marc));
}
