#include "storage/customer_store.h"

#include "storage/statement.h"

#include <algorithm>

namespace salonbox::storage {

namespace {
// `text` as a LIKE pattern matching it anywhere, with % _ and \ taken literally (ESCAPE '\').
std::string contains_pattern(std::string_view text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

// The digits of a query that looks like a phone number (only digits and separators, at least 4 digits), else "".
std::string phone_digits(std::string_view query) {
    std::string digits;
    for (char c : query) {
        if (c >= '0' && c <= '9') digits += c;
        else if (c != ' ' && c != '+' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') return {};
    }
    return digits.size() >= 4 ? digits : std::string{};
}

// Parameters 1..7 of both the INSERT and the UPDATE: the fields staff type.
void bind_customer_fields(Statement& st, const Customer& c) {
    st.bind(1, c.first_name);
    st.bind(2, c.last_name);
    st.bind(3, c.email);
    st.bind(4, c.phone);
    st.bind(5, c.address);
    st.bind(6, c.locale);
    st.bind(7, c.notes);
}

void bind_optional_text(Statement& st, int index, const std::string& value) {
    if (value.empty()) st.bind(index); else st.bind(index, value);
}
}  // namespace

std::int64_t customer_store::insert(WriteTx& tx, const Customer& c, std::optional<domain::Instant> created_at) {
    auto st = tx.prepare("INSERT INTO customers (first_name, last_name, email, phone, address, locale, notes, created_at) "
                             "VALUES (?, ?, nullif(?, ''), ?, ?, ?, ?, ?)");
    bind_customer_fields(st, c);
    st.bind(8, domain::to_unix(created_at.value_or(tx.now())));
    st.exec();
    return tx.last_insert_id();
}

std::optional<Customer> customer_store::find(ReadTx& tx, std::int64_t id) {
    auto st = tx.prepare("SELECT id, first_name, last_name, coalesce(email, ''), phone, address, locale, notes, "
                             "archived_at IS NOT NULL FROM customers WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    Customer c;
    c.id = st.getColumn(0).getInt64();
    c.first_name = st.getColumn(1).getString();
    c.last_name = st.getColumn(2).getString();
    c.email = st.getColumn(3).getString();
    c.phone = st.getColumn(4).getString();
    c.address = st.getColumn(5).getString();
    c.locale = st.getColumn(6).getString();
    c.notes = st.getColumn(7).getString();
    c.archived = st.getColumn(8).getInt() != 0;
    return c;
}

int customer_store::count_active(ReadTx& tx) {
    return static_cast<int>(kept_total(tx, "active_customers"));
}

bool customer_store::update(WriteTx& tx, const Customer& c) {
    auto st = tx.prepare("UPDATE customers SET first_name = ?, last_name = ?, email = nullif(?, ''), phone = ?, address = ?, "
                             "locale = ?, notes = ? WHERE id = ?");
    bind_customer_fields(st, c);
    st.bind(8, c.id);
    return st.exec() == 1;
}

bool customer_store::archive(WriteTx& tx, std::int64_t id, domain::Instant now) {
    auto st = tx.prepare("UPDATE customers SET archived_at = ? WHERE id = ? AND archived_at IS NULL");
    st.bind(1, domain::to_unix(now));
    st.bind(2, id);
    if (st.exec() != 1) return false;
    auto off = tx.prepare("UPDATE users SET active = 0 WHERE customer_id = ?");
    off.bind(1, id);
    off.exec();
    return true;
}

std::optional<std::int64_t> customer_store::find_by_email(ReadTx& tx, std::string_view email, std::int64_t except_id) {
    // customers.email is COLLATE NOCASE: "=" compares ASCII letters case-insensitively.
    auto st = tx.prepare("SELECT id FROM customers WHERE email = ? AND id <> ? ORDER BY archived_at IS NOT NULL, id LIMIT 1");
    st.bind(1, std::string(email));
    st.bind(2, except_id);
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getInt64();
}

namespace {
customer_store::ListRow read_customer_row(Statement& st) {
    return {st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getString(),
            st.getColumn(4).getString(), st.getColumn(5).getInt() != 0, st.getColumn(6).getInt()};
}

// Up to this many search matches are read from the search index and sorted; beyond, the name index is walked.
constexpr int k_sorted_matches_max = 2000;

struct NamedMatch {
    std::int64_t id;
    std::string last_name, first_name;
};

// SQLite's NOCASE collation, for sorting matches as ORDER BY ... COLLATE NOCASE would: bytes compared with ASCII
// letters folded to lower case, then the shorter first.
int nocase_compare(std::string_view a, std::string_view b) {
    const auto fold = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : static_cast<int>(u);
    };
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        if (int d = fold(a[i]) - fold(b[i])) return d;
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

constexpr const char* k_name_order = "ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id ";

constexpr const char* k_customer_columns =
    "SELECT c.id, c.first_name, c.last_name, coalesce(c.email, ''), c.phone, c.archived_at IS NOT NULL, "
    "(SELECT count(*) FROM animals a WHERE a.customer_id = c.id AND a.archived_at IS NULL) ";

// The query as an FTS5 expression on customer_search: each run of letters and digits (any non-ASCII byte counts
// as a letter) must begin a word of the customer's names, email or phone, in any order; the index folds case
// and accents on both sides. Quoting every run keeps FTS5's own syntax out of what staff type. "" when the
// query has no letter or digit at all.
std::string word_prefixes(std::string_view query) {
    std::string out, run;
    auto flush = [&] {
        if (run.empty()) return;
        out += (out.empty() ? "\"" : " \"") + run + "\"*";
        run.clear();
    };
    for (char c : query) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) run += c;
        else flush();
    }
    flush();
    return out;
}
}  // namespace

customer_store::ListPage customer_store::search(ReadTx& tx, std::string_view query, bool include_archived, int offset, int limit) {
    ListPage page{{}, 0};
    std::string words = word_prefixes(query);
    std::string digits = phone_digits(query);
    const std::string archived = include_archived ? "" : "AND c.archived_at IS NULL ";
    const std::string order = std::string(k_name_order) + "LIMIT ?3 OFFSET ?4";
    if (query.empty()) {
        page.total = static_cast<int>(kept_total(tx, include_archived ? "customers" : "active_customers"));
        auto st = tx.prepare(std::string(k_customer_columns) + "FROM customers c WHERE 1 " + archived + order);
        st.bind(3, limit);
        st.bind(4, offset);
        while (st.executeStep()) page.rows.push_back(read_customer_row(st));
        return page;
    }
    if (words.empty() && digits.empty()) return page;  // only punctuation: nothing can match
    // The ids either index finds (?1 and ?2 are the two match expressions), joined to the customers from there:
    // a name search reads its matches, not every customer of the salon.
    std::vector<std::string> found_by;
    if (!words.empty()) found_by.push_back("SELECT rowid AS id FROM customer_search WHERE customer_search MATCH ?1");
    if (!digits.empty()) found_by.push_back("SELECT rowid AS id FROM customer_phone_search WHERE customer_phone_search MATCH ?2");
    const std::string matches = "(" + found_by.front() + (found_by.size() > 1 ? " UNION " + found_by.back() : std::string{}) + ") m ";
    auto bind = [&](Statement& st) {
        if (!words.empty()) st.bind(1, words);
        if (!digits.empty()) st.bind(2, "\"" + digits + "\"");  // a run of digits anywhere in the phone's digits
    };
    // The matches with the names they are sorted by, read once: their number is the total, and the page is cut out
    // of them here, where a count and a sorted query would each look up every match in customers. Past
    // k_sorted_matches_max (a query of one or two letters) the rest are only counted, and the page is found walking
    // the customers in name order, where matches are dense enough to fill it soon.
    std::vector<NamedMatch> found;
    int matched = 0;
    {
        auto st = tx.prepare("SELECT c.id, c.last_name, c.first_name FROM " + matches + "CROSS JOIN customers c ON c.id = m.id WHERE 1 " + archived);
        bind(st);
        while (st.executeStep())
            if (++matched <= k_sorted_matches_max) found.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString()});
    }
    if (matched > k_sorted_matches_max) {
        page.total = matched;
        auto st = tx.prepare(std::string(k_customer_columns) + "FROM customers c WHERE c.id IN (SELECT id FROM " + matches + ") " + archived + order);
        bind(st);
        st.bind(3, limit);
        st.bind(4, offset);
        while (st.executeStep()) page.rows.push_back(read_customer_row(st));
        return page;
    }
    page.total = static_cast<int>(found.size());
    if (offset < 0 || limit <= 0 || static_cast<std::size_t>(offset) >= found.size()) return page;
    const auto end = found.begin() + std::min(found.size(), static_cast<std::size_t>(offset) + static_cast<std::size_t>(limit));
    std::partial_sort(found.begin(), end, found.end(), [](const NamedMatch& a, const NamedMatch& b) {
        if (int r = nocase_compare(a.last_name, b.last_name)) return r < 0;
        if (int r = nocase_compare(a.first_name, b.first_name)) return r < 0;
        return a.id < b.id;
    });
    std::string ids = "[";
    for (auto it = found.begin() + offset; it != end; ++it) ids += (ids.size() > 1 ? "," : "") + std::to_string(it->id);
    auto st = tx.prepare(std::string(k_customer_columns) + "FROM customers c WHERE c.id IN (SELECT value FROM json_each(?1)) " + k_name_order);
    st.bind(1, ids + "]");
    while (st.executeStep()) page.rows.push_back(read_customer_row(st));
    return page;
}

