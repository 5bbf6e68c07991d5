// Who a user is to a salon: the staff roles of the admin panel and the customer role of the portal.
#pragma once

#include <optional>
#include <string_view>

namespace salonbox::domain {

enum class Role { owner, manager, staff, customer };

std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

inline bool is_staff(Role role) { return role != Role::customer; }
// Owners and managers run everything; staff run the calendar, customers and animals.
inline bool is_manager(Role role) { return role == Role::owner || role == Role::manager; }

}  // namespace salonbox::domain
