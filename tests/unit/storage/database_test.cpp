#include "storage/database.h"

#include "fixture.h"
#include "storage/customer_store.h"
#include "storage/statement.h"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <vector>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
Customer person(const char* first_name) { return {0, first_name, "Martin", "", "", "", "en", "", false}; }
}  // namespace

TEST_CASE("a read is one snapshot: a write committed meanwhile shows only in the next read") {
    SalonFixture f;
    auto counts = f.db->read([&](ReadTx& c) {
        int before = customer_store::count_active(c);
        // Another connection of the pool commits while this read is open.
        f.db->write([&](WriteTx& w) { customer_store::insert(w, person("Alice")); });
        return std::pair{before, customer_store::count_active(c)};
    });
    CHECK(counts.first == counts.second);
    CHECK(f.db->read([](ReadTx& c) { return customer_store::count_active(c); }) == counts.first + 1);
}

TEST_CASE("a write is stamped by the database's clock and a cancelled one leaves nothing") {
    SalonFixture f;
    f.clock.advance(90s);
    auto id = f.db->write([&](WriteTx& c) {
        CHECK(c.now() == f.clock.now());
        return customer_store::insert(c, person("Alice"));
    });
    auto created = f.db->read([&](ReadTx& c) {
        auto st = c.prepare("SELECT created_at FROM customers WHERE id = ?");
        st.bind(1, id);
        st.executeStep();
        return st.getColumn(0).getInt64();
    });
    CHECK(created == salonbox::domain::to_unix(f.clock.now()));

    f.db->write([&](WriteTx& c) {
        customer_store::insert(c, person("Bob"));
        c.cancel();
    });
    CHECK(f.db->read([](ReadTx& c) { return customer_store::count_active(c); }) == 1);
}

TEST_CASE("the same SQL asked for while its statement still steps gets a statement of its own") {
    SalonFixture f;
    f.db->write([&](WriteTx& c) {
        for (const char* name : {"A", "B", "C"}) customer_store::insert(c, person(name));
    });
    const char* sql = "SELECT first_name FROM customers WHERE id >= ? ORDER BY id";
    auto pairs = f.db->read([&](ReadTx& c) {
        std::vector<std::string> out;
        auto outer = c.prepare(sql);
        outer.bind(1, 1);
        while (outer.executeStep()) {
            auto inner = c.prepare(sql);
            inner.bind(1, 3);
            REQUIRE(inner.executeStep());
            out.push_back(outer.getColumn(0).getString() + inner.getColumn(0).getString());
        }
        return out;
    });
    CHECK(pairs == std::vector<std::string>{"AC", "BC", "CC"});
    // Back in the cache, the statement starts afresh from its first row.
    auto first = f.db->read([&](ReadTx& c) {
        auto st = c.prepare(sql);
        st.bind(1, 2);
        REQUIRE(st.executeStep());
        return st.getColumn(0).getString();
    });
    CHECK(first == "B");
}

TEST_CASE("an unexpected SQLite failure reaches the caller as a StorageError") {
    SalonFixture f;
    CHECK_THROWS_AS(f.db->read([](ReadTx& c) { return query_int(c, "SELECT count(*) FROM no_such_table"); }), StorageError);
}

TEST_CASE("a salon's connections leave planner statistics behind when they close") {
    SalonFixture f;
    f.db->write([&](WriteTx& c) {
        for (int i = 0; i < 50; ++i) customer_store::insert(c, person(i % 2 ? "Alice" : "Bob"));
    });
    // A query the planner answers through an index, on tables without statistics yet.
    CHECK(f.db->read([](ReadTx& c) { return customer_store::search(c, "", false, 0, 25).total; }) == 50);
    auto path = f.db->path();
    f.registry.release("demo");
    f.db.reset();  // the last owner: its pooled connections close
    SQLite::Database file(path, SQLite::OPEN_READONLY);
    CHECK(file.execAndGet("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'customers'").getInt() > 0);
}