std::optional<customer_store::PortalAccount> customer_store::portal_account(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare("SELECT u.id, u.email, u.active, u.password_hash IS NOT NULL AND u.password_hash <> '', "
                             "(SELECT max(t.created_at) FROM password_tokens t WHERE t.user_id = u.id AND t.purpose = 'invitation') "
                             "FROM users u WHERE u.customer_id = ?");
    st.bind(1, customer_id);
    if (!st.executeStep()) return std::nullopt;
    PortalAccount a;
    a.user_id = st.getColumn(0).getInt64();
    a.email = st.getColumn(1).getString();
    a.active = st.getColumn(2).getInt() != 0;
    a.has_password = st.getColumn(3).getInt() != 0;
    if (!st.getColumn(4).isNull()) a.last_invited_at = domain::from_unix(st.getColumn(4).getInt64());
    return a;
}

void customer_store::set_portal_active(WriteTx& tx, std::int64_t user_id, bool active) {
    auto st = tx.prepare("UPDATE users SET active = ? WHERE id = ? AND role = 'customer'");
    st.bind(1, active ? 1 : 0);
    st.bind(2, user_id);
    st.exec();
}

StoreResult<> customer_store::sync_portal_account(WriteTx& tx, const Customer& c) {
    auto st = tx.prepare("UPDATE users SET display_name = ?, locale = ?, email = coalesce(nullif(?, ''), email) WHERE customer_id = ?");
    st.bind(1, c.first_name + " " + c.last_name);
    st.bind(2, c.locale);
    st.bind(3, c.email);
    st.bind(4, c.id);
    try {
        st.exec();
    } catch (const SQLite::Exception& e) {
        if (is_unique_violation(e)) return StoreError::duplicate_email;
        throw;
    }
    return std::monostate{};
}

