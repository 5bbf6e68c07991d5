#include "storage/customer_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/invoice_store.h"
#include "storage/password_token_store.h"
#include "storage/request_store.h"
#include "storage/user_store.h"

#include <doctest/doctest.h>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
struct Customers : SalonFixture {
    std::int64_t alice = 0, bob = 0, carol = 0;

    Customers() {
        db->write([&](WriteTx& c) {
            alice = customer_store::insert(c, {0, "Alice", "Martin", "alice@x.test", "+33 6 11 22 33 44", "", "en", "", false});
            bob = customer_store::insert(c, {0, "Bob", "Durand", "bob@x.test", "", "", "fr", "", false});
            carol = customer_store::insert(c, {0, "Carol", "White", "", "020-7946-0000", "", "en", "", false});
        });
    }

    std::vector<std::string> names(std::string_view query, bool archived = false, int offset = 0, int limit = 25) {
        auto page = db->read([&](ReadTx& c) { return customer_store::search(c, query, archived, offset, limit); });
        std::vector<std::string> out;
        for (const auto& r : page.rows) out.push_back(r.first_name + " " + r.last_name);
        return out;
    }

    std::int64_t add_account(std::int64_t customer, const std::string& email, const std::string& hash = "") {
        return db->write([&](WriteTx& c) {
            User u;
            u.email = email;
            u.role = salonbox::domain::Role::customer;
            u.customer_id = customer;
            u.password_hash = hash;
            return user_store::insert(c, u).value();
        });
    }
};
using Names = std::vector<std::string>;
}  // namespace

TEST_CASE("search finds customers by any part of a name, an email or a phone") {
    Customers f;
    CHECK(f.names("") == Names{"Bob Durand", "Alice Martin", "Carol White"});
    CHECK(f.names("mart") == Names{"Alice Martin"});
    CHECK(f.names("ALICE MAR") == Names{"Alice Martin"});
    CHECK(f.names("durand bob") == Names{"Bob Durand"});
    CHECK(f.names("@x.test") == Names{"Bob Durand", "Alice Martin"});
    CHECK(f.names("6 11 22") == Names{"Alice Martin"});
    CHECK(f.names("0611223344").empty());     // the national form of an international number is not guessed
    CHECK(f.names("611223344") == Names{"Alice Martin"});  // but separators do not matter
    CHECK(f.names("79460000") == Names{"Carol White"});
    CHECK(f.names("%").empty());               // LIKE wildcards are literal
    CHECK(f.names("_").empty());
}

TEST_CASE("search ignores case and accents, and follows every change of a customer") {
    Customers f;
    auto helene = f.db->write([&](WriteTx& c) {
        return customer_store::insert(c, {0, "Hélène", "Lefèvre", "", "", "", "fr", "", false});
    });
    CHECK(f.names("helene") == Names{"Hélène Lefèvre"});
    CHECK(f.names("HELENE lefevre") == Names{"Hélène Lefèvre"});
    CHECK(f.names("Lefèv") == Names{"Hélène Lefèvre"});
    CHECK(f.names("hélène") == Names{"Hélène Lefèvre"});
    // Renamed: found by the new name only.
    f.db->write([&](WriteTx& c) { customer_store::update(c, {helene, "Noémie", "Lefèvre", "", "01 02 03 04 05", "", "fr", "", false}); });
    CHECK(f.names("helene").empty());
    CHECK(f.names("noemie") == Names{"Noémie Lefèvre"});
    CHECK(f.names("0203") == Names{"Noémie Lefèvre"});
    // Rows written by other means than the store are indexed too (the triggers keep the index).
    f.db->write([&](WriteTx& c) {
        c.connection().exec("INSERT INTO customers (first_name, last_name, phone, created_at) VALUES ('Zoé', 'Bénard', '06.99.88.77.66', 0)");
    });
    CHECK(f.names("zoe benard") == Names{"Zoé Bénard"});
    CHECK(f.names("99887") == Names{"Zoé Bénard"});
}

