// The lists a five-year salon pages through are read through indexes: every statement that the hot list
// functions run is planned by SQLite (EXPLAIN QUERY PLAN) and none may walk a big table row by row.
#include "fixture.h"
#include "storage/animal_type_store.h"
#include "storage/bulk_history.h"
#include "storage/change_request_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/outbox_store.h"
#include "storage/portal_store.h"
#include "storage/request_store.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <regex>
#include <set>
#include <vector>

using namespace salonbox::storage;
using namespace std::chrono_literals;

namespace {
// Every top-level statement a connection runs, as written (not the statements of triggers).
int record_statement(unsigned, void* context, void*, void* text) {
    std::string_view sql(static_cast<const char*>(text));
    if (!sql.starts_with("--") && sql != "BEGIN" && sql != "COMMIT" && sql != "ROLLBACK")
        static_cast<std::set<std::string>*>(context)->insert(std::string(sql));
    return 0;
}

// "SCAN <table>" with no index: the plan reads every row of the table (a virtual table's scan is its own index).
bool full_scan(const std::string& detail) { return std::regex_match(detail, std::regex("SCAN [A-Za-z_]+( AS [A-Za-z_]+)?")); }

// A plain scan that reads rows in the order asked (no temporary b-tree sorts them) stops at the statement's
// LIMIT: newest-first by rowid is such a walk, not a full scan.
bool stops_at_limit(const std::string& sql, const std::vector<std::string>& plan) {
    if (sql.find(" LIMIT ") == std::string::npos) return false;
    for (const auto& detail : plan)
        if (detail.find("USE TEMP B-TREE") != std::string::npos) return false;
    return true;
}

struct PlanStep {
    int id, parent;
    std::string detail;
};

// A plan sorts rows it read from a big table when a temporary b-tree orders them and the loop that feeds the
// sort (the first loop beside it) walks a table or an index range rather than a handful of rows: one customer's
// rows (an equality on an id), rows picked by primary key, a full-text index's matches, or the rows of a
// subquery (a page already cut out, a search's matches; its own plan is checked on its own lines).
bool sorts_a_big_table(const std::vector<PlanStep>& plan) {
    static const std::regex sort("USE TEMP B-TREE FOR (RIGHT PART OF |LAST TERM OF )?ORDER BY");
    static const std::regex few_rows("VIRTUAL TABLE|[a-z_]id=\\?|^SCAN \\(subquery");
    std::set<std::string> subqueries;
    for (const auto& step : plan)
        for (const char* kind : {"MATERIALIZE ", "CO-ROUTINE "})
            if (step.detail.starts_with(kind)) subqueries.insert("SCAN " + step.detail.substr(std::string_view(kind).size()));
    for (const auto& step : plan) {
        if (!std::regex_match(step.detail, sort)) continue;
        for (const auto& feed : plan) {
            if (feed.parent != step.parent || !(feed.detail.starts_with("SCAN ") || feed.detail.starts_with("SEARCH "))) continue;
            if (!std::regex_search(feed.detail, few_rows) && !subqueries.contains(feed.detail)) return true;
            break;
        }
    }
    return false;
}

struct History : SalonFixture {
    std::int64_t customer = 0;
    History() {
        db->write([&](WriteTx& tx) {
            BulkHistory bulk(tx);
            auto at = clock.now() - 24h * 400;
            customer = bulk.add_customer({0, "Hélène", "Lefèvre", "helene@x.test", "+33 6 11 22 33 44", "", "fr", "", false}, at);
            auto animal = bulk.add_animal({0, customer, "Câline", animal_type_store::species_id(tx, "cat").value(), std::nullopt, "", ""}, at);
            for (int i = 0; i < 30; ++i) {
                Appointment a;
                a.customer_id = customer;
                a.animal_id = animal;
                a.starts_at = at + 24h * (10 * i);
                a.ends_at = a.starts_at + 1h;
                a.status = "completed";
                auto appointment = bulk.add_appointment(a, a.starts_at - 24h);
                auto issued = bulk.add_issued_invoice({customer, appointment, std::nullopt, {{"Bath", 1, 3500, 2000}}, 0, a.ends_at});
                if (i % 2) bulk.add_payment(issued.id, issued.total_minor, "card", a.ends_at, std::nullopt);
                bulk.add_sent_email("helene@x.test", "Hélène", "Confirmed", "See you", a.starts_at - 24h);
                AppointmentRequest r;
                r.customer_id = customer;
                r.animal_id = animal;
                r.starts_at = a.starts_at;
                r.ends_at = a.ends_at;
                r.status = i % 3 ? "approved" : "pending";
                bulk.add_request(r, a.starts_at - 48h, i % 3 ? std::optional(a.starts_at - 24h) : std::nullopt, std::nullopt);
            }
        });
    }
};

// Runs the hot list functions on `connection`, then plans every statement they ran: none may walk a big table
// row by row or sort the rows of one.
void check_hot_list_plans(History& f, SQLite::Database& connection) {
    std::set<std::string> statements;
    sqlite3_trace_v2(connection.getHandle(), SQLITE_TRACE_STMT, record_statement, &statements);
    const auto now = f.clock.now();
    Database::read_unpooled(connection, [&](ReadTx& tx) {
        for (int offset : {0, 50}) {
            customer_store::search(tx, "", false, offset, 25);
            animal_store::search(tx, "", "en", offset, 25);
            for (auto filter : {invoice_store::ListFilter::all, invoice_store::ListFilter::draft, invoice_store::ListFilter::issued,
                                invoice_store::ListFilter::unpaid})
                invoice_store::list(tx, filter, offset, 50);
            portal_store::past_appointments(tx, f.customer, now, "en", offset, 20);
            portal_store::invoices(tx, f.customer, offset, 25);
            outbox_store::list(tx, 51, offset);
        }
        customer_store::count_active(tx);
        customer_store::search(tx, "", true, 0, 25);
        customer_store::search(tx, "helene", false, 0, 25);
        customer_store::search(tx, "helene 6 11", true, 0, 25);
        customer_store::search(tx, "6 11 22", false, 0, 25);
        invoice_store::of_customer(tx, f.customer, false, 0, 30);
        animal_store::of_customer(tx, f.customer, "en");
        customer_store::requests(tx, f.customer, 50);
        customer_store::portal_account(tx, f.customer);
        invoice_store::unpaid_summary(tx);
        portal_store::amount_due(tx, f.customer);
        portal_store::upcoming_appointments(tx, f.customer, now, "en");
        request_store::pending(tx, 100);
        request_store::decided_since(tx, now - 24h * 30, 100);
        change_request_store::pending(tx, 100);
        return 0;
    });
    sqlite3_trace_v2(connection.getHandle(), 0, nullptr, nullptr);
    REQUIRE(statements.size() >= 15);
    for (const auto& sql : statements) {
        CAPTURE(sql);
        SQLite::Statement explain(connection, "EXPLAIN QUERY PLAN " + sql);
        std::vector<PlanStep> steps;
        std::vector<std::string> plan;
        while (explain.executeStep()) {
            steps.push_back({explain.getColumn(0).getInt(), explain.getColumn(1).getInt(), explain.getColumn(3).getString()});
            plan.push_back(steps.back().detail);
        }
        CHECK_FALSE(sorts_a_big_table(steps));
        if (stops_at_limit(sql, plan)) continue;
        // Subqueries made into a small table of their own first ("MATERIALIZE page"), and unpaid_invoices, which
        // holds only the few invoices with something due.
        std::set<std::string> pages{"SCAN unpaid_invoices"};
        for (const auto& detail : plan)
            for (const char* kind : {"MATERIALIZE ", "CO-ROUTINE "})
                if (detail.starts_with(kind)) pages.insert("SCAN " + detail.substr(std::string_view(kind).size()));
        for (const auto& detail : plan) {
            CAPTURE(detail);
            if (!pages.contains(detail)) CHECK_FALSE(full_scan(detail));
        }
    }
}
}  // namespace

