// The large demo's history: the same on every run, of the size asked, with invoice numbers that follow dates.
#include "cli/demo_history.h"

#include "../storage/fixture.h"
#include "storage/animal_type_store.h"
#include "storage/customer_store.h"
#include "storage/service_store.h"
#include "storage/user_store.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

using namespace salonbox;
using namespace salonbox::storage;

namespace {
struct SmallSalon : SalonFixture {
    cli::HistoryCounts counts;
    explicit SmallSalon(const cli::HistorySize& size) {
        db->write([&](WriteTx& c) {
            auto staff = [&](const char* email) {
                User u;
                u.email = email;
                u.role = domain::Role::staff;
                u.display_name = email;
                return user_store::insert(c, u).value();
            };
            cli::DemoCast cast;
            cast.groomer = staff("groomer@x.test");
            cast.manager = staff("manager@x.test");
            cast.services = {{service_store::insert(c, {0, "Bath", 60, 3500, 2000, true}), "Bath", 60, 3500, 2000}};
            auto dog = animal_type_store::species_id(c, "dog").value();
            cast.alice = customer_store::insert(c, {0, "Alice", "Martin", "alice@x.test", "", "", "en", "", false});
            cast.alice_pets = {{animal_store::insert(c, {0, cast.alice, "Buddy", dog, std::nullopt, "", ""}), "Buddy"}};
            cast.bob = customer_store::insert(c, {0, "Bob", "Durand", "bob@x.test", "", "", "fr", "", false});
            cast.bob_pets = {{animal_store::insert(c, {0, cast.bob, "Rex", dog, std::nullopt, "", ""}), "Rex"}};
            counts = cli::write_history(c, cast, size, clock.now() - std::chrono::days(43));
        });
    }

    std::string query(const std::string& sql) {
        return db->read([&](ReadTx& c) {
            SQLite::Statement st(c.connection(), sql);
            std::string out;
            while (st.executeStep()) out += st.getColumn(0).getString() + "\n";
            return out;
        });
    }
};

cli::HistorySize small() {
    cli::HistorySize size;
    size.customers = 150;
    size.animals = 220;
    size.appointments = 3000;
    size.requests = 40;
    size.emails = 200;
    size.alice_visits = 50;
    size.bob_visits = 10;
    return size;
}
}  // namespace

TEST_CASE("the history has the size asked, and the same rows on every run") {
    SmallSalon a(small()), b(small());
    CHECK(a.counts.customers == 150);
    CHECK(a.counts.animals == 220);
    CHECK(a.counts.appointments == 3000 + 50 + 10);
    CHECK(a.counts.requests == 40);
    CHECK(a.counts.invoices > 2000);  // about three in four visits
    CHECK(a.counts.credit_notes > 0);
    CHECK(a.query("SELECT count(*) FROM appointments WHERE customer_id = 1") == "50\n");
    const std::string digest =
        "SELECT group_concat(number || ':' || total_minor || ':' || customer_id, ',') FROM (SELECT * FROM invoices ORDER BY id)";
    CHECK(a.query(digest) == b.query(digest));
    const std::string names = "SELECT group_concat(first_name || ' ' || last_name || ' ' || phone, ',') FROM customers";
    CHECK(a.query(names) == b.query(names));
}

TEST_CASE("history invoices are numbered in the order of their dates, and credit notes cancel what they correct") {
    SmallSalon s(small());
    // Within each numbering period, a later number never has an earlier issue date.
    CHECK(s.query("SELECT count(*) FROM (SELECT issued_at, lag(issued_at) OVER (PARTITION BY substr(number, 1, 6) ORDER BY number) AS previous "
                  "FROM invoices WHERE status = 'issued') WHERE previous > issued_at") == "0\n");
    CHECK(s.query("SELECT count(*) FROM invoices n JOIN invoices o ON o.id = n.credit_note_for WHERE n.total_minor <> -o.total_minor") == "0\n");
    CHECK(s.query("SELECT count(*) FROM invoices WHERE status <> 'issued' OR total_minor IS NULL") == "0\n");
    // Accented names are there to be searched.
    CHECK(s.query("SELECT count(*) > 0 FROM customers WHERE first_name = 'Hélène'") == "1\n");
}

TEST_CASE("the kept list totals count the history's customers and animals") {
    SmallSalon s(small());
    const auto kept = [&](const char* list) { return s.query(std::string("SELECT total FROM list_counts WHERE list = '") + list + "'"); };
    CHECK(kept("customers") == s.query("SELECT count(*) FROM customers"));
    CHECK(std::stoi(kept("customers")) >= s.counts.customers);
    CHECK(kept("active_customers") == s.query("SELECT count(*) FROM customers WHERE archived_at IS NULL"));
    CHECK(kept("listed_animals") == s.query("SELECT count(*) FROM animals a JOIN customers c ON c.id = a.customer_id "
                                            "WHERE a.archived_at IS NULL AND c.archived_at IS NULL"));
}
