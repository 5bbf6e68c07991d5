#include "storage/service_store.h"

#include "fixture.h"

#include <doctest/doctest.h>

using namespace salonbox::storage;

TEST_CASE("services are added, edited and archived, never deleted") {
    SalonFixture f;
    auto nails = f.db->write([&](WriteTx& c) { return service_store::insert(c, Service{0, "Nail trim", 15, 1200, 2000, true}); });
    auto bath = f.db->write([&](WriteTx& c) { return service_store::insert(c, Service{0, "bath & brush", 60, 3500, 550, true}); });
    auto stored = f.db->read([&](ReadTx& c) { return service_store::find(c, bath); });
    REQUIRE(stored);
    CHECK(stored->name == "bath & brush");
    CHECK(stored->duration_minutes == 60);
    CHECK(stored->price_minor == 3500);
    CHECK(stored->tax_rate_bp == 550);
    CHECK(stored->active);

    stored->price_minor = 3900;
    stored->active = false;
    CHECK(f.db->write([&](WriteTx& c) { return service_store::update(c, *stored); }));
    auto all = f.db->read([&](ReadTx& c) { return service_store::list(c); });
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == nails);  // active ones first
    CHECK(all[1].price_minor == 3900);
    CHECK_FALSE(all[1].active);
    auto offered = f.db->read([&](ReadTx& c) { return service_store::list_active(c); });
    REQUIRE(offered.size() == 1);
    CHECK(offered[0].name == "Nail trim");

    stored->id = 999999;
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return service_store::update(c, *stored); }));
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return service_store::find(c, 999999); }));
}

TEST_CASE("the database refuses a service without a duration or with a negative price") {
    SalonFixture f;
    CHECK_THROWS_AS(f.db->write([&](WriteTx& c) { service_store::insert(c, Service{0, "Bad", 0, 100, 0, true}); }), StorageError);
    CHECK_THROWS_AS(f.db->write([&](WriteTx& c) { service_store::insert(c, Service{0, "Bad", 10, -1, 0, true}); }), StorageError);
}
