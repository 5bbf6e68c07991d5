// The life of a customer's change request (cancel or move an appointment): opened pending, then settled once.
#pragma once

#include "domain/action_set.h"

#include <optional>
#include <string_view>

namespace salonbox::domain {

// A change request's status is what is stored. Approved covers automatic approval too (who decided is stored
// beside it), so the audit trail reads the same either way.
enum class ChangeStatus { pending, approved, declined, withdrawn };

// The stored text ("pending", ...) as a status; throws std::invalid_argument for any other text.
ChangeStatus parse_change_status(std::string_view text);
// The stored text, also the last part of the status's i18n key.
std::string_view to_string(ChangeStatus status);

enum class ChangeAction {
    open,      // the customer asks: a new pending request on one of their appointments
    approve,   // the salon, or automatic approval, carries it out
    decline,   // the salon refuses it
    withdraw,  // the customer takes it back
};

enum class ChangeRefusal {
    already_settled,  // not pending any more: approved, declined or withdrawn (a race lost to the other side)
    pending_exists,   // open: the appointment already has a pending change, which must be settled first
};

struct ChangeFacts {
    std::optional<ChangeStatus> status;  // the request's; empty for open (it does not exist yet)
    bool appointment_has_pending = false;  // another pending change request exists on the same appointment
};

// Why `action` does not apply; nothing when it does. Approve, decline and withdraw settle a pending request,
// so of two that race exactly one applies when each is checked again in the transaction that claims the row.
std::optional<ChangeRefusal> change_refusal(const ChangeFacts& facts, ChangeAction action);
// The status `action` leaves the request in: open -> pending, approve -> approved, decline -> declined,
// withdraw -> withdrawn.
ChangeStatus status_after(ChangeAction action);
// The settling actions a request in `status` still takes: all three while pending, none after.
ActionSet<ChangeAction> change_actions(ChangeStatus status);

}  // namespace salonbox::domain
