// The list totals kept by triggers (list_counts) equal a count of the rows after every kind of change to
// customers and animals, and the stores report them.
#include "fixture.h"
#include "storage/bulk_history.h"
#include "storage/customer_store.h"
#include "storage/schema.h"

#include <doctest/doctest.h>

#include <string>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
// Each kept list and a count of what it holds. The animal count joins the owners instead of reading the owner's
// archive instant copied onto each animal, so a copy that lags behind is caught too.
struct CountedList {
    const char* list;
    const char* count_sql;
};
constexpr CountedList k_lists[] = {
    {"customers", "SELECT count(*) FROM customers"},
    {"active_customers", "SELECT count(*) FROM customers WHERE archived_at IS NULL"},
    {"listed_animals", "SELECT count(*) FROM animals a JOIN customers c ON c.id = a.customer_id "
                       "WHERE a.archived_at IS NULL AND c.archived_at IS NULL"},
};

std::int64_t kept(SQLite::Database& db, const char* list) {
    SQLite::Statement st(db, "SELECT total FROM list_counts WHERE list = ?");
    st.bind(1, list);
    REQUIRE(st.executeStep());
    return st.getColumn(0).getInt64();
}

void check_counts(SQLite::Database& db, const char* after) {
    CAPTURE(after);
    for (const auto& l : k_lists) {
        CAPTURE(l.list);
        CHECK(kept(db, l.list) == db.execAndGet(l.count_sql).getInt64());
    }
}

struct Counted : SalonFixture {
    std::int64_t cat = 0;
    Counted() {
        cat = db->read([](ReadTx& tx) { return animal_type_store::species_id(tx, "cat").value(); });
    }
    // Runs `change` in a write transaction, then compares every kept total with a count.
    void step(const char* what, const auto& change) {
        db->write([&](WriteTx& tx) {
            change(tx);
            return 0;
        });
        db->read([&](ReadTx& tx) {
            check_counts(tx.connection(), what);
            return 0;
        });
    }
    Animal pet(std::int64_t owner, const char* name) const { return {0, owner, name, cat, std::nullopt, "", ""}; }
};
}  // namespace

