#include "storage/appointment_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/customer_store.h"
#include "storage/service_store.h"
#include "storage/user_store.h"

#include <doctest/doctest.h>

#include <string>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
// A salon with two groomers, two customers with one dog each, and one scheduled appointment of Chloé with Buddy
// from t0 + 1h to t0 + 2h.
struct Calendar : SalonFixture {
    std::int64_t chloe = 0, marc = 0, alice = 0, bob = 0, buddy = 0, rex = 0, groom = 0, first = 0;
    salonbox::domain::Instant t0 = salonbox::domain::from_unix(1800000000);

    Calendar() {
        db->write([&](WriteTx& c) {
            auto staff = [&](const char* email, const char* name) {
                User u;
                u.email = email;
                u.display_name = name;
                u.role = salonbox::domain::Role::staff;
                return user_store::insert(c, u).value();
            };
            chloe = staff("chloe@x.test", "Chloé");
            marc = staff("marc@x.test", "Marc");
            auto customer = [&](const char* first_name, const char* last_name) {
                Customer k;
                k.first_name = first_name;
                k.last_name = last_name;
                return customer_store::insert(c, k);
            };
            alice = customer("Alice", "Martin");
            bob = customer("Bob", "Durand");
            auto dog = animal_type_store::species_id(c, "dog").value();
            auto animal = [&](std::int64_t owner, const char* name) {
                Animal a;
                a.customer_id = owner;
                a.name = name;
                a.species_id = dog;
                return animal_store::insert(c, a);
            };
            buddy = animal(alice, "Buddy");
            rex = animal(bob, "Rex");
            groom = service_store::insert(c, Service{0, "Full groom", 90, 5500, 2000, true});
            first = appointment_store::insert(c, make(buddy, alice, chloe, 1h, 2h)).value();
        });
    }

    Appointment make(std::int64_t animal, std::int64_t customer, std::optional<std::int64_t> staff, std::chrono::seconds from,
                     std::chrono::seconds to) const {
        Appointment a;
        a.animal_id = animal;
        a.customer_id = customer;
        a.staff_user_id = staff;
        a.service_id = groom;
        a.starts_at = t0 + from;
        a.ends_at = t0 + to;
        a.comments = "Shampoo";
        a.internal_notes = "Bites";
        return a;
    }

    // Inserts in a write transaction; whose calendar refused it when the database did.
    std::string try_insert(const Appointment& a) {
        auto inserted = db->write([&](WriteTx& c) { return appointment_store::insert(c, a); });
        if (inserted) return "stored";
        return inserted.error() == StoreError::staff_overlap ? "staff busy" : inserted.error() == StoreError::animal_overlap ? "animal busy" : "other";
    }
};
}  // namespace

TEST_CASE("the database refuses overlapping appointments of one groomer or one animal, and names the conflict") {
    Calendar f;
    auto for_chloe = f.make(f.rex, f.bob, f.chloe, 90min, 3h);
    auto for_buddy = f.make(f.buddy, f.alice, f.marc, 90min, 3h);
    CHECK(f.try_insert(for_chloe) == "staff busy");
    CHECK(f.try_insert(for_buddy) == "animal busy");
    f.db->read([&](ReadTx& c) {
        CHECK(appointment_store::find_conflict(c, for_chloe) == Conflict::staff);
        CHECK(appointment_store::find_conflict(c, for_buddy) == Conflict::animal);
        CHECK(appointment_store::find_conflict(c, f.make(f.rex, f.bob, f.marc, 90min, 3h)) == Conflict::none);
        CHECK(appointment_store::find_conflict(c, f.make(f.rex, f.bob, std::nullopt, 90min, 3h)) == Conflict::none);
        // Touching is not overlapping; and an appointment never conflicts with itself.
        CHECK(appointment_store::find_conflict(c, f.make(f.rex, f.bob, f.chloe, 2h, 3h)) == Conflict::none);
        auto itself = appointment_store::find(c, f.first).value();
        CHECK(appointment_store::find_conflict(c, itself) == Conflict::none);
        return 0;
    });
    CHECK(f.try_insert(f.make(f.rex, f.bob, f.chloe, 2h, 3h)) == "stored");
    CHECK(f.try_insert(f.make(f.rex, f.bob, f.marc, 150min, 4h)) == "animal busy");  // Rex is busy until 3h
}

