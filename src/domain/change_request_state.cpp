#include "domain/change_request_state.h"

#include "domain/enum_names.h"

namespace salonbox::domain {

namespace {
constexpr NameTable<ChangeStatus, 4> k_names{{{ChangeStatus::pending, "pending"},
                                              {ChangeStatus::approved, "approved"},
                                              {ChangeStatus::declined, "declined"},
                                              {ChangeStatus::withdrawn, "withdrawn"}}};
}  // namespace

ChangeStatus parse_change_status(std::string_view text) { return value_named(k_names, text, "change request status"); }

std::string_view to_string(ChangeStatus status) { return name_of(k_names, status); }

std::optional<ChangeRefusal> change_refusal(const ChangeFacts& facts, ChangeAction action) {
    if (action == ChangeAction::open) {
        if (facts.appointment_has_pending) return ChangeRefusal::pending_exists;
        return std::nullopt;
    }
    if (facts.status != ChangeStatus::pending) return ChangeRefusal::already_settled;
    return std::nullopt;
}

ChangeStatus status_after(ChangeAction action) {
    switch (action) {
        case ChangeAction::open: return ChangeStatus::pending;
        case ChangeAction::approve: return ChangeStatus::approved;
        case ChangeAction::decline: return ChangeStatus::declined;
        case ChangeAction::withdraw: return ChangeStatus::withdrawn;
    }
    return ChangeStatus::pending;
}

ActionSet<ChangeAction> change_actions(ChangeStatus status) {
    ActionSet<ChangeAction> allowed;
    for (auto a : {ChangeAction::approve, ChangeAction::decline, ChangeAction::withdraw})
        if (!change_refusal({status, false}, a)) allowed.add(a);
    return allowed;
}

}  // namespace salonbox::domain
