#include "storage/maintenance.h"

#include "fixture.h"
#include "storage/customer_store.h"
#include "storage/salon_store.h"
#include "storage/schema.h"

#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <thread>

using namespace salonbox::storage;

namespace {
int customers(Database& db) { return db.read([](SQLite::Database& c) { return c.execAndGet("SELECT count(*) FROM customers").getInt(); }); }
void add_customer(Database& db) {
    db.write([](SQLite::Database& c) { customer_store::insert(c, {0, "A", "B", "", "", "", "en", "", false}); });
}
}  // namespace

TEST_CASE("a backup taken while writers run is one consistent, checkable file") {
    SalonFixture f;
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        while (!stop) add_customer(*f.db);
    });
    auto out = f.dir.path / "backup.db";
    backup_salon(*f.db, out);
    stop = true;
    writer.join();
    CHECK(check_database(out).empty());
    SQLite::Database copy(out, SQLite::OPEN_READONLY);
    CHECK(copy.execAndGet("PRAGMA user_version").getInt() == schema_version());
    CHECK(copy.execAndGet("SELECT count(*) FROM salon").getInt() == 1);
}

TEST_CASE("restore brings back the backed-up content into a live salon") {
    SalonFixture f;
    add_customer(*f.db);
    auto out = f.dir.path / "backup.db";
    backup_salon(*f.db, out);
    add_customer(*f.db);
    add_customer(*f.db);
    CHECK(customers(*f.db) == 3);
    restore_salon(f.registry, "demo", out);
    CHECK(customers(*f.db) == 1);
}

TEST_CASE("restore into a new slug renames the salon") {
    SalonFixture f;
    auto out = f.dir.path / "backup.db";
    backup_salon(*f.db, out);
    restore_salon(f.registry, "copy", out);
    auto copy = f.registry.open("copy");
    REQUIRE(copy);
    CHECK(copy->read([](SQLite::Database& c) { return salon_store::load(c).slug; }) == "copy");
}

TEST_CASE("restore refuses damaged, foreign and newer files, and changes nothing") {
    SalonFixture f;
    add_customer(*f.db);
    auto junk = f.dir.path / "junk.db";
    std::ofstream(junk) << "this is not a database";
    CHECK_THROWS_AS(restore_salon(f.registry, "demo", junk), RestoreRefused);

    auto foreign = f.dir.path / "foreign.db";
    {
        SQLite::Database db(foreign, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE x (y)");
        db.exec("PRAGMA user_version=1");
    }
    CHECK_THROWS_AS(restore_salon(f.registry, "demo", foreign), RestoreRefused);

    auto newer = f.dir.path / "newer.db";
    backup_salon(*f.db, newer);
    {
        SQLite::Database db(newer, SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version=" + std::to_string(schema_version() + 1));
    }
    CHECK_THROWS_AS(restore_salon(f.registry, "demo", newer), RestoreRefused);
    CHECK(customers(*f.db) == 1);
}
