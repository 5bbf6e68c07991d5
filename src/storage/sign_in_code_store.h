// Emailed sign-in codes: who may receive one, the challenges that carry them, and the cross-salon lookup of the picker.
//
// Challenges live in the salon's own file, beside the customer they belong to: a backup or restore of one salon
// carries its pending codes, and no code of one salon can be checked against another's rows.
#pragma once

#include "domain/clock.h"
#include "storage/database.h"
#include "storage/salon_registry.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage::sign_in_code_store {

// A customer who may sign in with a code: a record that is not archived, with this email, whose portal account
// (if one exists) is active, and whose address is not a team member's. `email` is as written on the record.
struct Recipient {
    std::int64_t customer_id = 0;
    std::string email, name, locale;           // locale: the record's, else the account's, else ""
    std::optional<std::int64_t> account_id;     // the portal account, when one exists
};
std::optional<Recipient> find_recipient(ReadTx& tx, std::string_view email);
// The same rules for one known customer (when the code is used: the record may have changed since).
std::optional<Recipient> find_recipient_by_id(ReadTx& tx, std::int64_t customer_id);

struct Challenge {
    std::int64_t id = 0;
    std::string email;                         // as typed (normalized), for the picker
    std::optional<std::int64_t> customer_id;   // none: nobody may sign in with this challenge
    std::string code_hash;
    int failures = 0;
};

// Stores a new challenge; challenges that ended or expired more than a day ago are deleted on the way.
void start(WriteTx& tx, std::string_view handle_hash, std::string_view email, std::optional<std::int64_t> customer_id,
           std::string_view code_hash, domain::Instant now, domain::Instant expires_at);
// The challenge with this handle hash that is neither used, ended by wrong entries, nor expired.
std::optional<Challenge> find_open(ReadTx& tx, std::string_view handle_hash, domain::Instant now);
// Names the customer who may sign in with an open challenge that has none yet: the lookup is made after the
// answer, so that the request takes the same time for every address. False when the challenge is no longer
// open or already names one.
bool set_recipient(WriteTx& tx, std::int64_t id, std::int64_t customer_id, domain::Instant now);
// A resend: the new code replaces the old one (which stops working) and gets its own lifetime; the count of
// wrong entries stays. False when the challenge is no longer open.
bool replace_code(WriteTx& tx, std::int64_t id, std::string_view code_hash, domain::Instant now, domain::Instant expires_at);
// Counts a wrong entry and ends the challenge at the `max_failures`-th; returns the count.
int record_failure(WriteTx& tx, std::int64_t id, int max_failures, domain::Instant now);
// Ends an open challenge with its code used; false when it was used, ended or expired in the meantime.
bool consume(WriteTx& tx, std::int64_t id, domain::Instant now);

// The picker's lookup, across every salon file of the data directory: the salons whose portal is open to code
// sign-in and where `email` is a Recipient (see above). Slugs and names only, by name.
// Call it only for an email proven by a code: it tells who is a customer where.
struct SalonChoice {
    std::string slug, name;
};
std::vector<SalonChoice> salons_for_verified_email(SalonRegistry& registry, std::string_view email);

}  // namespace salonbox::storage::sign_in_code_store
