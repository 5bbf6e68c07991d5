#include "storage/user_store.h"

#include "fixture.h"

#include <doctest/doctest.h>

using namespace salonbox::storage;
using salonbox::domain::Role;

namespace {
std::int64_t add(Database& db, const std::string& email, const std::string& name, Role role, bool active = true) {
    return db.write([&](WriteTx& c) {
        User u;
        u.email = email;
        u.display_name = name;
        u.role = role;
        u.active = active;
        if (role == Role::customer) {
            c.connection().exec("INSERT INTO customers (first_name, last_name, created_at) VALUES ('A', 'B', 0)");
            u.customer_id = c.last_insert_id();
        }
        return user_store::insert(c, u).value();
    });
}
}  // namespace

TEST_CASE("the team lists staff accounts only, active first, and counts active owners") {
    SalonFixture f;
    auto sophie = add(*f.db, "sophie@x.test", "Sophie", Role::owner);
    add(*f.db, "zoe@x.test", "Zoé", Role::staff, false);
    add(*f.db, "chloe@x.test", "chloé", Role::staff);
    add(*f.db, "alice@x.test", "Alice", Role::customer);
    auto team = f.db->read([&](ReadTx& c) { return user_store::list_staff(c); });
    REQUIRE(team.size() == 3);
    CHECK(team[0].display_name == "chloé");
    CHECK(team[1].display_name == "Sophie");
    CHECK(team[2].display_name == "Zoé");
    CHECK_FALSE(team[2].active);
    CHECK(f.db->read([&](ReadTx& c) { return user_store::count_active_owners(c); }) == 1);

    auto changed = f.db->read([&](ReadTx& c) { return user_store::find_by_id(c, sophie).value(); });
    changed.display_name = "Sophie L.";
    changed.email = "sophie.l@x.test";
    changed.role = Role::manager;
    changed.active = false;
    CHECK(f.db->write([&](WriteTx& c) { return user_store::update_staff(c, changed); }).value());
    auto stored = f.db->read([&](ReadTx& c) { return user_store::find_by_id(c, sophie).value(); });
    CHECK(stored.display_name == "Sophie L.");
    CHECK(stored.email == "sophie.l@x.test");
    CHECK(stored.role == Role::manager);
    CHECK_FALSE(stored.active);
    CHECK(f.db->read([&](ReadTx& c) { return user_store::count_active_owners(c); }) == 0);

    changed.email = "chloe@x.test";  // taken
    CHECK(f.db->write([&](WriteTx& c) { return user_store::update_staff(c, changed); }).error() == StoreError::duplicate_email);
}

TEST_CASE("a customer account is not changed through the staff update") {
    SalonFixture f;
    auto alice = add(*f.db, "alice@x.test", "Alice", Role::customer);
    User u;
    u.id = alice;
    u.email = "alice@x.test";
    u.display_name = "Alice";
    u.role = Role::staff;
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return user_store::update_staff(c, u); }).value());
    CHECK(f.db->read([&](ReadTx& c) { return user_store::find_by_id(c, alice)->role; }) == Role::customer);
}
