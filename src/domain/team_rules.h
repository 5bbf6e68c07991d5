// The rules of the salon team's accounts: what a staff form must hold and who may give which role.
#pragma once

#include "domain/result.h"
#include "domain/roles.h"

#include <optional>
#include <string>
#include <string_view>

namespace salonbox::domain {

struct StaffAccountForm {
    std::string_view display_name;
    std::string_view email;
    std::string_view role;  // "owner", "manager" or "staff"
    bool active = true;
};

struct CheckedStaffAccount {
    std::string display_name;
    std::string email;  // normalized
    Role role = Role::staff;
    bool active = true;
};

// The first error names its field: name empty (error.name_required) or over 100 characters or with control
// characters (admin.staff.error.name_too_long); email implausible (error.email_invalid); role not a staff
// role (admin.staff.error.role).
Result<CheckedStaffAccount> check_staff_account(const StaffAccountForm& form);

// Owners and managers manage the team, but only an owner changes an owner's account.
bool may_edit_account(Role actor, Role target);
// Only an owner makes someone an owner; managers give the manager and staff roles.
bool may_give_role(Role actor, Role wanted);

}  // namespace salonbox::domain
