// Sending a customer's appointment request: shared by the portal's request form and the booking page.
#pragma once

#include "storage/request_store.h"
#include "web/context.h"

#include <optional>
#include <string>

namespace salonbox::web {

struct SentRequest {
    std::int64_t id = 0;                   // 0 when refused
    std::optional<std::string> limit_key;  // the request limit reached (domain/request_limits.h), if that was why
    bool repeated = false;                 // the same request was pending already: `id` is that one, nothing was written
};

// Inside the caller's write transaction: finds the same request already pending (same animal and start: the
// form sent twice) and then writes and sends nothing; otherwise counts the signed-in customer's requests against the limits (in the
// writing transaction, so requests sent at once cannot pass together), records the request (refused when the
// animal is not the customer's) and tells the owners and managers in the salon's language.
SentRequest send_request(storage::WriteTx& db, const Context& ctx, const storage::AppointmentRequest& request);

}  // namespace salonbox::web
