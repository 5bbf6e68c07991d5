#include "domain/roles.h"

namespace salonbox::domain {

std::string_view to_string(Role role) {
    switch (role) {
        case Role::owner: return "owner";
        case Role::manager: return "manager";
        case Role::staff: return "staff";
        case Role::customer: return "customer";
    }
    return "customer";
}

std::optional<Role> parse_role(std::string_view text) {
    for (Role r : {Role::owner, Role::manager, Role::staff, Role::customer})
        if (to_string(r) == text) return r;
    return std::nullopt;
}

}  // namespace salonbox::domain
