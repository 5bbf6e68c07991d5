// One-time links that set a password (invitations and resets): stored as keyed hashes, single use.
#pragma once

#include "domain/clock.h"

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace salonbox::storage::password_token_store {

// Stores a new token; earlier unused tokens of the same account stop working (only the newest email counts).
void issue(WriteTx& tx, std::string_view token_hash, std::int64_t user_id, std::string_view purpose,
           domain::Instant now, domain::Instant expires_at);

// The account of a token that exists, is unused and has not expired; nothing otherwise.
std::optional<std::int64_t> find_valid(ReadTx& tx, std::string_view token_hash, domain::Instant now);

// Marks the token used; false when it was used (or expired) in the meantime, so one token sets one password.
bool consume(WriteTx& tx, std::string_view token_hash, domain::Instant now);

}  // namespace salonbox::storage::password_token_store
