// The invoice store as the admin panel uses it: list and filters, the invoice page, draft edits, credit notes,
// and drafts started from an appointment.
#include "storage/invoice_store.h"

#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/appointment_store.h"
#include "storage/customer_store.h"
#include "storage/service_store.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
// The total_minor column of an invoice, as written when it was issued.
std::optional<std::int64_t> query_total(ReadTx& c, std::int64_t id) {
    SQLite::Statement st(c.connection(), "SELECT total_minor FROM invoices WHERE id = ?");
    st.bind(1, id);
    st.executeStep();
    if (st.getColumn(0).isNull()) return std::nullopt;
    return st.getColumn(0).getInt64();
}

struct Invoices : SalonFixture {
    salonbox::domain::Instant now = clock.now();
    std::int64_t alice = 0, bob = 0, buddy = 0, groom_appointment = 0, walk_in_appointment = 0;
    std::int64_t paid = 0, unpaid = 0, draft = 0;

    Invoices() {
        db->write([&](WriteTx& c) {
            alice = customer_store::insert(c, {0, "Alice", "Martin", "alice@x.test", "", "4 avenue Foch\n75116 Paris", "en", "", false});
            bob = customer_store::insert(c, {0, "Bob", "Durand", "bob@x.test", "", "", "fr", "", false});
            c.connection().exec("INSERT INTO services (name, duration_minutes, price_minor, tax_rate_bp) VALUES ('Full groom', 90, 5500, 2000)");
            buddy = animal_store::insert(c, {0, alice, "Buddy", animal_type_store::species_id(c, "dog").value(), std::nullopt, "", ""});
            Appointment a;
            a.customer_id = alice;
            a.animal_id = buddy;
            a.service_id = 1;
            a.starts_at = now - 24h;
            a.ends_at = now - 23h;
            a.status = "completed";
            groom_appointment = appointment_store::insert(c, a).value();
            a.service_id.reset();
            a.starts_at = now - 48h;
            a.ends_at = now - 47h;
            walk_in_appointment = appointment_store::insert(c, a).value();

            paid = invoice_store::create_draft(c, alice, std::nullopt, "EUR");
            invoice_store::add_line(c, paid, {"Full groom", 1, 5500, 2000});
            invoice_store::issue(c, paid, now - 72h);
            invoice_store::add_payment(c, paid, 6600, "card", now - 72h, std::nullopt);
            unpaid = invoice_store::create_draft(c, bob, std::nullopt, "EUR");
            invoice_store::add_line(c, unpaid, {"Bath", 1, 3500, 2000});
            invoice_store::issue(c, unpaid, now - 1h);
            draft = invoice_store::create_draft(c, alice, std::nullopt, "EUR");
            invoice_store::add_line(c, draft, {"Full groom", 1, 5500, 2000});
            invoice_store::add_line(c, draft, {"Ribbon", 2, 1250, 2000});
        });
    }

    std::vector<std::int64_t> ids(invoice_store::ListFilter filter) {
        auto rows = db->read([&](ReadTx& c) { return invoice_store::list(c, filter, 0, 50).rows; });
        std::vector<std::int64_t> out;
        for (const auto& r : rows) out.push_back(r.id);
        return out;
    }
};
}  // namespace

TEST_CASE("the list filters by status and shows newest first, with totals and what is due") {
    Invoices f;
    CHECK(f.ids(invoice_store::ListFilter::all) == std::vector<std::int64_t>{f.draft, f.unpaid, f.paid});
    CHECK(f.ids(invoice_store::ListFilter::draft) == std::vector<std::int64_t>{f.draft});
    CHECK(f.ids(invoice_store::ListFilter::issued) == std::vector<std::int64_t>{f.unpaid, f.paid});
    CHECK(f.ids(invoice_store::ListFilter::unpaid) == std::vector<std::int64_t>{f.unpaid});
    auto rows = f.db->read([&](ReadTx& c) { return invoice_store::list(c, invoice_store::ListFilter::all, 0, 50).rows; });
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].number.empty());
    CHECK(rows[0].customer_name == "Alice Martin");
    CHECK(rows[0].total_minor == 9600);  // (55.00 + 2 x 12.50) x 1.2
    CHECK(rows[1].total_minor == 4200);
    CHECK(rows[1].due_minor == 4200);
    CHECK(rows[2].due_minor == 0);
    CHECK(rows[2].number.rfind("FA", 0) == 0);
    using salonbox::domain::InvoiceStatus;
    CHECK(rows[0].display_status == InvoiceStatus::draft);
    CHECK(rows[1].display_status == InvoiceStatus::unpaid);
    CHECK(rows[2].display_status == InvoiceStatus::paid);
}

