// Signed-in sessions: only a keyed hash of each token is stored; a session belongs to one face of one salon.
#pragma once

#include "domain/clock.h"
#include "storage/user_store.h"

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salonbox::storage {

struct SessionLimits {
    std::chrono::seconds idle{std::chrono::hours(2)};
    std::chrono::seconds absolute{std::chrono::hours(12)};
};

struct ActiveSession {
    std::int64_t session_id;
    User user;
};

namespace session_store {

void insert(SQLite::Database& db, std::string_view token_hash, std::int64_t user_id, std::string_view face,
            domain::Instant now, const SessionLimits& limits);

// The session with this token hash on this face, if it is neither idle too long nor past its absolute end,
// and its account is still active. Refreshes last_seen_at at most once a minute, so a page view rarely writes.
std::optional<ActiveSession> find_active(SQLite::Database& db, std::string_view token_hash, std::string_view face,
                                         domain::Instant now, const SessionLimits& limits);

void remove(SQLite::Database& db, std::string_view token_hash);
// Ends every session of an account (password change, account disabled); `keep_hash` survives when given.
void remove_for_user(SQLite::Database& db, std::int64_t user_id, std::string_view keep_hash = {});
int purge_expired(SQLite::Database& db, domain::Instant now, const SessionLimits& limits);

}  // namespace session_store
}  // namespace salonbox::storage
