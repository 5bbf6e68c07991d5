// Accounts of a salon: staff and portal customers, their roles and password hashes.
#pragma once

#include "domain/roles.h"

#include "storage/database.h"
#include "storage/store_result.h"

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

std::optional<User> find_by_email(ReadTx& tx, std::string_view email);
std::optional<User> find_by_id(ReadTx& tx, std::int64_t id);
std::vector<User> list(ReadTx& tx);

// The new id, or StoreError::duplicate_email when the email is taken.
StoreResult<std::int64_t> insert(WriteTx& tx, const User& user);
// Stores a new hash and stamps the change; callers end the account's sessions in the same transaction.
void set_password_hash(WriteTx& tx, std::int64_t user_id, const std::string& hash);
// Replaces the hash only when it is still `old_hash` (an upgrade to newer limits after a sign-in).
void upgrade_password_hash(WriteTx& tx, std::int64_t user_id, const std::string& old_hash, const std::string& new_hash);
bool email_taken(ReadTx& tx, std::string_view email);

// The salon team: every owner, manager and staff account, active ones first, then by name.
std::vector<User> list_staff(ReadTx& tx);
// Changes a staff account's name, email, role and active flag; false when there is no such staff account.
// StoreError::duplicate_email when the email belongs to another account.
// Callers end the sessions of an account they deactivate, in the same transaction.
StoreResult<bool> update_staff(WriteTx& tx, const User& user);
// Active owner accounts: the salon always keeps at least one.
int count_active_owners(ReadTx& tx);

}  // namespace user_store
}  // namespace salonbox::storage