TEST_CASE("the list comes in pages that say whether older invoices follow") {
    Invoices f;
    auto page = [&](int offset, int limit) { return f.db->read([&](ReadTx& c) { return invoice_store::list(c, invoice_store::ListFilter::all, offset, limit); }); };
    auto first = page(0, 2);
    REQUIRE(first.rows.size() == 2);
    CHECK(first.rows[0].id == f.draft);
    CHECK(first.rows[1].id == f.unpaid);
    CHECK(first.more);
    auto last = page(2, 2);
    REQUIRE(last.rows.size() == 1);
    CHECK(last.rows[0].id == f.paid);
    CHECK_FALSE(last.more);
    CHECK_FALSE(page(0, 3).more);
}

TEST_CASE("an issued invoice keeps the total it was issued with, and a credit note's is taken off it") {
    Invoices f;
    auto stored = [&](std::int64_t id) {
        return f.db->read([&](ReadTx& c) { return query_total(c, id); });
    };
    CHECK(stored(f.paid) == 6600);
    CHECK(stored(f.unpaid) == 4200);
    CHECK_FALSE(stored(f.draft).has_value());
    f.db->write([&](WriteTx& c) {
        invoice_store::set_adjustments(c, f.draft, 300, 0);
        invoice_store::issue(c, f.draft, f.now);
        auto note = *invoice_store::create_credit_note(c, f.unpaid, "Tip");
        invoice_store::issue(c, note, f.now);
    });
    CHECK(stored(f.draft) == 9900);  // 96.00 and a 3.00 tip
    f.db->read([&](ReadTx& c) {
        CHECK(invoice_store::credited_minor(c, f.unpaid) == 4200);
        CHECK(invoice_store::credited_minor(c, f.paid) == 0);
        CHECK(invoice_store::amount_due(c, f.bob) == 0);
        CHECK(invoice_store::amount_due(c, f.alice) == 9900);
        return 0;
    });
}

TEST_CASE("the invoice page has line ids, payments and totals that agree") {
    Invoices f;
    auto page = f.db->read([&](ReadTx& c) { return invoice_store::load_admin(c, f.paid); });
    REQUIRE(page);
    CHECK(page->document.lines.size() == 1);
    CHECK(page->line_ids.size() == 1);
    REQUIRE(page->payments.size() == 1);
    CHECK(page->payments[0].amount_minor == 6600);
    CHECK(page->payments[0].method == "card");
    CHECK(page->document.totals.paid_minor == 6600);
    CHECK(page->document.totals.due_minor == 0);
    CHECK(page->credit_notes.empty());
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return invoice_store::load_admin(c, 999); }).has_value());
}

TEST_CASE("a draft's tip and deposit change; an issued invoice's do not") {
    Invoices f;
    CHECK(f.db->write([&](WriteTx& c) { return invoice_store::set_adjustments(c, f.draft, 500, 2000); }));
    auto d = f.db->read([&](ReadTx& c) { return invoice_store::load(c, f.draft, std::nullopt); });
    CHECK(d->totals.tip_minor == 500);
    CHECK(d->totals.total_minor == 10100);
    CHECK(d->totals.due_minor == 8100);
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return invoice_store::set_adjustments(c, f.unpaid, 500, 0); }));
    CHECK(f.db->read([&](ReadTx& c) { return invoice_store::load(c, f.unpaid, std::nullopt); })->totals.tip_minor == 0);
}