std::vector<std::int64_t> customer_store::invoice_ids(ReadTx& tx, std::int64_t customer_id) {
    auto st = tx.prepare("SELECT id FROM invoices WHERE customer_id = ? ORDER BY coalesce(issued_at, created_at) DESC, id DESC");
    st.bind(1, customer_id);
    std::vector<std::int64_t> out;
    while (st.executeStep()) out.push_back(st.getColumn(0).getInt64());
    return out;
}

std::vector<customer_store::RequestRow> customer_store::requests(ReadTx& tx, std::int64_t customer_id, int limit) {
    auto st = tx.prepare("SELECT r.id, a.name, r.starts_at, r.ends_at, r.created_at, r.status, r.comments "
                             "FROM appointment_requests r JOIN animals a ON a.id = r.animal_id "
                             "WHERE r.customer_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ?");
    st.bind(1, customer_id);
    st.bind(2, limit);
    std::vector<RequestRow> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), domain::from_unix(st.getColumn(2).getInt64()),
                       domain::from_unix(st.getColumn(3).getInt64()), domain::from_unix(st.getColumn(4).getInt64()), st.getColumn(5).getString(),
                       st.getColumn(6).getString()});
    return out;
}

std::int64_t animal_store::insert(WriteTx& tx, const Animal& a, std::optional<domain::Instant> created_at) {
    auto st = tx.prepare("INSERT INTO animals (customer_id, name, species_id, breed_id, breed_detail, birth_date, notes, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, a.customer_id);
    st.bind(2, a.name);
    st.bind(3, a.species_id);
    if (a.breed_id) st.bind(4, *a.breed_id); else st.bind(4);
    st.bind(5, a.breed_detail);
    bind_optional_text(st, 6, a.birth_date);
    st.bind(7, a.notes);
    st.bind(8, domain::to_unix(created_at.value_or(tx.now())));
    st.exec();
    return tx.last_insert_id();
}

std::optional<Animal> animal_store::find(ReadTx& tx, std::int64_t id) {
    auto st = tx.prepare("SELECT id, customer_id, name, species_id, breed_id, breed_detail, notes, coalesce(birth_date, '') "
                             "FROM animals WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    Animal a;
    a.id = st.getColumn(0).getInt64();
    a.customer_id = st.getColumn(1).getInt64();
    a.name = st.getColumn(2).getString();
    a.species_id = st.getColumn(3).getInt64();
    if (!st.getColumn(4).isNull()) a.breed_id = st.getColumn(4).getInt64();
    a.breed_detail = st.getColumn(5).getString();
    a.notes = st.getColumn(6).getString();
    a.birth_date = st.getColumn(7).getString();
    return a;
}

bool animal_store::update(WriteTx& tx, const Animal& a) {
    auto st = tx.prepare("UPDATE animals SET customer_id = ?, name = ?, species_id = ?, breed_id = ?, breed_detail = ?, birth_date = ?, "
                             "notes = ? WHERE id = ?");
    st.bind(1, a.customer_id);
    st.bind(2, a.name);
    st.bind(3, a.species_id);
    if (a.breed_id) st.bind(4, *a.breed_id); else st.bind(4);
    st.bind(5, a.breed_detail);
    bind_optional_text(st, 6, a.birth_date);
    st.bind(7, a.notes);
    st.bind(8, a.id);
    return st.exec() == 1;
}

namespace {
// ?1 is the locale in every animal query.
constexpr const char* k_animal_columns =
    "SELECT a.id, a.name, coalesce(sl.name, se.name, ''), coalesce(bl.name, be.name, ''), a.breed_detail, coalesce(a.birth_date, ''), "
    "c.id, c.first_name || ' ' || c.last_name "
    // CROSS JOIN keeps animals the outer loop: the list walks animals_by_sort_name in order and stops at its
    // LIMIT, where starting from the customers would sort every animal of the salon.
    "FROM animals a CROSS JOIN customers c ON c.id = a.customer_id "
    "LEFT JOIN species_names sl ON sl.species_id = a.species_id AND sl.locale = ?1 "
    "LEFT JOIN species_names se ON se.species_id = a.species_id AND se.locale = 'en' "
    "LEFT JOIN breed_names bl ON bl.breed_id = a.breed_id AND bl.locale = ?1 "
    "LEFT JOIN breed_names be ON be.breed_id = a.breed_id AND be.locale = 'en' ";

animal_store::ListRow read_animal_row(Statement& st) {
    return {st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(), st.getColumn(3).getString(),
            st.getColumn(4).getString(), st.getColumn(5).getString(), st.getColumn(6).getInt64(), st.getColumn(7).getString()};
}

// Listed animals: not archived, of an owner who is not archived (animals_in_list_order holds exactly these).
constexpr const char* k_listed_animals = "WHERE a.archived_at IS NULL AND a.owner_archived_at IS NULL ";
// ?2: the animal's or its owner's name contains it (joined to customers c).
constexpr const char* k_animal_match =
    "AND (a.name LIKE ?2 ESCAPE '\\' OR c.first_name LIKE ?2 ESCAPE '\\' OR c.last_name LIKE ?2 ESCAPE '\\' "
    "OR (c.first_name || ' ' || c.last_name) LIKE ?2 ESCAPE '\\') ";
}  // namespace

std::vector<animal_store::ListRow> animal_store::of_customer(ReadTx& tx, std::int64_t customer_id, std::string_view locale) {
    auto st = tx.prepare(std::string(k_animal_columns) + "WHERE a.customer_id = ?2 AND a.archived_at IS NULL ORDER BY a.name COLLATE NOCASE, a.id");
    st.bind(1, std::string(locale));
    st.bind(2, customer_id);
    std::vector<ListRow> out;
    while (st.executeStep()) out.push_back(read_animal_row(st));
    return out;
}

animal_store::ListPage animal_store::search(ReadTx& tx, std::string_view query, std::string_view locale, int offset, int limit) {
    std::string pattern = query.empty() ? std::string{} : contains_pattern(query);
    ListPage page;
    // Without a query the total is kept in list_counts and the page's ids read animals_in_list_order alone; a query
    // needs the owner's names to match against.
    // (INDEXED BY: with statistics the planner may rate a walk of the table as cheaper than the index, which it is not.)
    const std::string where = query.empty() ? std::string("FROM animals a INDEXED BY animals_in_list_order ") + k_listed_animals
                                            : std::string("FROM animals a CROSS JOIN customers c ON c.id = a.customer_id ") + k_listed_animals + k_animal_match;
    if (query.empty()) {
        page.total = static_cast<int>(kept_total(tx, "listed_animals"));
    } else {
        auto count = tx.prepare("SELECT count(*) " + where);
        count.bind(2, pattern);
        count.executeStep();
        page.total = count.getColumn(0).getInt();
    }
    // The page's ids first, in the order of animals_in_list_order (the owner's name is on the animal), then their
    // names in the asked language: a deep OFFSET skips index entries, not joined rows.
    constexpr const char* order = "ORDER BY a.name COLLATE NOCASE, a.owner_sort_name COLLATE NOCASE, a.id ";
    auto st = tx.prepare(std::string(k_animal_columns) + "WHERE a.id IN (SELECT a.id " + where + order + "LIMIT ?3 OFFSET ?4) " + order);
    st.bind(1, std::string(locale));
    bind_optional_text(st, 2, pattern);
    st.bind(3, limit);
    st.bind(4, offset);
    while (st.executeStep()) page.rows.push_back(read_animal_row(st));
    return page;
}

}  // namespace salonbox::storage
