#include "storage/invoice_store.h"

#include "domain/time_zone.h"
#include "fixture.h"
#include "storage/customer_store.h"

#include <doctest/doctest.h>

#include <set>
#include <thread>

using namespace salonbox::storage;

namespace {
salonbox::domain::Instant paris(int y, unsigned m, unsigned d, unsigned h) {
    return *salonbox::domain::from_local({y, m, d, h, 0}, "Europe/Paris");
}

std::int64_t draft(Database& db) {
    return db.write([](WriteTx& c) {
        auto customer = customer_store::insert(c, {0, "Alice", "Martin", "", "", "", "en", "", false});
        auto id = invoice_store::create_draft(c, customer, std::nullopt, "EUR");
        invoice_store::add_line(c, id, {"Full groom", 1, 5500, 2000});
        return id;
    });
}
}  // namespace

TEST_CASE("numbers follow the salon's month and restart each month") {
    SalonFixture f;
    auto issue = [&](salonbox::domain::Instant at) {
        auto id = draft(*f.db);
        return f.db->write([&](WriteTx& c) { return invoice_store::issue(c, id, at); });
    };
    CHECK(issue(paris(2026, 2, 10, 10)) == "FA2602-0001");
    CHECK(issue(paris(2026, 2, 28, 23)) == "FA2602-0002");
    // 1 March 00:30 in Paris is still February in UTC: the salon's zone decides.
    CHECK(issue(paris(2026, 3, 1, 0) + std::chrono::minutes(30)) == "FA2603-0001");
    CHECK(issue(paris(2026, 2, 15, 9)) == "FA2602-0003");
}

TEST_CASE("an issued invoice is frozen by the database") {
    SalonFixture f;
    auto id = draft(*f.db);
    f.db->write([&](WriteTx& c) { invoice_store::issue(c, id, f.clock.now()); });
    CHECK_THROWS(f.db->write([&](WriteTx& c) { invoice_store::add_line(c, id, {"Extra", 1, 100, 0}); }));
    CHECK_THROWS(f.db->write([&](WriteTx& c) { c.connection().exec("UPDATE invoice_lines SET unit_price_minor = 1"); }));
    CHECK_THROWS(f.db->write([&](WriteTx& c) { invoice_store::issue(c, id, f.clock.now()); }));
}

TEST_CASE("a rolled-back issue gives its number back: no gap") {
    SalonFixture f;
    auto a = draft(*f.db);
    auto when = paris(2026, 5, 5, 10);
    CHECK_THROWS(f.db->write([&](WriteTx& c) {
        invoice_store::issue(c, a, when);
        throw std::runtime_error("payment terminal failed");
    }));
    CHECK(f.db->write([&](WriteTx& c) { return invoice_store::issue(c, a, when); }) == "FA2605-0001");
}

TEST_CASE("issuing from many threads at once gives every number exactly once") {
    SalonFixture f;
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 40; ++i) ids.push_back(draft(*f.db));
    auto when = paris(2026, 6, 1, 12);
    std::vector<std::string> numbers(ids.size());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (std::size_t i = static_cast<std::size_t>(t); i < ids.size(); i += 4)
                numbers[i] = f.db->write([&](WriteTx& c) { return invoice_store::issue(c, ids[i], when); });
        });
    for (auto& t : threads) t.join();
    std::set<std::string> unique(numbers.begin(), numbers.end());
    CHECK(unique.size() == ids.size());
    CHECK(unique.count("FA2606-0001") == 1);
    CHECK(unique.count("FA2606-0040") == 1);
}
