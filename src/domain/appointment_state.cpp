#include "domain/appointment_state.h"

#include "domain/enum_names.h"

namespace salonbox::domain {

namespace {
constexpr NameTable<AppointmentStatus, 4> k_names{{{AppointmentStatus::scheduled, "scheduled"},
                                                   {AppointmentStatus::completed, "completed"},
                                                   {AppointmentStatus::cancelled, "cancelled"},
                                                   {AppointmentStatus::no_show, "no_show"}}};
}  // namespace

AppointmentStatus parse_appointment_status(std::string_view text) { return value_named(k_names, text, "appointment status"); }

std::string_view to_string(AppointmentStatus status) { return name_of(k_names, status); }

std::optional<AppointmentRefusal> appointment_refusal(AppointmentStatus status, AppointmentAction action) {
    if (action == AppointmentAction::edit) return std::nullopt;
    if (status != AppointmentStatus::scheduled) return AppointmentRefusal::closed;
    return std::nullopt;
}

ActionSet<AppointmentAction> appointment_actions(AppointmentStatus status) {
    ActionSet<AppointmentAction> allowed;
    for (auto a : {AppointmentAction::edit, AppointmentAction::cancel, AppointmentAction::complete})
        if (!appointment_refusal(status, a)) allowed.add(a);
    return allowed;
}

}  // namespace salonbox::domain