TEST_CASE("a line is deleted only from its own invoice, and never from an issued one") {
    Invoices f;
    auto draft_lines = f.db->read([&](ReadTx& c) { return invoice_store::load_admin(c, f.draft); })->line_ids;
    auto issued_lines = f.db->read([&](ReadTx& c) { return invoice_store::load_admin(c, f.unpaid); })->line_ids;
    REQUIRE(draft_lines.size() == 2);
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return invoice_store::delete_line(c, f.draft, issued_lines[0]); }));
    CHECK_THROWS(f.db->write([&](WriteTx& c) { return invoice_store::delete_line(c, f.unpaid, issued_lines[0]); }));
    CHECK(f.db->write([&](WriteTx& c) { return invoice_store::delete_line(c, f.draft, draft_lines[0]); }));
    auto after = f.db->read([&](ReadTx& c) { return invoice_store::load_admin(c, f.draft); });
    REQUIRE(after->document.lines.size() == 1);
    CHECK(after->document.lines[0].description == "Ribbon");
    CHECK(f.db->read([&](ReadTx& c) { return invoice_store::state(c, f.unpaid); })->facts.line_count == 1);
}

TEST_CASE("a credit note is a new draft with the lines negated; the original stays as it was") {
    Invoices f;
    auto before = f.db->read([&](ReadTx& c) { return invoice_store::load(c, f.unpaid, std::nullopt); });
    auto note = f.db->write([&](WriteTx& c) { return *invoice_store::create_credit_note(c, f.unpaid, "Tip"); });
    auto page = f.db->read([&](ReadTx& c) { return invoice_store::load_admin(c, note); });
    REQUIRE(page);
    CHECK(page->document.status == "draft");
    CHECK(page->document.credit_note_for == f.unpaid);
    CHECK(page->document.customer_id == f.bob);
    CHECK(page->corrects_number == before->number);
    REQUIRE(page->document.lines.size() == 1);
    CHECK(page->document.lines[0].quantity == -1);
    CHECK(page->document.lines[0].unit_price_minor == 3500);
    CHECK(page->document.totals.total_minor == -4200);
    CHECK(page->document.totals.due_minor == 0);

    auto number = f.db->write([&](WriteTx& c) { return invoice_store::issue(c, note, f.clock.now()); });
    CHECK(number == "FA2606-0003");  // after the paid and the unpaid invoice of the same (pinned) month
    auto original = f.db->read([&](ReadTx& c) { return invoice_store::load_admin(c, f.unpaid); });
    CHECK(original->document.number == before->number);
    CHECK(original->document.totals.total_minor == 4200);
    REQUIRE(original->credit_notes.size() == 1);
    CHECK(original->credit_notes[0].id == note);
    CHECK(original->credit_notes[0].number == number);
    // The list reads the same status as the page: settled by the credit note, not paid; the note itself is no debt.
    using salonbox::domain::InvoiceStatus;
    CHECK(salonbox::domain::invoice_status(original->document.facts()) == InvoiceStatus::credited);
    auto rows = f.db->read([&](ReadTx& c) { return invoice_store::list(c, invoice_store::ListFilter::issued, 0, 50).rows; });
    for (const auto& r : rows) {
        CAPTURE(r.id);
        if (r.id == f.unpaid) CHECK(r.display_status == InvoiceStatus::credited);
        if (r.id == note) CHECK(r.display_status == InvoiceStatus::credit_note);
    }
    CHECK(f.ids(invoice_store::ListFilter::unpaid).empty());
    // Only an issued invoice can be credited.
    CHECK_THROWS(f.db->write([&](WriteTx& c) { return invoice_store::create_credit_note(c, f.draft, "Tip"); }));
}

TEST_CASE("an invoice takes credit notes only up to its total, drafts counted") {
    Invoices f;
    auto create = [&] { return f.db->write([&](WriteTx& c) { return invoice_store::create_credit_note(c, f.unpaid, "Tip"); }); };
    auto creditable = [&] { return f.db->read([&](ReadTx& c) { return invoice_store::creditable_minor(c, f.unpaid); }); };
    CHECK(creditable() == 4200);
    auto first = create();
    REQUIRE(first);
    // The first draft already takes off the whole total: a second manager crediting now gets nothing.
    CHECK(creditable() == 0);
    CHECK_FALSE(create());
    f.db->write([&](WriteTx& c) { invoice_store::issue(c, *first, f.clock.now()); });
    CHECK(creditable() == 0);
    CHECK_FALSE(create());
    auto notes = f.db->read([&](ReadTx& c) { return invoice_store::load_admin(c, f.unpaid); })->credit_notes;
    CHECK(notes.size() == 1);
}

