// Signed-in sessions: only a keyed hash of each token is stored; a session belongs to one face of one salon.
#pragma once

#include "domain/clock.h"
#include "storage/user_store.h"

#include "storage/database.h"

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
    domain::Instant last_seen_at;
};

namespace session_store {

void insert(WriteTx& tx, std::string_view token_hash, std::int64_t user_id, std::string_view face,
            domain::Instant now, const SessionLimits& limits);

// The session with this token hash on this face, if it is neither idle too long nor past its absolute end,
// and its account is still active. It only reads: the caller refreshes last_seen_at when refresh_due() says so.
std::optional<ActiveSession> find_active(ReadTx& tx, std::string_view token_hash, std::string_view face,
                                         domain::Instant now, const SessionLimits& limits);

// The idle clock restarts at most once a minute, so a page view rarely writes.
inline bool refresh_due(const ActiveSession& session, domain::Instant now) { return now - session.last_seen_at >= std::chrono::minutes(1); }
void refresh(WriteTx& tx, std::int64_t session_id, domain::Instant now);
void remove(WriteTx& tx, std::string_view token_hash);
// Ends every session of an account (password change, account disabled); `keep_hash` survives when given.
void remove_for_user(WriteTx& tx, std::int64_t user_id, std::string_view keep_hash = {});
int purge_expired(WriteTx& tx, domain::Instant now, const SessionLimits& limits);

}  // namespace session_store
}  // namespace salonbox::storage
