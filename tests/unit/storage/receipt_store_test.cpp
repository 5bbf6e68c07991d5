#include "storage/receipt_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/appointment_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/service_store.h"

#include <doctest/doctest.h>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
struct Visits : SalonFixture {
    std::int64_t alice = 0, bob = 0, past = 0, older = 0, upcoming = 0, cancelled = 0, bobs = 0;
    salonbox::domain::Instant now = clock.now();

    Visits() {
        db->write([&](WriteTx& c) {
            alice = customer_store::insert(c, {0, "Alice", "Martin", "alice@x.test", "", "", "en", "", false});
            bob = customer_store::insert(c, {0, "Bob", "Durand", "bob@x.test", "", "", "fr", "", false});
            auto dog = animal_type_store::species_id(c, "dog").value();
            auto buddy = animal_store::insert(c, {0, alice, "Buddy", dog, std::nullopt, "", ""});
            auto rex = animal_store::insert(c, {0, bob, "Rex", dog, std::nullopt, "", ""});
            const auto groomer = add_groomer(c);
            auto visit = [&](std::int64_t customer, std::int64_t animal, salonbox::domain::Instant start, const char* status) {
                Appointment a;
                a.staff_user_id = groomer;
                a.customer_id = customer;
                a.animal_id = animal;
                a.starts_at = start;
                a.ends_at = start + 1h;
                a.status = status;
                return appointment_store::insert(c, a).value();
            };
            older = visit(alice, buddy, now - 96h, "completed");
            past = visit(alice, buddy, now - 48h, "completed");
            cancelled = visit(alice, buddy, now - 24h, "cancelled");
            upcoming = visit(alice, buddy, now + 48h, "scheduled");
            bobs = visit(bob, rex, now - 48h, "completed");
        });
    }

    std::int64_t issued_invoice(std::int64_t appointment, std::int64_t price, salonbox::domain::Instant at) {
        return db->write([&](WriteTx& c) {
            auto id = invoice_store::create_draft(c, alice, appointment, "EUR");
            invoice_store::add_line(c, id, {"Groom", 1, price, 2000});
            invoice_store::issue(c, id, at);
            return id;
        });
    }
};
}  // namespace

TEST_CASE("a customer's receipts are their started, not cancelled appointments, newest first") {
    Visits v;
    auto rows = v.db->read([&](ReadTx& tx) { return receipt_store::list(tx, v.alice, v.now, "en", 0, 25).rows; });
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].appointment_id == v.past);
    CHECK(rows[1].appointment_id == v.older);
    CHECK(rows[0].animal_name == "Buddy");
    // Pages of one: the newer first with more to follow, then the older one alone.
    auto first = v.db->read([&](ReadTx& tx) { return receipt_store::list(tx, v.alice, v.now, "en", 0, 1); });
    REQUIRE(first.rows.size() == 1);
    CHECK(first.rows[0].appointment_id == v.past);
    CHECK(first.more);
    auto second = v.db->read([&](ReadTx& tx) { return receipt_store::list(tx, v.alice, v.now, "en", 1, 1); });
    REQUIRE(second.rows.size() == 1);
    CHECK(second.rows[0].appointment_id == v.older);
    CHECK_FALSE(second.more);
}

TEST_CASE("a receipt is found for its own customer only, and never for an upcoming or cancelled appointment") {
    Visits v;
    auto load = [&](std::int64_t id, std::optional<std::int64_t> customer) {
        return v.db->read([&](ReadTx& tx) { return receipt_store::load(tx, id, customer, v.now); });
    };
    CHECK(load(v.past, v.alice).has_value());
    CHECK(load(v.past, std::nullopt).has_value());  // the admin panel
    CHECK_FALSE(load(v.bobs, v.alice).has_value());
    CHECK_FALSE(load(v.upcoming, v.alice).has_value());
    CHECK_FALSE(load(v.cancelled, std::nullopt).has_value());
    CHECK_FALSE(load(999999, std::nullopt).has_value());
}

TEST_CASE("a receipt shows the latest issued invoice of its appointment, never a draft or a credit note") {
    Visits v;
    auto load = [&] { return v.db->read([&](ReadTx& tx) { return receipt_store::load(tx, v.past, v.alice, v.now); }).value(); };
    CHECK_FALSE(load().invoice.has_value());

    v.db->write([&](WriteTx& c) {
        auto draft = invoice_store::create_draft(c, v.alice, v.past, "EUR");
        invoice_store::add_line(c, draft, {"Groom", 1, 9900, 2000});
    });
    CHECK_FALSE(load().invoice.has_value());

    auto first = v.issued_invoice(v.past, 5000, v.now - 47h);
    CHECK(load().invoice->id == first);
    v.db->write([&](WriteTx& c) {
        auto credit = *invoice_store::create_credit_note(c, first, "Tip");
        invoice_store::issue(c, credit, v.now - 46h);
    });
    CHECK(load().invoice->id == first);
    auto second = v.issued_invoice(v.past, 4500, v.now - 45h);
    auto receipt = load();
    CHECK(receipt.invoice->id == second);
    CHECK(receipt.invoice->totals.total_minor == 5400);
    auto rows = v.db->read([&](ReadTx& tx) { return receipt_store::list(tx, v.alice, v.now, "en", 0, 25).rows; });
    CHECK(rows[0].invoice_number == receipt.invoice->number);
}

TEST_CASE("a receipt names the service in its customer's language; the receipts list in the reader's") {
    Visits v;
    auto bobs_visit = v.db->write([&](WriteTx& c) {
        auto nails = service_store::insert(c, Service{0, "Nail trim", 15, 1200, 2000, true});
        service_store::set_other_names(c, nails, {{"fr", "Coupe des griffes"}});
        auto a = appointment_store::find(c, v.bobs).value();
        a.service_id = nails;
        REQUIRE(appointment_store::update(c, a).value());
        return a.id;
    });
    auto receipt = v.db->read([&](ReadTx& tx) { return receipt_store::load(tx, bobs_visit, v.bob, v.now); });
    REQUIRE(receipt);
    CHECK(receipt->service == "Coupe des griffes");
    REQUIRE(receipt->service_line);
    CHECK(receipt->service_line->description == "Coupe des griffes");
    auto in_french = v.db->read([&](ReadTx& tx) { return receipt_store::list(tx, v.bob, v.now, "fr", 0, 25).rows; });
    REQUIRE(in_french.size() == 1);
    CHECK(in_french[0].service == "Coupe des griffes");
    auto in_english = v.db->read([&](ReadTx& tx) { return receipt_store::list(tx, v.bob, v.now, "en", 0, 25).rows; });
    CHECK(in_english[0].service == "Nail trim");
}

TEST_CASE("payment terms default to 14 days until the salon sets them") {
    SalonFixture f;
    CHECK(f.db->read([](ReadTx& tx) { return invoice_store::payment_due_days(tx); }) == 14);
    f.db->write([](WriteTx& tx) { invoice_store::set_payment_due_days(tx, 30); });
    f.db->write([](WriteTx& tx) { invoice_store::set_payment_due_days(tx, 0); });
    CHECK(f.db->read([](ReadTx& tx) { return invoice_store::payment_due_days(tx); }) == 0);
}