TEST_CASE("search pages through the matches and counts them all") {
    Customers f;
    f.db->write([&](WriteTx& c) {
        for (int i = 1; i <= 30; ++i) {
            char last[16];
            std::snprintf(last, sizeof last, "Zed%02d", i);
            customer_store::insert(c, {0, "Z", last, "", "", "", "en", "", false});
        }
    });
    auto page = f.db->read([&](ReadTx& c) { return customer_store::search(c, "zed", false, 25, 25); });
    CHECK(page.total == 30);
    REQUIRE(page.rows.size() == 5);
    CHECK(page.rows.front().last_name == "Zed26");
    CHECK(page.rows.back().last_name == "Zed30");
}

TEST_CASE("search pages through its matches in the list's order: names whatever their case, then the oldest first") {
    Customers f;
    // Names that differ by case, by accents, by length, by a character between Z and a, and not at all.
    const char* names[][2] = {{"ann", "Yew"},  {"Ann", "yew"},  {"ANN", "Yew"},   {"Ann", "Yew"},  {"Ánn", "Yew"}, {"An", "Yew"},
                              {"Ann", "Yewé"}, {"Ann", "Yew_"}, {"Ann", "Yew["},  {"Ann", "YEWS"}, {"b", "Yew"},   {"B", "yew"},
                              {"Zoe", "Ye"},   {"zoe", "Yé"},   {"Ann", "Yew 2"}, {"ann", "yew"},  {"", "Yew"}};
    f.db->write([&](WriteTx& c) {
        for (const auto& n : names) customer_store::insert(c, {0, n[0], n[1], "", "", "", "en", "", false});
        customer_store::archive(c, customer_store::insert(c, {0, "Ann", "Yew", "", "", "", "en", "", false}), c.now());
    });
    for (bool archived : {false, true}) {
        CAPTURE(archived);
        const auto expected = f.db->read([&](ReadTx& c) {
            SQLite::Statement st(c.connection(), std::string("SELECT id FROM customers WHERE last_name LIKE 'y%'") +
                                                     (archived ? "" : " AND archived_at IS NULL") +
                                                     " ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id");
            std::vector<std::int64_t> ids;
            while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
            return ids;
        });
        REQUIRE(expected.size() == std::size(names) + (archived ? 1 : 0));
        std::vector<std::int64_t> paged;
        for (int offset = 0; offset < 30; offset += 4) {
            auto page = f.db->read([&](ReadTx& c) { return customer_store::search(c, "y", archived, offset, 4); });
            CHECK(page.total == static_cast<int>(expected.size()));
            for (const auto& r : page.rows) paged.push_back(r.id);
        }
        CHECK(paged == expected);
    }
}

TEST_CASE("a search with thousands of matches counts them all and pages them in the list's order") {
    Customers f;
    f.db->write([&](WriteTx& c) {
        for (int i = 0; i < 2300; ++i)
            customer_store::insert(c, {0, i % 3 ? "walt" : "Walt", "Walker" + std::to_string((i * 7919) % 2300), "", "", "", "en", "", false});
    });
    const auto expected = f.db->read([&](ReadTx& c) {
        SQLite::Statement st(c.connection(), "SELECT id FROM customers WHERE first_name LIKE 'walt' "
                                             "ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id");
        std::vector<std::int64_t> ids;
        while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
        return ids;
    });
    REQUIRE(expected.size() == 2300);
    for (int offset : {0, 25, 1150, 2275, 2300}) {
        CAPTURE(offset);
        auto page = f.db->read([&](ReadTx& c) { return customer_store::search(c, "walt", false, offset, 25); });
        CHECK(page.total == 2300);
        std::vector<std::int64_t> ids;
        for (const auto& r : page.rows) ids.push_back(r.id);
        CHECK(ids == std::vector<std::int64_t>(expected.begin() + offset, expected.begin() + std::min<std::size_t>(offset + 25, expected.size())));
    }
}

TEST_CASE("archiving hides a customer, disables the account and happens once") {
    Customers f;
    auto account = f.add_account(f.alice, "alice@x.test", "hash");
    bool first = f.db->write([&](WriteTx& c) { return customer_store::archive(c, f.alice, f.clock.now()); });
    bool second = f.db->write([&](WriteTx& c) { return customer_store::archive(c, f.alice, f.clock.now()); });
    CHECK(first);
    CHECK_FALSE(second);
    CHECK(f.names("alice").empty());
    CHECK(f.names("alice", true) == Names{"Alice Martin"});
    f.db->read([&](ReadTx& c) {
        CHECK(customer_store::find(c, f.alice)->archived);
        CHECK_FALSE(user_store::find_by_id(c, account)->active);
        CHECK(customer_store::count_active(c) == 2);
        CHECK(customer_store::search(c, "", false, 0, 25).total == 2);
    });
}

