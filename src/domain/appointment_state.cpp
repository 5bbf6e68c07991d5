#include "domain/appointment_state.h"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

namespace salonbox::domain {

namespace {
constexpr std::array<std::pair<AppointmentStatus, std::string_view>, 4> k_names{{{AppointmentStatus::scheduled, "scheduled"},
                                                                                 {AppointmentStatus::completed, "completed"},
                                                                                 {AppointmentStatus::cancelled, "cancelled"},
                                                                                 {AppointmentStatus::no_show, "no_show"}}};
}  // namespace

AppointmentStatus parse_appointment_status(std::string_view text) {
    for (const auto& [status, name] : k_names)
        if (name == text) return status;
    throw std::invalid_argument("unknown appointment status: " + std::string(text));
}

std::string_view to_string(AppointmentStatus status) {
    for (const auto& [s, name] : k_names)
        if (s == status) return name;
    return "scheduled";
}

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