TEST_CASE("a credit note gives the tip back as a line, so that it cancels the whole total") {
    Invoices f;
    auto tipped = f.db->write([&](WriteTx& c) {
        auto id = invoice_store::create_draft(c, f.alice, std::nullopt, "EUR");
        invoice_store::add_line(c, id, {"Full groom", 1, 5500, 2000});
        invoice_store::set_adjustments(c, id, 500, 1000);
        invoice_store::issue(c, id, f.clock.now());
        return id;
    });
    auto note = f.db->write([&](WriteTx& c) { return *invoice_store::create_credit_note(c, tipped, "Pourboire"); });
    auto doc = f.db->read([&](ReadTx& c) { return invoice_store::load(c, note, std::nullopt); });
    REQUIRE(doc->lines.size() == 2);
    CHECK(doc->lines[1].description == "Pourboire");
    CHECK(doc->lines[1].quantity == -1);
    CHECK(doc->lines[1].unit_price_minor == 500);
    CHECK(doc->lines[1].tax_rate_bp == 0);
    CHECK(doc->totals.total_minor == -7100);
    CHECK(doc->totals.tip_minor == 0);
    CHECK(doc->totals.deposit_minor == 0);
}

TEST_CASE("an appointment's service line is written in its customer's language, the salon's when it has no name in it") {
    Invoices f;
    auto bobs = f.db->write([&](WriteTx& c) {
        service_store::set_other_names(c, 1, {{"fr", "Toilettage complet"}});
        Appointment a;
        a.customer_id = f.bob;
        a.animal_id = animal_store::insert(c, {0, f.bob, "Rex", animal_type_store::species_id(c, "dog").value(), std::nullopt, "", ""});
        a.service_id = 1;
        a.starts_at = f.now - 24h;
        a.ends_at = f.now - 23h;
        a.status = "completed";  // yesterday's visit, being invoiced
        return appointment_store::insert(c, a).value();
    });
    auto for_bob = f.db->read([&](ReadTx& c) { return invoice_store::appointment_for_invoice(c, bobs); });
    REQUIRE(for_bob->line);
    CHECK(for_bob->line->description == "Toilettage complet \u2013 Rex");
    auto for_alice = f.db->read([&](ReadTx& c) { return invoice_store::appointment_for_invoice(c, f.groom_appointment); });
    CHECK(for_alice->line->description == "Full groom \u2013 Buddy");
}

TEST_CASE("an appointment starts a draft with its customer and one service line") {
    Invoices f;
    auto a = f.db->read([&](ReadTx& c) { return invoice_store::appointment_for_invoice(c, f.groom_appointment); });
    REQUIRE(a);
    CHECK(a->customer_id == f.alice);
    REQUIRE(a->line);
    CHECK(a->line->description == "Full groom \u2013 Buddy");
    CHECK(a->line->quantity == 1);
    CHECK(a->line->unit_price_minor == 5500);
    CHECK(a->line->tax_rate_bp == 2000);
    auto walk_in = f.db->read([&](ReadTx& c) { return invoice_store::appointment_for_invoice(c, f.walk_in_appointment); });
    REQUIRE(walk_in);
    CHECK_FALSE(walk_in->line.has_value());
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return invoice_store::appointment_for_invoice(c, 999); }).has_value());

    auto open = [&] {
        return f.db->read([&](ReadTx& c) { return invoice_store::appointments_without_invoice(c, f.now - 72h, f.now, 10); });
    };
    REQUIRE(open().size() == 2);
    CHECK(open()[0].appointment_id == f.groom_appointment);  // most recent first
    CHECK(f.db->read([&](ReadTx& c) { return invoice_store::appointments_without_invoice(c, f.now - 72h, f.now, 1); }).size() == 1);
    f.db->write([&](WriteTx& c) { invoice_store::create_draft(c, f.alice, f.groom_appointment, "EUR"); });
    REQUIRE(open().size() == 1);
    CHECK(open()[0].appointment_id == f.walk_in_appointment);
    CHECK(f.db->read([&](ReadTx& c) { return invoice_store::invoices_for_appointment(c, f.groom_appointment); }).size() == 1);
}

