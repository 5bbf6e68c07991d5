#include "storage/calendar_store.h"

#include "fixture.h"

#include <doctest/doctest.h>

#include <regex>
#include <stdexcept>

using namespace salonbox::storage;

namespace {
// Two appointments are enough: the sequences only need rows to point at.
std::pair<std::int64_t, std::int64_t> two_appointments(SalonFixture& f) {
    return f.db->write([&](WriteTx& c) {
        auto& db = c.connection();
        db.exec("INSERT INTO customers (first_name, last_name, created_at) VALUES ('Bob', 'Durand', 0)");
        db.exec("INSERT INTO animals (customer_id, name, species_id, created_at) VALUES (1, 'Rex', (SELECT min(id) FROM species), 0)");
        const auto groomer = std::to_string(add_groomer(c));
        db.exec("INSERT INTO appointments (customer_id, animal_id, staff_user_id, starts_at, ends_at, created_at, updated_at) VALUES (1, 1, " + groomer +
                ", 100, 200, 0, 0)");
        const auto first = db.getLastInsertRowid();
        db.exec("INSERT INTO appointments (customer_id, animal_id, staff_user_id, starts_at, ends_at, created_at, updated_at) VALUES (1, 1, " + groomer +
                ", 300, 400, 0, 0)");
        return std::pair{first, db.getLastInsertRowid()};
    });
}
}  // namespace

TEST_CASE("a salon's calendar UID token is random hex, made once and kept") {
    SalonFixture f;
    const auto token = f.db->write([](WriteTx& c) { return calendar_store::uid_token(c); });
    CHECK(std::regex_match(token, std::regex("[0-9a-f]{16}")));
    CHECK(f.db->write([](WriteTx& c) { return calendar_store::uid_token(c); }) == token);
    SalonFixture other("other");
    CHECK(other.db->write([](WriteTx& c) { return calendar_store::uid_token(c); }) != token);
}

TEST_CASE("each appointment's calendar SEQUENCE starts at 0 and grows by one per message; a rollback uses none") {
    SalonFixture f;
    const auto [first, second] = two_appointments(f);
    auto next = [&](std::int64_t id) { return f.db->write([&](WriteTx& c) { return calendar_store::next_sequence(c, id); }); };
    CHECK(next(first) == 0);
    CHECK(next(first) == 1);
    CHECK(next(second) == 0);
    CHECK_THROWS_AS(f.db->write([&](WriteTx& c) {
                        calendar_store::next_sequence(c, first);
                        throw std::runtime_error("the change failed");
                    }),
                    std::runtime_error);
    CHECK(next(first) == 2);
}
