#include "storage/portal_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/password_token_store.h"
#include "storage/user_store.h"

#include <doctest/doctest.h>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
struct TwoCustomers : SalonFixture {
    std::int64_t alice = 0, bob = 0, buddy = 0, rex = 0, alice_invoice = 0, bob_invoice = 0, alice_draft = 0;
    salonbox::domain::Instant now = clock.now();

    TwoCustomers() {
        db->write([&](WriteTx& c) {
            alice = customer_store::insert(c, {0, "Alice", "Martin", "alice@x.test", "", "", "en", "", false});
            bob = customer_store::insert(c, {0, "Bob", "Durand", "bob@x.test", "", "", "fr", "", false});
            auto dog = animal_type_store::species_id(c, "dog").value();
            buddy = animal_store::insert(c, {0, alice, "Buddy", dog, animal_type_store::breed_id(c, "poodle"), "", ""});
            rex = animal_store::insert(c, {0, bob, "Rex", dog, animal_type_store::breed_id(c, "poodle"), "", ""});
            Appointment a;
            a.customer_id = alice;
            a.animal_id = buddy;
            a.staff_user_id = add_groomer(c);
            a.starts_at = now + 48h;
            a.ends_at = now + 49h;
            a.comments = "Bring the shampoo";
            a.internal_notes = "Bites";
            appointment_store::insert(c, a).value();
            a.starts_at = now - 48h;
            a.ends_at = now - 47h;
            a.status = "completed";
            appointment_store::insert(c, a).value();
            alice_invoice = invoice_store::create_draft(c, alice, std::nullopt, "EUR");
            invoice_store::add_line(c, alice_invoice, {"Groom", 1, 5000, 2000});
            invoice_store::issue(c, alice_invoice, now);
            alice_draft = invoice_store::create_draft(c, alice, std::nullopt, "EUR");
            bob_invoice = invoice_store::create_draft(c, bob, std::nullopt, "EUR");
            invoice_store::add_line(c, bob_invoice, {"Groom", 1, 5000, 2000});
            invoice_store::issue(c, bob_invoice, now);
        });
    }
};
}  // namespace

TEST_CASE("a customer's queries return only their own rows") {
    TwoCustomers f;
    f.db->read([&](ReadTx& c) {
        auto animals = portal_store::animals(c, f.alice, "fr", f.now);
        REQUIRE(animals.size() == 1);
        CHECK(animals[0].name == "Buddy");
        CHECK(animals[0].breed == "Caniche");
        CHECK(animals[0].species == "Chien");
        CHECK(animals[0].past_appointments == 1);
        CHECK(portal_store::owns_animal(c, f.alice, f.buddy));
        CHECK_FALSE(portal_store::owns_animal(c, f.alice, f.rex));
        CHECK(portal_store::upcoming_appointments(c, f.alice, f.now, "en").size() == 1);
        CHECK(portal_store::upcoming_appointments(c, f.alice, f.now, "en")[0].comments == "Bring the shampoo");
        CHECK(portal_store::upcoming_appointments(c, f.bob, f.now, "en").empty());
        CHECK(portal_store::past_appointments(c, f.alice, f.now, "en", 0, 20).rows.size() == 1);
        auto invoices = portal_store::invoices(c, f.alice, 0, 25).rows;
        REQUIRE(invoices.size() == 1);  // not the draft, not Bob's
        CHECK(invoices[0].id == f.alice_invoice);
        CHECK(invoices[0].total_minor == 6000);
        CHECK(invoices[0].due_minor == 6000);
        CHECK(invoices[0].status == salonbox::domain::InvoiceStatus::unpaid);
        CHECK(portal_store::amount_due(c, f.alice) == 6000);
        CHECK(portal_store::amount_due(c, f.bob) == 6000);
        return 0;
    });
}

TEST_CASE("an invoice loaded for a customer is theirs and issued, or nothing") {
    TwoCustomers f;
    f.db->read([&](ReadTx& c) {
        CHECK(invoice_store::load(c, f.alice_invoice, f.alice).has_value());
        CHECK_FALSE(invoice_store::load(c, f.bob_invoice, f.alice).has_value());
        CHECK_FALSE(invoice_store::load(c, f.alice_draft, f.alice).has_value());
        CHECK(invoice_store::load(c, f.alice_draft, std::nullopt).has_value());  // staff see drafts
        auto doc = invoice_store::load(c, f.alice_invoice, f.alice).value();
        CHECK(doc.customer_name == "Alice Martin");
        CHECK(doc.lines.size() == 1);
        CHECK(doc.totals.total_minor == 6000);
        return 0;
    });
}

TEST_CASE("a request for another customer's animal writes nothing") {
    TwoCustomers f;
    AppointmentRequest r;
    r.animal_id = f.rex;
    r.starts_at = f.now + 72h;
    r.ends_at = f.now + 73h;
    CHECK(f.db->write([&](WriteTx& c) { return portal_store::add_request(c, f.alice, r); }) == 0);
    r.animal_id = f.buddy;
    CHECK(f.db->write([&](WriteTx& c) { return portal_store::add_request(c, f.alice, r); }) > 0);
    f.db->read([&](ReadTx& c) {
        CHECK(portal_store::recent_requests(c, f.alice, f.now).size() == 1);
        CHECK(portal_store::recent_requests(c, f.bob, f.now).empty());
        return 0;
    });
}

TEST_CASE("a password link works once, before it expires, and only the newest one") {
    TwoCustomers f;
    auto user = f.db->write([&](WriteTx& c) {
        User u;
        u.email = "alice@x.test";
        u.role = salonbox::domain::Role::customer;
        u.customer_id = f.alice;
        return user_store::insert(c, u).value();
    });
    auto now = f.now;
    f.db->write([&](WriteTx& c) { password_token_store::issue(c, "first", user, "invitation", now, now + 1h); });
    f.db->write([&](WriteTx& c) { password_token_store::issue(c, "second", user, "reset", now, now + 1h); });
    f.db->write([&](WriteTx& c) {
        CHECK_FALSE(password_token_store::find_valid(c, "first", now + 1s));
        CHECK(password_token_store::find_valid(c, "second", now + 1s) == user);
        CHECK_FALSE(password_token_store::find_valid(c, "second", now + 1h));
        CHECK(password_token_store::consume(c, "second", now + 1s));
        CHECK_FALSE(password_token_store::consume(c, "second", now + 2s));
        CHECK_FALSE(password_token_store::find_valid(c, "second", now + 3s));
    });
}