TEST_CASE("an email is found whatever its case, except on the customer being edited") {
    Customers f;
    f.db->read([&](ReadTx& c) {
        CHECK(customer_store::find_by_email(c, "ALICE@X.test") == f.alice);
        CHECK_FALSE(customer_store::find_by_email(c, "alice@x.test", f.alice));
        CHECK_FALSE(customer_store::find_by_email(c, "nobody@x.test"));
        CHECK_FALSE(customer_store::find_by_email(c, ""));  // customers without an email share no address
    });
}

TEST_CASE("an update rewrites the record and the account follows its name, language and email") {
    Customers f;
    auto account = f.add_account(f.bob, "bob@x.test");
    Customer changed{f.bob, "Robert", "Durand", "robert@x.test", "01", "Lyon", "en", "note", false};
    f.db->write([&](WriteTx& c) {
        CHECK(customer_store::update(c, changed));
        customer_store::sync_portal_account(c, changed);
        changed.id = 999;
        CHECK_FALSE(customer_store::update(c, changed));
    });
    f.db->read([&](ReadTx& c) {
        auto bob = customer_store::find(c, f.bob).value();
        CHECK(bob.first_name == "Robert");
        CHECK(bob.email == "robert@x.test");
        CHECK(bob.address == "Lyon");
        auto user = user_store::find_by_id(c, account).value();
        CHECK(user.display_name == "Robert Durand");
        CHECK(user.locale == "en");
        CHECK(user.email == "robert@x.test");
    });
    // Another account's email is refused by the database itself.
    f.add_account(f.alice, "alice@x.test");
    Customer clash{f.bob, "Robert", "Durand", "ALICE@x.test", "", "", "en", "", false};
    CHECK(f.db->write([&](WriteTx& c) { return customer_store::sync_portal_account(c, clash); }).error() == StoreError::duplicate_email);
}

TEST_CASE("the portal account tells invited, active and disabled apart") {
    Customers f;
    f.db->read([&](ReadTx& c) { CHECK_FALSE(customer_store::portal_account(c, f.carol)); });
    auto account = f.add_account(f.carol, "carol@x.test");
    auto now = f.clock.now();
    f.db->write([&](WriteTx& c) { password_token_store::issue(c, "hash-1", account, "invitation", now - 1h, now + 24h); });
    f.db->read([&](ReadTx& c) {
        auto a = customer_store::portal_account(c, f.carol).value();
        CHECK(a.user_id == account);
        CHECK(a.email == "carol@x.test");
        CHECK(a.active);
        CHECK_FALSE(a.has_password);
        CHECK(a.last_invited_at == now - 1h);
    });
    f.db->write([&](WriteTx& c) {
        user_store::set_password_hash(c, account, "$argon2id$...");
        customer_store::set_portal_active(c, account, false);
    });
    f.db->read([&](ReadTx& c) {
        auto a = customer_store::portal_account(c, f.carol).value();
        CHECK(a.has_password);
        CHECK_FALSE(a.active);
    });
}

