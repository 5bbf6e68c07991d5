// The data kept by triggers is compared with the rows it derives from, each kind of tampering is named in words a
// salon owner reads, and the rebuild puts it all back; a restore of a tampered file gives a consistent salon.
#include "storage/derived_data.h"

#include "fixture.h"
#include "storage/bulk_history.h"
#include "storage/maintenance.h"

#include <doctest/doctest.h>

#include <string>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {

// A salon with what every kind of kept data derives from: customers (one archived, one with a phone), their
// animals, invoices paid, partly paid and unpaid.
struct SalonWithHistory : SalonFixture {
    SalonWithHistory() {
        db->write([&](WriteTx& tx) {
            const auto dog = animal_type_store::species_id(tx, "dog").value();
            BulkHistory bulk(tx);
            const auto then = clock.now() - 24h * 30;
            const auto anna = bulk.add_customer({0, "Anna", "Martin", "anna@example.test", "06 12 34 56 78", "", "en", "", false}, then);
            const auto bob = bulk.add_customer({0, "Bob", "Durand", "", "", "", "en", "", false}, then);
            const auto old = bulk.add_customer({0, "Old", "Gone", "", "", "", "en", "", false}, then);
            bulk.add_animal({0, anna, "Rex", dog, std::nullopt, "", ""}, then);
            bulk.add_animal({0, bob, "Fido", dog, std::nullopt, "", ""}, then);
            bulk.add_animal({0, old, "Ghost", dog, std::nullopt, "", ""}, then);
            const auto invoice = [&](std::int64_t customer, std::int64_t price) {
                return bulk.add_issued_invoice({customer, std::nullopt, std::nullopt, {{"Wash", 1, price, 0}}, 0, then}).id;
            };
            const auto paid = invoice(anna, 4000);
            bulk.add_payment(paid, 4000, "card", then, std::nullopt);
            const auto part = invoice(anna, 6000);
            bulk.add_payment(part, 1000, "cash", then, std::nullopt);
            invoice(bob, 2500);
        });
        edit("UPDATE customers SET archived_at = 1700000000 WHERE first_name = 'Old'");
    }

    void edit(const std::string& sql) {
        db->write([&](WriteTx& tx) { tx.connection().exec(sql); });
    }
    std::vector<std::string> differences() {
        return db->read([](ReadTx& tx) { return derived_data_differences(tx.connection()); });
    }
    std::int64_t number(const std::string& sql) {
        return db->read([&](ReadTx& tx) { return tx.connection().execAndGet(sql).getInt64(); });
    }
};