TEST_CASE("a cancelled appointment frees its slot; a finished one cannot be closed twice") {
    Calendar f;
    auto for_chloe = f.make(f.rex, f.bob, f.chloe, 1h, 2h);
    CHECK(f.try_insert(for_chloe) == "staff busy");
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::close(c, f.first, "cancelled"); }));
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return appointment_store::close(c, f.first, "completed"); }));
    CHECK(f.db->read([&](ReadTx& c) { return appointment_store::find(c, f.first)->status; }) == "cancelled");
    CHECK(f.try_insert(for_chloe) == "stored");
}

TEST_CASE("an update moves an appointment, and is refused when it would overlap") {
    Calendar f;
    auto other = f.db->write([&](WriteTx& c) { return appointment_store::insert(c, f.make(f.rex, f.bob, f.marc, 3h, 4h)).value(); });
    auto moved = f.db->read([&](ReadTx& c) { return appointment_store::find(c, other).value(); });
    moved.staff_user_id = f.chloe;
    moved.starts_at = f.t0 + 90min;
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::update(c, moved); }).error() == StoreError::staff_overlap);
    moved.starts_at = f.t0 + 2h;
    moved.service_id.reset();
    moved.comments = "Short";
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::update(c, moved); }).value());
    auto stored = f.db->read([&](ReadTx& c) { return appointment_store::find(c, other).value(); });
    CHECK(stored.staff_user_id == f.chloe);
    CHECK(stored.starts_at == f.t0 + 2h);
    CHECK_FALSE(stored.service_id.has_value());
    CHECK(stored.comments == "Short");
    CHECK(stored.status == "scheduled");
    moved.id = 999999;
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return appointment_store::update(c, moved); }).value());
}

TEST_CASE("a scheduled appointment always has a groomer; one kept without stays editable until it moves") {
    Calendar f;
    auto nobody = f.make(f.rex, f.bob, std::nullopt, 3h, 4h);
    auto refused = f.db->write([&](WriteTx& c) { return appointment_store::insert(c, nobody); });
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == StoreError::staff_missing);
    // Not scheduled, nobody is needed (a past visit recorded afterwards).
    auto done = nobody;
    done.status = "completed";
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::insert(c, done); }));
    // A groomer is never taken away from a scheduled appointment.
    auto first = f.db->read([&](ReadTx& c) { return appointment_store::find(c, f.first).value(); });
    first.staff_user_id.reset();
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::update(c, first); }).error() == StoreError::staff_missing);

    nobody.id = f.db->write([&](WriteTx& c) { return insert_legacy_appointment(c, nobody); });
    nobody.comments = "Noted at the desk";
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::update(c, nobody); }).value());
    auto moved = nobody;
    moved.starts_at += 30min;
    moved.ends_at += 30min;
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::update(c, moved); }).error() == StoreError::staff_missing);
    moved.staff_user_id = f.marc;
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::update(c, moved); }).value());
    // Cancelled, it may not come back without a groomer either.
    CHECK(f.db->write([&](WriteTx& c) { return appointment_store::close(c, f.first, "cancelled"); }));
    auto reopened = f.db->write([&](WriteTx& c) {
        try {
            c.connection().exec("UPDATE appointments SET status = 'scheduled', staff_user_id = NULL WHERE id = " + std::to_string(f.first));
            return true;
        } catch (const SQLite::Exception&) {
            return false;
        }
    });
    CHECK_FALSE(reopened);
}

