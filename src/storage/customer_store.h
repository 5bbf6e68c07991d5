// Customers of a salon and their animals: the records, finding them, and the customer's portal account.
#pragma once

#include "domain/clock.h"

#include "storage/database.h"
#include "storage/store_result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage {

struct Customer {
    std::int64_t id = 0;
    std::string first_name, last_name, email, phone, address, locale, notes;  // email "" when unknown
    bool archived = false;
};

struct Animal {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::string name;
    std::int64_t species_id = 0;
    std::optional<std::int64_t> breed_id;
    std::string breed_detail, notes;
    std::string birth_date{};  // "" or "YYYY-MM-DD"
};

namespace customer_store {
// `created_at` defaults to the transaction's instant (history written afterwards gives its own).
std::int64_t insert(WriteTx& tx, const Customer& customer, std::optional<domain::Instant> created_at = std::nullopt);
std::optional<Customer> find(ReadTx& tx, std::int64_t id);
// The customers not archived, as the list_counts triggers keep the number (no count at read time).
int count_active(ReadTx& tx);

// Rewrites the editable fields (not `archived`); false when there is no such customer.
bool update(WriteTx& tx, const Customer& customer);
// Archives the customer (history stays) and disables their portal account; false when unknown or already
// archived. The caller ends the account's sessions in the same transaction.
bool archive(WriteTx& tx, std::int64_t id, domain::Instant now);

// The customer other than `except_id` who has this email (compared case-insensitively), archived or not.
std::optional<std::int64_t> find_by_email(ReadTx& tx, std::string_view email, std::int64_t except_id = 0);

struct ListRow {
    std::int64_t id;
    std::string first_name, last_name, email, phone;
    bool archived;
    int animals;  // not archived
};
struct ListPage {
    std::vector<ListRow> rows;
    int total;  // every match, for "page 2 of 3"
};
// Customers found by `query`, ordered by last then first name: each word of it begins a word of their first
// name, last name, email or phone, whatever the case and accents ("helene" finds "Hélène", "mart" finds Martin);
// a query of digits and separators (4 digits at least) also finds phones whose digits contain its digits,
// however either is written. Archived customers only with `include_archived`. An empty query lists all. Both
// searches go through full-text indexes (customer_search, customer_phone_search) kept by triggers.
ListPage search(ReadTx& tx, std::string_view query, bool include_archived, int offset, int limit);

// The customer's portal account, if one was ever created.
struct PortalAccount {
    std::int64_t user_id = 0;
    std::string email;
    bool active = false;
    bool has_password = false;
    std::optional<domain::Instant> last_invited_at;  // the newest invitation link, used or not
};
std::optional<PortalAccount> portal_account(ReadTx& tx, std::int64_t customer_id);
void set_portal_active(WriteTx& tx, std::int64_t user_id, bool active);
// Gives the customer's account the record's name, language and email (when the email is not empty).
// StoreError::duplicate_email when another account has that email.
StoreResult<> sync_portal_account(WriteTx& tx, const Customer& customer);

// The customer's invoices, drafts included, newest first.
std::vector<std::int64_t> invoice_ids(ReadTx& tx, std::int64_t customer_id);

struct RequestRow {
    std::int64_t id;
    std::string animal_name;
    domain::Instant starts_at, ends_at, created_at;
    std::string status, comments;
};
// Every appointment request of the customer, newest first, at most `limit`.
std::vector<RequestRow> requests(ReadTx& tx, std::int64_t customer_id, int limit);
}  // namespace customer_store

namespace animal_store {
std::int64_t insert(WriteTx& tx, const Animal& animal, std::optional<domain::Instant> created_at = std::nullopt);
std::optional<Animal> find(ReadTx& tx, std::int64_t id);
// Rewrites every field but the id; false when there is no such animal.
bool update(WriteTx& tx, const Animal& animal);

struct ListRow {
    std::int64_t id;
    std::string name, species, breed, breed_detail, birth_date;  // species and breed in the asked language
    std::int64_t customer_id;
    std::string owner_name;
};
struct ListPage {
    std::vector<ListRow> rows;
    int total;
};
// The customer's animals (not archived), by name.
std::vector<ListRow> of_customer(ReadTx& tx, std::int64_t customer_id, std::string_view locale);
// Animals (not archived) of customers who are not archived, whose name or owner's name contains `query`,
// by name then owner.
ListPage search(ReadTx& tx, std::string_view query, std::string_view locale, int offset, int limit);
}  // namespace animal_store

}  // namespace salonbox::storage
