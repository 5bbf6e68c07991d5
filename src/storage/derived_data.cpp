#include "storage/derived_data.h"

#include "domain/money_input.h"
#include "domain/salon_settings.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <functional>
#include <map>
#include <utility>

namespace salonbox::storage {

namespace {

// What the customer and animal rows of list_counts should hold, from the rows themselves: an animal's owner is
// looked up, not read from the animal's copy, which may be wrong too. An owner missing from a damaged file counts
// as not archived, as the triggers have it.
constexpr const char* k_expected_people_counts =
    "SELECT 'customers', count(*) FROM customers "
    "UNION ALL SELECT 'active_customers', count(*) FROM customers WHERE archived_at IS NULL "
    "UNION ALL SELECT 'listed_animals', count(*) FROM animals a LEFT JOIN customers c ON c.id = a.customer_id "
    "  WHERE a.archived_at IS NULL AND c.archived_at IS NULL";
// The unpaid rows of list_counts from what is due on every invoice: one pass over them all, the costly part of a
// check on a salon of many years.
constexpr const char* k_expected_unpaid_totals = "SELECT count(*), coalesce(sum(due_minor), 0) FROM invoice_dues WHERE due_minor > 0";

// An animal's owner copies as the animals_owner_* triggers write them.
constexpr const char* k_owner_sort_name = "coalesce((SELECT c.last_name || ' ' || c.first_name FROM customers c WHERE c.id = animals.customer_id), '')";
constexpr const char* k_owner_archived_at = "(SELECT c.archived_at FROM customers c WHERE c.id = animals.customer_id)";
constexpr const char* k_animals_out_of_step =
    "SELECT a.id, a.name, a.owner_sort_name, coalesce(c.last_name || ' ' || c.first_name, ''), a.owner_archived_at IS NULL, "
    "  c.archived_at IS NULL FROM animals a LEFT JOIN customers c ON c.id = a.customer_id "
    "WHERE a.owner_sort_name IS NOT coalesce(c.last_name || ' ' || c.first_name, '') OR a.owner_archived_at IS NOT c.archived_at "
    "ORDER BY a.id";

// The phone digits customer_phone_search indexes, as the customers_search_* triggers compute them.
constexpr const char* k_phone_digits =
    "replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '/', ''), '+', '')";

// The examples shown per kind of difference; the rest are counted.
constexpr int k_examples = 3;

// Runs `sql` and gives each row to `describe`: the first k_examples lines, then one line counting the others.
void collect(SQLite::Database& db, const std::string& sql, const std::function<std::string(SQLite::Statement&)>& describe,
             std::vector<std::string>& out, const char* more) {
    SQLite::Statement st(db, sql);
    int found = 0;
    while (st.executeStep()) {
        if (found++ < k_examples) out.push_back(describe(st));
    }
    if (found > k_examples) out.push_back("... and " + std::to_string(found - k_examples) + " more " + more);
}

class Money {
public:
    // A file without its salon row (refused by restore, damaged for check) still gets its differences named.
    explicit Money(SQLite::Database& db)
        : currency_(db.execAndGet("SELECT coalesce((SELECT currency FROM salon WHERE id = 1), '')").getString()) {}
    std::string operator()(std::int64_t minor) const {
        return domain::decimal_text(minor, domain::currency_minor_digits(currency_)) + " " + currency_;
    }

private:
    std::string currency_;
};

void list_count_differences(SQLite::Database& db, const Money& money, std::vector<std::string>& out) {
    std::map<std::string, std::int64_t> kept;
    SQLite::Statement read(db, "SELECT list, total FROM list_counts");
    while (read.executeStep()) kept[read.getColumn(0).getString()] = read.getColumn(1).getInt64();

    struct Wording {
        const char* total;
        const char* source;  // the rows' count or sum goes after it
        const char* after = "";
    };
    static const std::map<std::string, Wording> wording = {
        {"customers", {"the total of customers", "the customers table has"}},
        {"active_customers", {"the total of active customers", "the customers table has", " not archived"}},
        {"listed_animals", {"the total of the animal list", "the animals table has", " not archived and of an owner not archived"}},
        {"unpaid_invoices", {"the number of unpaid invoices", "the invoices table has", " with something due"}},
        {"unpaid_due_minor", {"the sum still due on invoices", "the invoices and their payments give"}},
    };
    std::vector<std::pair<std::string, std::int64_t>> expected;
    SQLite::Statement people(db, k_expected_people_counts);
    while (people.executeStep()) expected.emplace_back(people.getColumn(0).getString(), people.getColumn(1).getInt64());
    SQLite::Statement unpaid(db, k_expected_unpaid_totals);
    unpaid.executeStep();
    expected.emplace_back("unpaid_invoices", unpaid.getColumn(0).getInt64());
    expected.emplace_back("unpaid_due_minor", unpaid.getColumn(1).getInt64());
    for (const auto& [list, should] : expected) {
        const auto& words = wording.at(list);
        const auto show = [&](std::int64_t n) { return list == "unpaid_due_minor" ? money(n) : std::to_string(n); };
        auto it = kept.find(list);
        if (it == kept.end())
            out.push_back(std::string(words.total) + " is missing, " + words.source + " " + show(should) + words.after);
        else if (it->second != should)
            out.push_back(std::string(words.total) + " says " + show(it->second) + ", " + words.source + " " + show(should) + words.after);
        if (it != kept.end()) kept.erase(it);
    }
    for (const auto& [list, total] : kept) out.push_back("the list totals hold an unknown total '" + list + "'");
}

void unpaid_invoice_differences(SQLite::Database& db, const Money& money, std::vector<std::string>& out) {
    collect(
        db,
        "SELECT i.number, d.due_minor, u.due_minor FROM invoice_dues d JOIN invoices i ON i.id = d.invoice_id "
        "LEFT JOIN unpaid_invoices u ON u.invoice_id = d.invoice_id "
        "WHERE d.due_minor > 0 AND (u.invoice_id IS NULL OR u.due_minor IS NOT d.due_minor OR u.issued_at IS NOT d.issued_at) "
        "ORDER BY d.invoice_id",
        [&](SQLite::Statement& st) {
            const auto number = st.getColumn(0).getString();
            const auto due = money(st.getColumn(1).getInt64());
            if (st.getColumn(2).isNull()) return "invoice " + number + " is missing from the unpaid invoices, " + due + " is due on it";
            return "the unpaid invoices say " + money(st.getColumn(2).getInt64()) + " is due on invoice " + number + ", its payments leave " + due;
        },
        out, "invoices missing from the unpaid invoices or kept with a wrong amount due");
    collect(
        db,
        "SELECT coalesce(i.number, '#' || u.invoice_id), u.due_minor FROM unpaid_invoices u LEFT JOIN invoices i ON i.id = u.invoice_id "
        "WHERE NOT EXISTS (SELECT 1 FROM invoice_dues d WHERE d.invoice_id = u.invoice_id AND d.due_minor > 0) ORDER BY u.invoice_id",
        [&](SQLite::Statement& st) {
            return "the unpaid invoices say " + money(st.getColumn(1).getInt64()) + " is due on invoice " + st.getColumn(0).getString() +
                   ", nothing is due on it";
        },
        out, "invoices kept as unpaid with nothing due");
    // unpaid_invoice_customers: one row per unpaid invoice, naming its customer (the customer's amount due).
    collect(
        db,
        "SELECT coalesce(i.number, '#' || coalesce(u.invoice_id, c.invoice_id)), c.customer_id, i.customer_id "
        "FROM unpaid_invoices u LEFT JOIN unpaid_invoice_customers c ON c.invoice_id = u.invoice_id LEFT JOIN invoices i ON i.id = u.invoice_id "
        "WHERE c.customer_id IS NOT i.customer_id "
        "UNION ALL SELECT coalesce(i.number, '#' || c.invoice_id), c.customer_id, NULL FROM unpaid_invoice_customers c "
        "LEFT JOIN invoices i ON i.id = c.invoice_id WHERE c.invoice_id NOT IN (SELECT invoice_id FROM unpaid_invoices)",
        [&](SQLite::Statement& st) {
            const auto number = st.getColumn(0).getString();
            if (st.getColumn(1).isNull()) return "the amounts due by customer lack unpaid invoice " + number;
            if (st.getColumn(2).isNull()) return "the amounts due by customer count invoice " + number + ", which is not unpaid";
            return "the amounts due by customer count invoice " + number + " for customer #" + st.getColumn(1).getString() +
                   ", it is customer #" + st.getColumn(2).getString() + "'s";
        },
        out, "unpaid invoices kept under the wrong customer or missing from the amounts due by customer");
}

void animal_owner_differences(SQLite::Database& db, std::vector<std::string>& out) {
    collect(
        db, k_animals_out_of_step,
        [](SQLite::Statement& st) {
            const auto animal = "the animal " + st.getColumn(1).getString() + " (#" + st.getColumn(0).getString() + ")";
            const auto kept_name = st.getColumn(2).getString(), owner_name = st.getColumn(3).getString();
            if (kept_name != owner_name)
                return animal + " is listed under the owner '" + kept_name + "', its owner is '" + owner_name + "'";
            const bool kept_active = st.getColumn(4).getInt(), owner_active = st.getColumn(5).getInt();
            if (kept_active != owner_active)
                return animal + " is listed as of an owner " + (kept_active ? "not archived" : "archived") + ", its owner is " +
                       (owner_active ? "not archived" : "archived");
            return animal + " is listed with another archive date than its owner's";
        },
        out, "animals listed with a wrong owner name or archive date");
}

// `index` is an FTS5 table keyed by customer id: its _docsize table has a row for each customer it holds.
void search_differences(SQLite::Database& db, const std::string& index, const std::string& what, std::vector<std::string>& out) {
    const auto docs = index + "_docsize";
    collect(
        db, "SELECT c.id, c.first_name || ' ' || c.last_name FROM customers c WHERE NOT EXISTS (SELECT 1 FROM " + docs + " d WHERE d.id = c.id) ORDER BY c.id",
        [&](SQLite::Statement& st) {
            return what + " does not find the customer " + st.getColumn(1).getString() + " (#" + st.getColumn(0).getString() + ")";
        },
        out, "customers it does not find");
    collect(
        db, "SELECT d.id FROM " + docs + " d WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = d.id) ORDER BY d.id",
        [&](SQLite::Statement& st) { return what + " still holds customer #" + st.getColumn(0).getString() + ", who is not in the customers table"; },
        out, "customers it holds that are gone");
}

}  // namespace

std::vector<std::string> derived_data_differences(SQLite::Database& db) {
    std::vector<std::string> out;
    // One snapshot, so that a server writing meanwhile cannot make a total and the rows it counts disagree.
    db.exec("SAVEPOINT derived_data_differences");
    try {
        const Money money(db);
        list_count_differences(db, money, out);
        unpaid_invoice_differences(db, money, out);
        animal_owner_differences(db, out);
        search_differences(db, "customer_search", "the customer search", out);
        search_differences(db, "customer_phone_search", "the search by phone number", out);
    } catch (...) {
        db.exec("RELEASE derived_data_differences");
        throw;
    }
    db.exec("RELEASE derived_data_differences");
    return out;
}

void rebuild_derived_data(SQLite::Database& db) {
    db.exec("SAVEPOINT rebuild_derived_data");
    try {
        // Only the animals out of step are written: a sound salon's rows stay untouched.
        db.exec(std::string("UPDATE animals SET owner_sort_name = ") + k_owner_sort_name + ", owner_archived_at = " + k_owner_archived_at +
                " WHERE id IN (SELECT id FROM (" + k_animals_out_of_step + "))");
        db.exec("DELETE FROM unpaid_invoices");
        db.exec("DELETE FROM unpaid_invoice_customers");  // the refill below puts each unpaid invoice's customer back
        db.exec("INSERT INTO unpaid_invoices (invoice_id, issued_at, due_minor) SELECT invoice_id, issued_at, due_minor FROM invoice_dues WHERE due_minor > 0");
        // Last: the triggers of the statements above have moved the totals, which are now set from the rows (the
        // unpaid ones from unpaid_invoices, just refilled from every invoice).
        db.exec("DELETE FROM list_counts");
        db.exec(std::string("INSERT INTO list_counts (list, total) ") + k_expected_people_counts);
        db.exec("INSERT INTO list_counts (list, total) SELECT 'unpaid_invoices', count(*) FROM unpaid_invoices "
                "UNION ALL SELECT 'unpaid_due_minor', coalesce(sum(due_minor), 0) FROM unpaid_invoices");
        db.exec("INSERT INTO customer_search (customer_search) VALUES ('rebuild')");
        db.exec("INSERT INTO customer_phone_search (customer_phone_search) VALUES ('delete-all')");
        db.exec(std::string("INSERT INTO customer_phone_search (rowid, digits) SELECT id, ") + k_phone_digits + " FROM customers");
        db.exec("RELEASE rebuild_derived_data");
    } catch (...) {
        db.exec("ROLLBACK TO rebuild_derived_data");
        db.exec("RELEASE rebuild_derived_data");
        throw;
    }
}

}  // namespace salonbox::storage
