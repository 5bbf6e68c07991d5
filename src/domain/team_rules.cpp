#include "domain/team_rules.h"

#include "domain/text.h"

#include <algorithm>

namespace salonbox::domain {

Result<CheckedStaffAccount> check_staff_account(const StaffAccountForm& form) {
    CheckedStaffAccount a;
    a.display_name = trim(form.display_name);
    if (a.display_name.empty()) return Error{"display_name", "error.name_required"};
    if (code_points(a.display_name) > 100 || a.display_name.size() > 400 || has_control_characters(a.display_name))
        return Error{"display_name", "admin.staff.error.name_too_long"};
    a.email = normalize_email(form.email);
    if (!is_plausible_email(a.email)) return Error{"email", "error.email_invalid"};
    auto role = parse_role(trim(form.role));
    if (!role || !is_staff(*role)) return Error{"role", "admin.staff.error.role"};
    a.role = *role;
    a.active = form.active;
    return a;
}

bool may_edit_account(Role actor, Role target) { return is_manager(actor) && (target != Role::owner || actor == Role::owner); }

bool may_give_role(Role actor, Role wanted) {
    if (!is_manager(actor) || !is_staff(wanted)) return false;
    return wanted != Role::owner || actor == Role::owner;
}

}  // namespace salonbox::domain