TEST_CASE("customers to invoice: the active ones") {
    Invoices f;
    f.db->write([&](WriteTx& c) { c.connection().exec("UPDATE customers SET archived_at = 1 WHERE first_name = 'Bob'"); });
    CHECK(f.db->read([&](ReadTx& c) { return invoice_store::customer_is_active(c, f.alice); }));
    CHECK_FALSE(f.db->read([&](ReadTx& c) { return invoice_store::customer_is_active(c, f.bob); }));
}

TEST_CASE("the unpaid total follows what is issued, paid and credited") {
    Invoices f;
    // The summary's count and sum are kept by triggers (list_counts); each read is checked against the rows.
    auto summary = [&] {
        return f.db->read([&](ReadTx& c) {
            auto kept = invoice_store::unpaid_summary(c);
            auto& db = c.connection();
            CHECK(kept.count == db.execAndGet("SELECT count(*) FROM unpaid_invoices").getInt());
            CHECK(kept.due_minor == db.execAndGet("SELECT coalesce(sum(due_minor), 0) FROM unpaid_invoices").getInt64());
            // Each customer's amount due, read through the unpaid invoices kept by customer, against the schema's
            // due formula over all of their invoices.
            for (auto customer : {f.alice, f.bob}) {
                CAPTURE(customer);
                CHECK(invoice_store::amount_due(c, customer) ==
                      db.execAndGet("SELECT coalesce(sum(d.due_minor), 0) FROM invoice_dues d JOIN invoices i ON i.id = d.invoice_id "
                                    "WHERE d.due_minor > 0 AND i.customer_id = " + std::to_string(customer)).getInt64());
            }
            return kept;
        });
    };
    auto s = summary();
    CHECK(s.count == 1);
    CHECK(s.due_minor == 4200);
    REQUIRE(s.oldest);
    CHECK(s.oldest->id == f.unpaid);
    // A part payment leaves the rest due; the draft, once issued, is owed too and is the newer of the two.
    f.db->write([&](WriteTx& c) {
        invoice_store::add_payment(c, f.unpaid, 1000, "cash", f.now, std::nullopt);
        invoice_store::issue(c, f.draft, f.now);
    });
    s = summary();
    CHECK(s.count == 2);
    CHECK(s.due_minor == 3200 + 9600);
    CHECK(s.oldest->id == f.unpaid);
    // Paid in full, it leaves; a credit note settles the other.
    // A payment corrected and one removed (by hand, in the file) move the total as much.
    std::int64_t wrong = 0;
    f.db->write([&](WriteTx& c) { wrong = invoice_store::add_payment(c, f.unpaid, 500, "cash", f.now, std::nullopt); });
    CHECK(summary().due_minor == 2700 + 9600);
    f.db->write([&](WriteTx& c) { c.connection().exec("UPDATE payments SET amount_minor = 700 WHERE id = " + std::to_string(wrong)); });
    CHECK(summary().due_minor == 2500 + 9600);
    f.db->write([&](WriteTx& c) { c.connection().exec("DELETE FROM payments WHERE id = " + std::to_string(wrong)); });
    CHECK(summary().due_minor == 3200 + 9600);
    std::int64_t note = 0;
    f.db->write([&](WriteTx& c) {
        invoice_store::add_payment(c, f.unpaid, 3200, "cash", f.now, std::nullopt);
        note = invoice_store::create_credit_note(c, f.draft, "Mistake").value();
    });
    CHECK(summary().count == 1);  // the credit note is a draft until issued
    f.db->write([&](WriteTx& c) { invoice_store::issue(c, note, f.now); });
    s = summary();
    CHECK(s.count == 0);
    CHECK(s.due_minor == 0);
    CHECK(f.ids(invoice_store::ListFilter::unpaid).empty());
}
