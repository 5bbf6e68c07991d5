#include "domain/team_rules.h"

#include "domain/text.h"

#include <algorithm>

namespace salonbox::domain {

Result<CheckedStaffAccount> check_staff_account(const StaffAccountForm& form) {
    CheckedStaffAccount a;
    a.display_name = trim(form.display_name);
    if (a.display_name.empty()) return Error{"display_name", "error.name_required"};
    auto code_points = std::count_if(a.display_name.begin(), a.display_name.end(),
                                     [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    bool control = std::any_of(a.display_name.begin(), a.display_name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (code_points > 100 || a.display_name.size() > 400 || control) return Error{"display_name", "admin.staff.error.name_too_long"};
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
