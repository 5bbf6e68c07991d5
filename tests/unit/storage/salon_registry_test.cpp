#include "storage/salon_registry.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/salon_store.h"

#include <doctest/doctest.h>

#include "storage/schema.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <algorithm>

using namespace salonbox::storage;

TEST_CASE("a new salon has its settings and the multilingual animal types") {
    SalonFixture f;
    CHECK(f.registry.slugs() == std::vector<std::string>{"demo"});
    auto settings = f.db->read([](ReadTx& c) { return salon_store::load(c); });
    CHECK(settings.name == "Happy Paws");
    CHECK(settings.invoice_pattern == "FA{yy}{mm}-{nnnn}");
    auto counts = f.db->read([](ReadTx& c) {
        return std::pair{c.connection().execAndGet("SELECT count(*) FROM breeds b JOIN species s ON s.id = b.species_id WHERE s.code IN ('dog', 'cat')").getInt(),
                         c.connection().execAndGet("SELECT count(*) FROM breeds b WHERE (SELECT count(*) FROM breed_names n WHERE n.breed_id = b.id "
                                      "AND n.locale IN ('en', 'fr', 'de', 'es')) < 4").getInt()};
    });
    CHECK(counts.first >= 100);
    CHECK(counts.second == 0);
    auto fr = f.db->read([](ReadTx& c) { return animal_type_store::breeds(c, "fr"); });
    auto poodle = std::find_if(fr.begin(), fr.end(), [](const auto& b) { return b.code == "poodle"; });
    REQUIRE(poodle != fr.end());
    CHECK(poodle->name == "Caniche");
}

TEST_CASE("the salon's email address is saved with its settings and read back") {
    SalonFixture f;
    CHECK(f.db->read([](ReadTx& c) { return salon_store::load(c).email; }).empty());
    f.db->write([](WriteTx& c) {
        auto s = salon_store::load(c);
        s.email = "hello@happypaws.test";
        salon_store::update(c, s);
    });
    CHECK(f.db->read([](ReadTx& c) { return salon_store::load(c).email; }) == "hello@happypaws.test");
    f.db->write([](WriteTx& c) {
        auto s = salon_store::load(c);
        s.email.clear();
        salon_store::update(c, s);
    });
    CHECK(f.db->read([](ReadTx& c) { return salon_store::load(c).email; }).empty());
}

TEST_CASE("a salon is opened once and shared") {
    SalonFixture f;
    CHECK(f.registry.open("demo") == f.registry.open("demo"));
    CHECK(f.registry.open("nowhere") == nullptr);
    CHECK(f.registry.open("../demo") == nullptr);
}

TEST_CASE("a salon that is slow to open does not hold up the opening of another") {
    SalonFixture f;  // "demo"
    f.db.reset();
    f.registry.release("demo");  // its next open reads the file again

    // "older" is one data version behind: opening it migrates it, which waits for the write lock held here.
    const auto older = f.registry.salon_path("older");
    SQLite::Database holder(older.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    holder.exec("PRAGMA journal_mode=WAL");
    apply_migrations(holder, schema_version() - 1);
    holder.exec("BEGIN IMMEDIATE");

    std::atomic<bool> older_done{false};
    std::thread opener([&] {
        try {
            f.registry.open("older");
        } catch (...) {
        }
        older_done = true;
    });
    // Gives the opener time to reach the lock wait (5 s of busy timeout); were it late, demo would open first
    // and the check below would pass without proving anything, never fail wrongly.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(f.registry.open("demo") != nullptr);
    CHECK_FALSE(older_done.load());  // demo did not wait for older
    holder.exec("ROLLBACK");
    opener.join();
    auto db = f.registry.open("older");
    REQUIRE(db != nullptr);
    CHECK(db->read([](ReadTx& c) { return c.connection().execAndGet("PRAGMA user_version").getInt(); }) == schema_version());
}

TEST_CASE("creating an existing salon is refused and keeps the first") {
    SalonFixture f;
    salonbox::domain::SalonSettings s;
    s.slug = "demo";
    s.name = "Other";
    s.time_zone = "UTC";
    s.locale = "en";
    s.currency = "EUR";
    CHECK_THROWS(f.registry.create(s));
    CHECK(f.db->read([](ReadTx& c) { return salon_store::load(c).name; }) == "Happy Paws");
}

TEST_CASE("seeding animal types again adds nothing twice") {
    SalonFixture f;
    auto count = [&] { return f.db->read([](ReadTx& c) { return c.connection().execAndGet("SELECT count(*) FROM breed_names").getInt(); }); };
    auto before = count();
    f.db->write([](WriteTx& c) { animal_type_store::seed(c); });
    CHECK(count() == before);
}
