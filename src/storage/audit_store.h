// The salon's audit log: who did what and when, never with secrets in it.
#pragma once

#include "domain/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace salonbox::storage::audit_store {

enum class RecordKind { animal, appointment, change_request, customer, invoice, package_type, request, service, user };

// What an entry is about, as "<kind>:<id>" ("invoice:42", "user:7"): every caller names records this one way,
// so the history of one record is one lookup by subject. Salon-wide actions (settings, export) have none.
std::string subject(RecordKind kind, std::int64_t id);

void record(WriteTx& tx, std::optional<std::int64_t> actor_user_id, std::string_view action,
            std::string_view subject = {}, std::string_view detail = {}, std::string_view ip = {});

// When the account last signed in to the customer portal, however it did (a "sign_in" entry whose detail
// starts with "portal").
std::optional<domain::Instant> last_portal_sign_in(ReadTx& tx, std::int64_t user_id);

}  // namespace salonbox::storage::audit_store
