// The salon's email outbox: every email is a row here first, and the sender's progress is recorded on it.
#pragma once

#include "domain/clock.h"

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage {

// A file sent with a message (mail::Attachment once it leaves storage).
struct OutboxAttachment {
    std::string filename, content_type;
    std::string content;  // bytes; empty in what list() returns
};

struct OutboxMessage {
    std::int64_t id = 0;
    std::string to_address, to_name, subject, body_text, body_html;
    bool sensitive = false;  // the body holds a code or a sign-in link: list() never returns it
    std::string status;      // "pending", "sent" or "failed"
    int attempts = 0;        // failed attempts so far (what mail::next_retry_delay takes); a success adds none
    std::string last_error;  // the latest failure of a message not yet sent; emptied once it is sent
    domain::Instant created_at{}, next_attempt_at{};
    std::optional<domain::Instant> sent_at;
    std::vector<OutboxAttachment> attachments;  // in the order they were given to enqueue()
};

// Delivery contract (the sender in app/mail_sender.h follows it):
//
// - An email exists when the transaction that enqueued it commits, and not before: enqueue() belongs in
//   the same IMMEDIATE write transaction (Database::write) as the change that causes the email, so a
//   request that fails sends nothing and a committed one never loses its email.
// - A sender takes a due message with claim(), which moves next_attempt_at forward to a lease end only if
//   the row is still pending with the next_attempt_at it read. Two senders that race on one message
//   cannot both win, so a message is never handed to the transport twice while a lease runs.
// - After the transport answers, the sender records the outcome with mark_sent(), mark_retry() or
//   mark_failed(). A sender that dies before that leaves the message claimed: it becomes due again when the
//   lease ends and is tried once more. Delivery is therefore at least once across crashes: a crash between
//   the SMTP server's acceptance and mark_sent() sends that email a second time.
//
// Every function works in the transaction it is given and opens none of its own.
namespace outbox_store {

// Adds a pending message due at `now` (the transaction's instant when not given) and returns its id. Only the
// addressing, subject, bodies, `sensitive` and attachments of `message` are read. It takes the WriteTx of the change it
// reports: an email enqueued on its own could go out for a change that then rolls back, or be lost for one
// that commits.
std::int64_t enqueue(WriteTx& tx, const OutboxMessage& message, std::optional<domain::Instant> now = std::nullopt);

// Pending messages with next_attempt_at <= now, the longest due first (then by id), at most `limit`, each with
// its attachments' contents.
std::vector<OutboxMessage> due(ReadTx& tx, domain::Instant now, int limit);

// Takes message `id` for sending until `lease_until`, if it is still pending with next_attempt_at equal to
// `seen_next_attempt_at` (the value due() returned). True when this caller won it; false when another
// sender did, or the message is no longer pending.
bool claim(WriteTx& tx, std::int64_t id, domain::Instant seen_next_attempt_at, domain::Instant lease_until);

// The outcome of an attempt on a claimed message. Each one changes only a pending row and returns whether
// it did, so an outcome recorded late (after another sender finished the message) changes nothing.
// mark_sent() and mark_failed() empty the bodies of a sensitive message: it will not be sent again, and a
// link or code it held must not outlive it in the file or its backups.
bool mark_sent(WriteTx& tx, std::int64_t id, domain::Instant now);
// A temporary failure: attempts + 1, stays pending until `next_attempt_at`.
bool mark_retry(WriteTx& tx, std::int64_t id, std::string_view error, domain::Instant next_attempt_at);
// A permanent failure, or the last attempt allowed: attempts + 1, status failed, never tried again.
bool mark_failed(WriteTx& tx, std::int64_t id, std::string_view error);

// The email log, newest first (by id, the order of enqueueing). Bodies of sensitive messages come back empty (blanked by the query itself,
// so they never leave the database on this path). Attachments come with their names and types, not their contents.
std::vector<OutboxMessage> list(ReadTx& tx, int limit, int offset);

}  // namespace outbox_store
}  // namespace salonbox::storage