bool mentions(const std::vector<std::string>& lines, const std::string& words) {
    for (const auto& line : lines)
        if (line.find(words) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a salon salonbox wrote has its kept data in step with its rows") {
    SalonWithHistory f;
    // Not vacuous: the history has something in each kept item.
    CHECK(f.number("SELECT count(*) FROM unpaid_invoices") == 2);
    CHECK(f.number("SELECT total FROM list_counts WHERE list = 'unpaid_due_minor'") == 7500);
    CHECK(f.number("SELECT count(*) FROM unpaid_invoice_customers c JOIN unpaid_invoices u ON u.invoice_id = c.invoice_id "
                   "JOIN invoices i ON i.id = c.invoice_id AND i.customer_id = c.customer_id") == 2);
    CHECK(f.number("SELECT count(*) FROM unpaid_invoice_customers") == 2);
    CHECK(f.number("SELECT count(*) FROM customer_phone_search_docsize") == 3);
    CHECK(f.differences().empty());
    f.db->write([](WriteTx& tx) { rebuild_derived_data(tx.connection()); });
    CHECK(f.differences().empty());
    CHECK(f.number("SELECT total FROM list_counts WHERE list = 'listed_animals'") == 2);
}

TEST_CASE("each kind of tampering is found and named, and the rebuild puts everything back") {
    SalonWithHistory f;
    f.edit("UPDATE list_counts SET total = 120 WHERE list = 'active_customers'");
    f.edit("DELETE FROM list_counts WHERE list = 'customers'");
    f.edit("INSERT INTO list_counts VALUES ('surprise', 1)");
    // Deleting the row fires the trigger that also takes it off the totals: put those back, so only the list is wrong.
    f.edit("DELETE FROM unpaid_invoices WHERE due_minor = 5000");
    f.edit("UPDATE list_counts SET total = 2 WHERE list = 'unpaid_invoices'");
    f.edit("UPDATE list_counts SET total = 7500 WHERE list = 'unpaid_due_minor'");
    f.edit("UPDATE unpaid_invoices SET due_minor = 99 WHERE due_minor = 2500");
    f.edit("UPDATE unpaid_invoice_customers SET customer_id = customer_id + 100 WHERE invoice_id = "
           "(SELECT invoice_id FROM unpaid_invoices WHERE due_minor = 99)");
    f.edit("UPDATE animals SET owner_sort_name = 'Nobody Someone' WHERE name = 'Rex'");
    f.edit("UPDATE animals SET owner_archived_at = NULL WHERE name = 'Ghost'");
    f.edit("INSERT INTO customer_search (customer_search, rowid, first_name, last_name, email, phone) "
           "SELECT 'delete', id, first_name, last_name, email, phone FROM customers WHERE first_name = 'Bob'");
    f.edit("INSERT INTO customer_phone_search (customer_phone_search, rowid, digits) "
           "SELECT 'delete', id, '0612345678' FROM customers WHERE first_name = 'Anna'");

    const auto found = f.differences();
    std::string all;
    for (const auto& line : found) all += line + "\n";
    INFO(all);
    CHECK(mentions(found, "the total of active customers says 120, the customers table has 2 not archived"));
    CHECK(mentions(found, "the total of customers is missing, the customers table has 3"));
    CHECK(mentions(found, "unknown total 'surprise'"));
    CHECK(mentions(found, "is missing from the unpaid invoices, 50.00 EUR is due on it"));
    CHECK(mentions(found, "the unpaid invoices say 0.99 EUR is due on invoice"));
    CHECK(mentions(found, "the amounts due by customer count invoice"));
    CHECK(mentions(found, ", it is customer #"));
    CHECK(mentions(found, "the animal Rex (#1) is listed under the owner 'Nobody Someone', its owner is 'Martin Anna'"));
    CHECK(mentions(found, "the animal Ghost (#3) is listed as of an owner not archived, its owner is archived"));
    // Its trigger counted Ghost in when its copy said the owner was not archived.
    CHECK(mentions(found, "the total of the animal list says 3, the animals table has 2 not archived and of an owner not archived"));
    CHECK(mentions(found, "the customer search does not find the customer Bob Durand"));
    CHECK(mentions(found, "the search by phone number does not find the customer Anna Martin"));

    f.db->write([](WriteTx& tx) { rebuild_derived_data(tx.connection()); });
    CHECK(f.differences().empty());
    CHECK(f.number("SELECT total FROM list_counts WHERE list = 'active_customers'") == 2);
    CHECK(f.number("SELECT total FROM list_counts WHERE list = 'customers'") == 3);
    CHECK(f.number("SELECT count(*) FROM list_counts") == 5);
    CHECK(f.number("SELECT due_minor FROM unpaid_invoices ORDER BY invoice_id LIMIT 1") == 5000);
    CHECK(f.number("SELECT total FROM list_counts WHERE list = 'unpaid_due_minor'") == 7500);
    CHECK(f.number("SELECT count(*) FROM animals WHERE owner_sort_name = 'Martin Anna'") == 1);
    CHECK(f.number("SELECT count(*) FROM customer_search WHERE customer_search MATCH 'durand'") == 1);
    CHECK(f.number("SELECT count(*) FROM customer_phone_search WHERE customer_phone_search MATCH '345'") == 1);
}

TEST_CASE("a deleted customer left in the search is found") {
    SalonWithHistory f;
    f.edit("INSERT INTO customers (first_name, last_name, phone, created_at) VALUES ('Brief', 'Visit', '0700', 0)");
    CHECK(f.differences().empty());
    f.edit("DROP TRIGGER customers_search_delete");  // as a file edited by another program may have it
    f.edit("DELETE FROM customers WHERE first_name = 'Brief'");
    const auto found = f.differences();
    CHECK(found.size() == 2);
    CHECK(mentions(found, "the customer search still holds customer #4, who is not in the customers table"));
    CHECK(mentions(found, "the search by phone number still holds customer #4, who is not in the customers table"));
    f.db->write([](WriteTx& tx) { rebuild_derived_data(tx.connection()); });
    CHECK(f.differences().empty());
}

TEST_CASE("check names kept data out of step as its own problem, and the repair fixes it without touching the rows") {
    SalonWithHistory f;
    f.edit("UPDATE list_counts SET total = total + 3 WHERE list = 'customers'");
    f.db.reset();
    f.registry.release("demo");
    const auto live = f.registry.salon_path("demo");
    auto result = check_database(live);
    CHECK(result.verdict == DatabaseCheck::Verdict::derived_out_of_step);
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0] == "the total of customers says 6, the customers table has 3");

    const auto repaired = repair_derived_data(f.registry, "demo");
    CHECK(repaired == result.problems);
    f.registry.release("demo");
    CHECK(check_database(live).verdict == DatabaseCheck::Verdict::sound);
    CHECK(repair_derived_data(f.registry, "demo").empty());
    CHECK_THROWS_AS(repair_derived_data(f.registry, "nowhere"), RepairRefused);
}

TEST_CASE("the repair refuses a damaged salon: that needs a backup") {
    SalonWithHistory f;
    f.edit("CREATE INDEX extra ON customers(notes)");
    f.db.reset();
    f.registry.release("demo");
    CHECK_THROWS_AS(repair_derived_data(f.registry, "demo"), RepairRefused);
}

TEST_CASE("a restored tampered backup is consistent, and the restore says what it corrected") {
    SalonWithHistory f;
    const auto backup = f.dir.path / "backup.db";
    backup_salon(*f.db, backup);
    {
        SQLite::Database file(backup, SQLite::OPEN_READWRITE);
        file.exec("UPDATE list_counts SET total = 0 WHERE list = 'unpaid_due_minor'");
        file.exec("INSERT INTO customer_search (customer_search, rowid, first_name, last_name, email, phone) "
                  "SELECT 'delete', id, first_name, last_name, email, phone FROM customers WHERE first_name = 'Anna'");
    }
    f.db.reset();
    const auto corrected = restore_salon(f.registry, "demo", backup);
    CHECK(corrected.size() == 2);
    CHECK(mentions(corrected, "the sum still due on invoices says 0.00 EUR, the invoices and their payments give 75.00 EUR"));
    CHECK(mentions(corrected, "the customer search does not find the customer Anna Martin"));
    CHECK(check_database(f.registry.salon_path("demo")).verdict == DatabaseCheck::Verdict::sound);

    f.registry.release("demo");
    backup_salon(*f.registry.open("demo"), backup);
    f.registry.release("demo");
    CHECK(restore_salon(f.registry, "demo", backup).empty());
}