TEST_CASE("the calendar lists what overlaps a period, with names, for everyone or one groomer") {
    Calendar f;
    f.db->write([&](WriteTx& c) {
        insert_legacy_appointment(c, f.make(f.rex, f.bob, std::nullopt, 30min, 90min));
        appointment_store::insert(c, f.make(f.rex, f.bob, f.marc, 5h, 6h)).value();
    });
    auto entries = f.db->read([&](ReadTx& c) { return appointment_store::calendar(c, f.t0, f.t0 + 5h); });
    REQUIRE(entries.size() == 2);  // the one starting at 5h is outside
    CHECK(entries[0].animal_name == "Rex");  // by start time
    CHECK(entries[0].staff_name.empty());
    CHECK(entries[1].animal_name == "Buddy");
    CHECK(entries[1].customer_name == "Alice Martin");
    CHECK(entries[1].service_name == "Full groom");
    CHECK(entries[1].staff_name == "Chloé");
    CHECK(entries[1].appointment.internal_notes == "Bites");
    // Overlapping the edge counts: an appointment from 1h to 2h is in the period 90min..3h.
    CHECK(f.db->read([&](ReadTx& c) { return appointment_store::calendar(c, f.t0 + 90min, f.t0 + 3h).size(); }) == 1);
    auto marc = f.db->read([&](ReadTx& c) { return appointment_store::calendar(c, f.t0, f.t0 + 24h, f.marc); });
    REQUIRE(marc.size() == 1);
    CHECK(marc[0].appointment.starts_at == f.t0 + 5h);
}

TEST_CASE("the animal choices skip archived animals and customers, except the one being edited") {
    Calendar f;
    auto choices = [&](std::optional<std::int64_t> also) {
        std::string names;
        for (const auto& a : f.db->read([&](ReadTx& c) { return appointment_store::animal_choices(c, also); }))
            names += a.animal_name + " (" + a.customer_name + ")" + (a.archived ? "*" : "") + ";";
        return names;
    };
    CHECK(choices(std::nullopt) == "Buddy (Alice Martin);Rex (Bob Durand);");
    f.db->write([&](WriteTx& c) { c.connection().exec("UPDATE customers SET archived_at = 1 WHERE first_name = 'Bob'"); });
    CHECK(choices(std::nullopt) == "Buddy (Alice Martin);");
    CHECK(choices(f.rex) == "Buddy (Alice Martin);Rex (Bob Durand)*;");
    auto rex = f.db->read([&](ReadTx& c) { return appointment_store::find_animal(c, f.rex); });
    REQUIRE(rex);
    CHECK(rex->customer_id == f.bob);
    CHECK(rex->archived);
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return appointment_store::find_animal(c, 999999); }));
}

TEST_CASE("an appointment as its customer is told of it: names, email and languages, never a staff email") {
    Calendar f;
    f.db->write([&](WriteTx& c) {
        auto bob = customer_store::find(c, f.bob).value();
        bob.email = "bob@x.test";
        bob.locale = "fr";
        customer_store::update(c, bob);
    });
    auto bobs = f.db->write([&](WriteTx& c) { return insert_legacy_appointment(c, f.make(f.rex, f.bob, std::nullopt, 3h, 4h)); });
    auto seen = f.db->read([&](ReadTx& c) { return appointment_store::find_for_customer(c, bobs); });
    REQUIRE(seen);
    CHECK(seen->appointment.id == bobs);
    CHECK(seen->animal_name == "Rex");
    CHECK(seen->service_name == "Full groom");
    CHECK(seen->staff_name.empty());
    CHECK(seen->customer_name == "Bob Durand");
    CHECK(seen->customer_email == "bob@x.test");
    CHECK(seen->customer_locale == "fr");
    CHECK(seen->account_locale.empty());
    CHECK_FALSE(seen->has_account);

    f.db->write([&](WriteTx& c) {
        User account;
        account.email = "alice@x.test";
        account.role = salonbox::domain::Role::customer;
        account.locale = "fr";
        account.customer_id = f.alice;
        user_store::insert(c, account).value();
    });
    auto alices = f.db->read([&](ReadTx& c) { return appointment_store::find_for_customer(c, f.first); });
    REQUIRE(alices);
    CHECK(alices->staff_name == "Chloé");
    CHECK(alices->customer_email == "alice@x.test");  // the record has none: the portal account's
    CHECK(alices->account_locale == "fr");
    CHECK(alices->has_account);
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return appointment_store::find_for_customer(c, 999999); }));
}
