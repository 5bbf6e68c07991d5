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

TEST_CASE("a service is named in the reader's language, in the salon's when it has no name in it") {
    SalonFixture f;
    auto nails = f.db->write([&](WriteTx& c) {
        auto id = service_store::insert(c, Service{0, "Nail trim", 15, 1200, 2000, true});
        service_store::set_other_names(c, id, {{"fr", "Coupe des griffes"}, {"de", ""}});
        return id;
    });
    auto bath = f.db->write([&](WriteTx& c) { return service_store::insert(c, Service{0, "Bath & brush", 60, 3500, 2000, true}); });
    f.db->read([&](ReadTx& c) {
        CHECK(service_store::find(c, nails, "fr")->name == "Coupe des griffes");
        CHECK(service_store::find(c, nails, "en")->name == "Nail trim");
        CHECK(service_store::find(c, nails)->name == "Nail trim");
        CHECK(service_store::name_in(c, nails, "de") == "Nail trim");  // an empty name is no name
        CHECK(service_store::name_in(c, bath, "fr") == "Bath & brush");
        CHECK(service_store::name_in(c, 999999, "fr").empty());
        // Sorted by the name the reader sees.
        auto offered = service_store::list_active(c, "fr");
        REQUIRE(offered.size() == 2);
        CHECK(offered[0].name == "Bath & brush");
        CHECK(offered[1].name == "Coupe des griffes");
        CHECK(service_store::other_names(c, nails) == ServiceNames{{"fr", "Coupe des griffes"}});
    });

    // Saving the names again replaces them: a name left out is gone.
    f.db->write([&](WriteTx& c) { service_store::set_other_names(c, nails, {{"de", "Krallen schneiden"}}); });
    f.db->read([&](ReadTx& c) {
        CHECK(service_store::name_in(c, nails, "fr") == "Nail trim");
        CHECK(service_store::name_in(c, nails, "de") == "Krallen schneiden");
    });
}
