// The rules of a customer's appointment request: its status, and which answers it still takes.
#pragma once

#include "domain/action_set.h"
#include "domain/clock.h"

#include <optional>
#include <string_view>

namespace salonbox::domain {

// A request's status is what is stored: nothing else changes how it reads.
enum class RequestStatus { pending, approved, declined, rescheduled, withdrawn };

// The stored text ("pending", ...) as a status; throws std::invalid_argument for any other text (the
// database's CHECK constraint allows only these).
RequestStatus parse_request_status(std::string_view text);
// The stored text, also the last part of the status's i18n key (request.status.pending).
std::string_view to_string(RequestStatus status);

struct RequestFacts {
    RequestStatus status = RequestStatus::pending;
    Instant starts_at{};  // the time the customer asked for
};

enum class RequestAction {
    approve,     // book the asked time
    decline,     // refuse, with an optional message
    reschedule,  // book another time instead
};

enum class RequestRefusal {
    already_answered,  // not pending any more: someone answered it (or the customer withdrew it)
    time_passed,       // the asked time is over: it can only be declined or booked at another time
};

// Why `action` does not apply to a request with these facts at `now`; nothing when it does. Handlers ask
// again when they claim the request, in the transaction that books it.
std::optional<RequestRefusal> request_refusal(const RequestFacts& facts, RequestAction action, Instant now);
// Every answer request_refusal lets through at `now`: what the inbox offers.
ActionSet<RequestAction> request_actions(const RequestFacts& facts, Instant now);

}  // namespace salonbox::domain