TEST_CASE("the hot list queries read through indexes, never a whole big table") {
    History f;
    SQLite::Database connection(f.db->path(), SQLite::OPEN_READWRITE);
    SUBCASE("without planner statistics") { check_hot_list_plans(f, connection); }
    SUBCASE("with the statistics of a big salon") {
        // ANALYZE of this small history, every row count made 5,000 times larger (selectivities kept): the planner
        // sees a five-year salon, as PRAGMA optimize would record it there.
        connection.exec("ANALYZE");
        connection.exec("UPDATE sqlite_stat1 SET stat = (CAST(stat AS INTEGER) * 5000) || substr(stat, instr(stat || ' ', ' '))");
        connection.exec("ANALYZE sqlite_schema");
        check_hot_list_plans(f, connection);
    }
}

// Every statement `read` runs on `connection`, with its plan's steps.
std::vector<std::pair<std::string, std::vector<std::string>>> plans_of(SQLite::Database& connection, const std::function<void(ReadTx&)>& read) {
    std::set<std::string> statements;
    sqlite3_trace_v2(connection.getHandle(), SQLITE_TRACE_STMT, record_statement, &statements);
    Database::read_unpooled(connection, [&](ReadTx& tx) {
        read(tx);
        return 0;
    });
    sqlite3_trace_v2(connection.getHandle(), 0, nullptr, nullptr);
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& sql : statements) {
        SQLite::Statement explain(connection, "EXPLAIN QUERY PLAN " + sql);
        std::vector<std::string> plan;
        while (explain.executeStep()) plan.push_back(explain.getColumn(3).getString());
        out.emplace_back(sql, std::move(plan));
    }
    return out;
}

