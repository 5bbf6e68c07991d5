#include "domain/request_state.h"

#include "domain/enum_names.h"

namespace salonbox::domain {

namespace {
constexpr NameTable<RequestStatus, 5> k_names{{{RequestStatus::pending, "pending"},
                                               {RequestStatus::approved, "approved"},
                                               {RequestStatus::declined, "declined"},
                                               {RequestStatus::rescheduled, "rescheduled"},
                                               {RequestStatus::withdrawn, "withdrawn"}}};
}  // namespace

RequestStatus parse_request_status(std::string_view text) { return value_named(k_names, text, "request status"); }

std::string_view to_string(RequestStatus status) { return name_of(k_names, status); }

std::optional<RequestRefusal> request_refusal(const RequestFacts& facts, RequestAction action, Instant now) {
    if (facts.status != RequestStatus::pending) return RequestRefusal::already_answered;
    if (action == RequestAction::approve && facts.starts_at <= now) return RequestRefusal::time_passed;
    return std::nullopt;
}

ActionSet<RequestAction> request_actions(const RequestFacts& facts, Instant now) {
    ActionSet<RequestAction> allowed;
    for (auto a : {RequestAction::approve, RequestAction::decline, RequestAction::reschedule})
        if (!request_refusal(facts, a, now)) allowed.add(a);
    return allowed;
}

}  // namespace salonbox::domain
