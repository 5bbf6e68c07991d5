// "Invite customers to the portal": who has not been told about the portal yet, and when each one was.
#pragma once

#include "domain/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage::portal_announcement_store {

// A customer the announcement may go to: not archived, with an email, without a portal account, and whose
// address is not a team member's.
struct Candidate {
    std::int64_t customer_id = 0;
    std::string email, name, locale;  // locale: the record's, or ""
};

// Candidates never sent the announcement, by name, at most `limit`; and how many there are in all.
std::vector<Candidate> not_yet_announced(ReadTx& tx, int limit);
int count_not_yet_announced(ReadTx& tx);
// The candidate with this id, announced before or not (a send by hand); nothing when the customer is not one.
std::optional<Candidate> candidate(ReadTx& tx, std::int64_t customer_id);

// Records that the announcement went to the customer now (replacing an earlier date).
void mark_announced(WriteTx& tx, std::int64_t customer_id, domain::Instant now);
std::optional<domain::Instant> announced_at(ReadTx& tx, std::int64_t customer_id);

}  // namespace salonbox::storage::portal_announcement_store