TEST_CASE("a customer's newest invoices and past visits are read in the order shown, never sorted, and stop at the page") {
    // A five-year customer has a few hundred of each: the customer page must not sort them all to show ten.
    History f;
    SQLite::Database connection(f.db->path(), SQLite::OPEN_READWRITE);
    const auto check = [&] {
        auto plans = plans_of(connection, [&](ReadTx& tx) {
            invoice_store::of_customer(tx, f.customer, false, 0, 10);
            invoice_store::of_customer(tx, f.customer, true, 10, 10);
            portal_store::past_appointments(tx, f.customer, f.clock.now(), "en", 0, 10);
        });
        REQUIRE(plans.size() >= 2);
        for (const auto& [sql, plan] : plans) {
            CAPTURE(sql);
            if (sql.find("json_each") != std::string::npos) continue;  // the lines of the page's drafts, by invoice id
            CHECK(sql.find(" LIMIT ") != std::string::npos);
            for (const auto& detail : plan) {
                CAPTURE(detail);
                CHECK(detail.find("TEMP B-TREE") == std::string::npos);
                CHECK_FALSE(full_scan(detail));
            }
        }
    };
    SUBCASE("without planner statistics") { check(); }
    SUBCASE("with the statistics of a big salon") {
        connection.exec("ANALYZE");
        connection.exec("UPDATE sqlite_stat1 SET stat = (CAST(stat AS INTEGER) * 5000) || substr(stat, instr(stat || ' ', ' '))");
        connection.exec("ANALYZE sqlite_schema");
        check();
    }
}

TEST_CASE("a customer's upcoming appointments are found without walking their past ones") {
    History f;
    // Some salons' scheduled visits, the customer's two among them.
    f.db->write([&](WriteTx& tx) {
        auto groomer = add_groomer(tx);
        auto other = add_customer(tx, "Other");
        auto animal = tx.connection().execAndGet("SELECT min(id) FROM animals WHERE customer_id = " + std::to_string(f.customer)).getInt64();
        auto others_pet = animal_store::insert(tx, {0, other, "Pip", animal_type_store::species_id(tx, "dog").value(), std::nullopt, "", ""});
        for (int i = 1; i <= 6; ++i) {
            Appointment a;
            a.customer_id = i <= 2 ? f.customer : other;
            a.animal_id = i <= 2 ? animal : others_pet;
            a.staff_user_id = groomer;
            a.starts_at = f.clock.now() + 24h * i;
            a.ends_at = a.starts_at + 1h;
            appointment_store::insert(tx, a).value();
        }
    });
    SQLite::Database connection(f.db->path(), SQLite::OPEN_READWRITE);
    const auto check = [&] {
        auto plans = plans_of(connection, [&](ReadTx& tx) { portal_store::upcoming_appointments(tx, f.customer, f.clock.now(), "en"); });
        REQUIRE(plans.size() == 1);
        const auto& plan = plans.front().second;
        CAPTURE(plans.front().first);
        CHECK(std::any_of(plan.begin(), plan.end(),
                          [](const std::string& d) { return d.find("appointments_scheduled_by_customer") != std::string::npos; }));
    };
    SUBCASE("without planner statistics") { check(); }
    SUBCASE("with the statistics of a big salon") {
        connection.exec("ANALYZE");
        connection.exec("UPDATE sqlite_stat1 SET stat = (CAST(stat AS INTEGER) * 5000) || substr(stat, instr(stat || ' ', ' '))");
        connection.exec("ANALYZE sqlite_schema");
        check();
    }
    SUBCASE("with statistics for every index but this one, as in a big salon just upgraded") {
        connection.exec("ANALYZE");
        connection.exec("UPDATE sqlite_stat1 SET stat = (CAST(stat AS INTEGER) * 5000) || substr(stat, instr(stat || ' ', ' '))");
        connection.exec("DELETE FROM sqlite_stat1 WHERE idx = 'appointments_scheduled_by_customer'");
        connection.exec("ANALYZE sqlite_schema");
        check();
    }
}

