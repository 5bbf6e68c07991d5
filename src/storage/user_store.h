// Accounts of a salon: staff and portal customers, their roles and password hashes.
#pragma once

#include "domain/roles.h"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage {

struct User {
    std::int64_t id = 0;
    std::string email;
    std::string password_hash;  // empty until a password is set
    domain::Role role = domain::Role::staff;
    std::string display_name;
    std::string locale;
    std::optional<std::int64_t> customer_id;
    bool active = true;
};

namespace user_store {

std::optional<User> find_by_email(SQLite::Database& db, std::string_view email);
std::optional<User> find_by_id(SQLite::Database& db, std::int64_t id);
std::vector<User> list(SQLite::Database& db);

// Throws SQLite::Exception with extended code SQLITE_CONSTRAINT_UNIQUE when the email is taken.
std::int64_t insert(SQLite::Database& db, const User& user);
// Stores a new hash and stamps the change; callers end the account's sessions in the same transaction.
void set_password_hash(SQLite::Database& db, std::int64_t user_id, const std::string& hash);
// Replaces the hash only when it is still `old_hash` (an upgrade to newer limits after a sign-in).
void upgrade_password_hash(SQLite::Database& db, std::int64_t user_id, const std::string& old_hash, const std::string& new_hash);
bool email_taken(SQLite::Database& db, std::string_view email);

// The salon team: every owner, manager and staff account, active ones first, then by name.
std::vector<User> list_staff(SQLite::Database& db);
// Changes a staff account's name, email, role and active flag; false when there is no such staff account.
// Throws SQLite::Exception (SQLITE_CONSTRAINT_UNIQUE) when the email belongs to another account.
// Callers end the sessions of an account they deactivate, in the same transaction.
bool update_staff(SQLite::Database& db, const User& user);
// Active owner accounts: the salon always keeps at least one.
int count_active_owners(SQLite::Database& db);

}  // namespace user_store
}  // namespace salonbox::storage
