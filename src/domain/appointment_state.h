// The rules of an appointment's life: its status, and which changes it still takes.
#pragma once

#include "domain/action_set.h"

#include <optional>
#include <string_view>

namespace salonbox::domain {

// An appointment's status is what is stored: only scheduled ones hold their slot.
enum class AppointmentStatus { scheduled, completed, cancelled, no_show };

// The stored text ("scheduled", ...) as a status; throws std::invalid_argument for any other text (the
// database's CHECK constraint allows only these).
AppointmentStatus parse_appointment_status(std::string_view text);
// The stored text, also the last part of the status's i18n key (appointment.status.scheduled).
std::string_view to_string(AppointmentStatus status);

enum class AppointmentAction {
    edit,      // times, animal, service, staff and texts; also of a closed one, to correct the record
    cancel,    // frees the slot
    complete,  // it took place
};

enum class AppointmentRefusal {
    closed,  // completed, cancelled or missed: it no longer changes status
};

// Why `action` does not apply to an appointment with this status; nothing when it does. Who may change
// which appointment is a separate rule (may_change_appointment).
std::optional<AppointmentRefusal> appointment_refusal(AppointmentStatus status, AppointmentAction action);
// Every action appointment_refusal lets through: what the appointment form offers.
ActionSet<AppointmentAction> appointment_actions(AppointmentStatus status);

}  // namespace salonbox::domain