TEST_CASE("the plan check recognises a full table scan") {
    CHECK(full_scan("SCAN i"));
    CHECK(full_scan("SCAN customers"));
    CHECK_FALSE(full_scan("SCAN i USING INDEX invoices_by_date"));
    CHECK_FALSE(full_scan("SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"));
    CHECK_FALSE(full_scan("SCAN customer_search VIRTUAL TABLE INDEX 0:M1"));
    CHECK(stops_at_limit("SELECT id FROM outbox ORDER BY id DESC LIMIT ?", {"SCAN outbox"}));
    CHECK_FALSE(stops_at_limit("SELECT count(*) FROM customers", {"SCAN customers"}));
    CHECK_FALSE(stops_at_limit("SELECT id FROM customers ORDER BY phone LIMIT 5", {"SCAN customers", "USE TEMP B-TREE FOR ORDER BY"}));
}

TEST_CASE("the plan check recognises a sort of a big table's rows") {
    CHECK(sorts_a_big_table({{2, 0, "SCAN a USING INDEX animals_by_customer"}, {5, 0, "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"},
                             {9, 0, "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"}}));
    CHECK(sorts_a_big_table({{3, 0, "SEARCH c USING COVERING INDEX customers_by_sort_name (archived_at=?)"}, {8, 0, "USE TEMP B-TREE FOR ORDER BY"}}));
    CHECK_FALSE(sorts_a_big_table({{2, 0, "SCAN a USING INDEX animals_in_list_order"}}));
    CHECK_FALSE(sorts_a_big_table({{3, 0, "SEARCH i USING INDEX invoices_by_customer (customer_id=?)"}, {7, 0, "USE TEMP B-TREE FOR ORDER BY"}}));
    CHECK_FALSE(sorts_a_big_table({{2, 0, "SCAN s VIRTUAL TABLE INDEX 0:M4"}, {4, 0, "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"},
                                   {8, 0, "USE TEMP B-TREE FOR ORDER BY"}}));
    CHECK_FALSE(sorts_a_big_table({{2, 0, "MATERIALIZE m"}, {9, 2, "SCAN customer_search VIRTUAL TABLE INDEX 0:M4"}, {20, 0, "SCAN m"},
                                   {22, 0, "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)"}, {30, 0, "USE TEMP B-TREE FOR ORDER BY"}}));
}

TEST_CASE("the salon's pending and recently decided change requests are read from change_requests, not from every appointment") {
    // A five-year salon has 200,000 appointments and maybe a few change requests: probing every appointment
    // against change_requests_by_appointment (what the planner chose without statistics) took 600 ms a page.
    History f;
    SQLite::Database connection(f.db->path(), SQLite::OPEN_READWRITE);
    const auto check = [&] {
        auto plans = plans_of(connection, [&](ReadTx& tx) {
            change_request_store::pending(tx, 100);
            change_request_store::decided_since(tx, f.clock.now() - 24h * 30, 100);
        });
        REQUIRE(plans.size() == 2);
        for (const auto& [sql, plan] : plans) {
            CAPTURE(sql);
            REQUIRE_FALSE(plan.empty());
            CHECK((plan.front().starts_with("SCAN r") || plan.front().starts_with("SEARCH r")));
        }
    };
    SUBCASE("without planner statistics") { check(); }
    SUBCASE("with statistics for every index but change_requests_by_appointment, as in a big salon just upgraded") {
        connection.exec("ANALYZE");
        connection.exec("UPDATE sqlite_stat1 SET stat = (CAST(stat AS INTEGER) * 5000) || substr(stat, instr(stat || ' ', ' '))");
        connection.exec("DELETE FROM sqlite_stat1 WHERE idx = 'change_requests_by_appointment'");
        connection.exec("ANALYZE sqlite_schema");
        check();
    }
}