TEST_CASE("animals keep their birth date, are listed in the asked language and searched with their owner") {
    Customers f;
    std::int64_t buddy = 0, luna = 0;
    f.db->write([&](WriteTx& c) {
        auto dog = animal_type_store::species_id(c, "dog").value();
        auto cat = animal_type_store::species_id(c, "cat").value();
        Animal a{0, f.alice, "Buddy", dog, animal_type_store::breed_id(c, "poodle"), "Apricot", "", "2021-04-30"};
        buddy = animal_store::insert(c, a);
        luna = animal_store::insert(c, {0, f.bob, "Luna", cat, std::nullopt, "", ""});
    });
    f.db->read([&](ReadTx& c) {
        auto found = animal_store::find(c, buddy).value();
        CHECK(found.birth_date == "2021-04-30");
        CHECK(found.breed_detail == "Apricot");
        CHECK(animal_store::find(c, luna)->birth_date.empty());
        auto mine = animal_store::of_customer(c, f.alice, "fr");
        REQUIRE(mine.size() == 1);
        CHECK(mine[0].species == "Chien");
        CHECK(mine[0].breed == "Caniche");
        CHECK(mine[0].owner_name == "Alice Martin");
        CHECK(animal_store::search(c, "durand", "en", 0, 25).rows.at(0).name == "Luna");
        CHECK(animal_store::search(c, "bud", "en", 0, 25).rows.at(0).breed == "Poodle");
        CHECK(animal_store::search(c, "", "en", 0, 25).total == 2);
    });
    f.db->write([&](WriteTx& c) {
        auto a = animal_store::find(c, buddy).value();
        a.name = "Buddy II";
        a.breed_id.reset();
        a.birth_date.clear();
        a.customer_id = f.bob;
        CHECK(animal_store::update(c, a));
        customer_store::archive(c, f.bob, f.clock.now());
    });
    f.db->read([&](ReadTx& c) {
        auto a = animal_store::find(c, buddy).value();
        CHECK(a.name == "Buddy II");
        CHECK_FALSE(a.breed_id);
        CHECK(a.birth_date.empty());
        // Bob is archived: his animals leave the list.
        CHECK(animal_store::search(c, "", "en", 0, 25).total == 0);
    });
}

TEST_CASE("the animal list orders by name, then by the owner's current name") {
    Customers f;
    auto owners = [&] {
        auto rows = f.db->read([&](ReadTx& c) { return animal_store::search(c, "", "en", 0, 25).rows; });
        std::vector<std::string> out;
        for (const auto& r : rows) out.push_back(r.name + " " + r.owner_name);
        return out;
    };
    f.db->write([&](WriteTx& c) {
        auto dog = animal_type_store::species_id(c, "dog").value();
        animal_store::insert(c, {0, f.carol, "rex", dog, std::nullopt, "", ""});
        animal_store::insert(c, {0, f.alice, "Rex", dog, std::nullopt, "", ""});
        animal_store::insert(c, {0, f.bob, "Ace", dog, std::nullopt, "", ""});
    });
    CHECK(owners() == std::vector<std::string>{"Ace Bob Durand", "Rex Alice Martin", "rex Carol White"});
    f.db->write([&](WriteTx& c) {
        auto carol = customer_store::find(c, f.carol).value();
        carol.last_name = "Adams";
        customer_store::update(c, carol);
    });
    CHECK(owners() == std::vector<std::string>{"Ace Bob Durand", "rex Carol Adams", "Rex Alice Martin"});
    f.db->write([&](WriteTx& c) { customer_store::archive(c, f.bob, f.clock.now()); });
    CHECK(owners() == std::vector<std::string>{"rex Carol Adams", "Rex Alice Martin"});
}

TEST_CASE("a customer's history: invoices with drafts, and every request") {
    Customers f;
    f.db->write([&](WriteTx& c) {
        auto dog = animal_type_store::species_id(c, "dog").value();
        auto buddy = animal_store::insert(c, {0, f.alice, "Buddy", dog, std::nullopt, "", ""});
        auto issued = invoice_store::create_draft(c, f.alice, std::nullopt, "EUR");
        invoice_store::add_line(c, issued, {"Groom", 1, 5000, 2000});
        invoice_store::issue(c, issued, f.clock.now());
        invoice_store::create_draft(c, f.alice, std::nullopt, "EUR");
        invoice_store::create_draft(c, f.bob, std::nullopt, "EUR");
        AppointmentRequest r;
        r.customer_id = f.alice;
        r.animal_id = buddy;
        r.starts_at = f.clock.now() + 48h;
        r.ends_at = r.starts_at + 1h;
        r.comments = "Short cut";
        request_store::insert(c, r);
    });
    f.db->read([&](ReadTx& c) {
        CHECK(customer_store::invoice_ids(c, f.alice).size() == 2);
        auto requests = customer_store::requests(c, f.alice, 50);
        REQUIRE(requests.size() == 1);
        CHECK(requests[0].animal_name == "Buddy");
        CHECK(requests[0].status == "pending");
        CHECK(requests[0].comments == "Short cut");
        CHECK(customer_store::requests(c, f.bob, 50).empty());
    });
}