TEST_CASE("the kept list totals equal the counted rows through every change to customers and animals") {
    Counted f;
    f.db->read([&](ReadTx& tx) {
        check_counts(tx.connection(), "a new salon");
        CHECK(kept(tx.connection(), "customers") == 0);
        return 0;
    });
    std::int64_t ann = 0, ben = 0, cat_owner = 0, tom = 0, moved = 0, stray = 0;
    f.step("creating customers and animals", [&](WriteTx& tx) {
        ann = customer_store::insert(tx, {0, "Ann", "Roy", "ann@x.test", "", "", "en", "", false});
        ben = customer_store::insert(tx, {0, "Ben", "Roy", "", "", "", "en", "", false});
        cat_owner = customer_store::insert(tx, {0, "Cat", "Lee", "", "", "", "en", "", false});
        tom = animal_store::insert(tx, f.pet(ann, "Tom"));
        moved = animal_store::insert(tx, f.pet(ann, "Kit"));
        animal_store::insert(tx, f.pet(ben, "Rex"));
        animal_store::insert(tx, f.pet(cat_owner, "Zaza"));
    });
    f.step("editing them", [&](WriteTx& tx) {
        customer_store::update(tx, {ann, "Anne", "Roy", "ann@x.test", "1234", "", "fr", "note", false});
        auto a = animal_store::find(tx, tom).value();
        a.name = "Thomas";
        animal_store::update(tx, a);
    });
    f.step("archiving a customer", [&](WriteTx& tx) { CHECK(customer_store::archive(tx, ben, tx.now())); });
    f.step("archiving them again (no change)", [&](WriteTx& tx) { CHECK_FALSE(customer_store::archive(tx, ben, tx.now())); });
    f.step("giving an animal to an archived customer", [&](WriteTx& tx) {
        auto a = animal_store::find(tx, moved).value();
        a.customer_id = ben;
        animal_store::update(tx, a);
    });
    f.step("adding an animal to an archived customer", [&](WriteTx& tx) { stray = animal_store::insert(tx, f.pet(ben, "Stray")); });
    f.step("restoring the customer", [&](WriteTx& tx) {
        tx.connection().exec("UPDATE customers SET archived_at = NULL WHERE id = " + std::to_string(ben));
    });
    f.step("giving the animal back", [&](WriteTx& tx) {
        auto a = animal_store::find(tx, moved).value();
        a.customer_id = ann;
        animal_store::update(tx, a);
    });
    f.step("archiving and restoring animals", [&](WriteTx& tx) {
        auto& db = tx.connection();
        db.exec("UPDATE animals SET archived_at = 1 WHERE id = " + std::to_string(tom));
        db.exec("UPDATE animals SET archived_at = 1 WHERE id = " + std::to_string(stray));
        db.exec("UPDATE animals SET archived_at = NULL WHERE id = " + std::to_string(stray));
        db.exec("UPDATE animals SET archived_at = 2 WHERE id = " + std::to_string(tom));  // archived again, later
    });
    f.step("archiving a customer and moving an animal in one statement each", [&](WriteTx& tx) {
        auto& db = tx.connection();
        db.exec("UPDATE customers SET archived_at = 5, last_name = 'Lee-Roy' WHERE id = " + std::to_string(cat_owner));
        db.exec("UPDATE animals SET customer_id = " + std::to_string(cat_owner) + ", archived_at = NULL WHERE id = " + std::to_string(tom));
    });
    f.step("merging one customer into another", [&](WriteTx& tx) {
        auto& db = tx.connection();
        db.exec("UPDATE animals SET customer_id = " + std::to_string(ann) + " WHERE customer_id = " + std::to_string(cat_owner));
        db.exec("DELETE FROM customers WHERE id = " + std::to_string(cat_owner));
    });
    f.step("erasing a customer and their animals", [&](WriteTx& tx) {
        auto& db = tx.connection();
        db.exec("DELETE FROM animals WHERE customer_id = " + std::to_string(ben));
        db.exec("DELETE FROM customers WHERE id = " + std::to_string(ben));
    });
    f.step("importing customers and animals in bulk, some archived", [&](WriteTx& tx) {
        auto& db = tx.connection();
        db.exec("INSERT INTO customers (first_name, last_name, created_at, archived_at) "
                "VALUES ('I1', 'Imp', 1, NULL), ('I2', 'Imp', 1, 7), ('I3', 'Imp', 1, NULL)");
        db.exec("INSERT INTO animals (customer_id, name, species_id, created_at, archived_at) "
                "SELECT c.id, 'Pet of ' || c.first_name, " + std::to_string(f.cat) + ", 1, CASE WHEN c.first_name = 'I3' THEN 9 END "
                "FROM customers c WHERE c.last_name = 'Imp'");
    });
    f.step("the bulk history writer", [&](WriteTx& tx) {
        BulkHistory bulk(tx);
        for (int i = 0; i < 20; ++i) {
            auto c = bulk.add_customer({0, "B" + std::to_string(i), "Bulk", "", "", "", "en", "", false}, f.clock.now() - 24h * i);
            bulk.add_animal(f.pet(c, "Bulky"), f.clock.now() - 24h * i);
        }
    });
    f.step("archiving every customer at once", [&](WriteTx& tx) { tx.connection().exec("UPDATE customers SET archived_at = 11"); });
    f.step("restoring every customer at once", [&](WriteTx& tx) { tx.connection().exec("UPDATE customers SET archived_at = NULL"); });
    f.db->read([&](ReadTx& tx) {
        auto& db = tx.connection();
        CHECK(kept(db, "customers") == 1 + 3 + 20);
        CHECK(customer_store::count_active(tx) == 1 + 3 + 20);
        CHECK(customer_store::search(tx, "", true, 0, 5).total == 1 + 3 + 20);
        CHECK(animal_store::search(tx, "", "en", 0, 5).total == db.execAndGet("SELECT count(*) FROM animals WHERE archived_at IS NULL").getInt());
        return 0;
    });
}

TEST_CASE("a change that is rolled back leaves the kept totals as they were") {
    Counted f;
    f.step("one customer", [&](WriteTx& tx) { customer_store::insert(tx, {0, "Ann", "Roy", "", "", "", "en", "", false}); });
    CHECK_THROWS(f.db->write([&](WriteTx& tx) {
        customer_store::insert(tx, {0, "Ben", "Roy", "", "", "", "en", "", false});
        throw std::runtime_error("the form was refused after all");
        return 0;
    }));
    f.db->read([&](ReadTx& tx) {
        check_counts(tx.connection(), "the rollback");
        CHECK(customer_store::count_active(tx) == 1);
        return 0;
    });
}

TEST_CASE("upgrading a salon counts the customers and animals it already has") {
    TempDir dir;
    SQLite::Database db((dir.path / "old.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    int counts_version = 0;
    for (const auto& m : migrations())
        if (m.name.find("kept_list_counts") != std::string_view::npos) counts_version = m.version;
    REQUIRE(counts_version > 1);
    apply_migrations(db, counts_version - 1);
    db.exec("INSERT INTO species (id, code) VALUES (1, 'cat')");
    db.exec("INSERT INTO customers (first_name, last_name, created_at, archived_at) VALUES ('A', 'X', 1, NULL), ('B', 'X', 1, 3), ('C', 'X', 1, NULL)");
    db.exec("INSERT INTO animals (customer_id, name, species_id, created_at, archived_at) "
            "SELECT c.id, 'Pet', 1, 1, NULL FROM customers c UNION ALL SELECT c.id, 'Old pet', 1, 1, 4 FROM customers c");
    apply_migrations(db, schema_version());
    check_counts(db, "the upgrade");
    CHECK(kept(db, "customers") == 3);
    CHECK(kept(db, "active_customers") == 2);
    CHECK(kept(db, "listed_animals") == 2);
}
