// The salon team (managers): list the staff accounts, invite a new member by email, change name, email, role
// and whether the account is active. The salon always keeps an active owner; only owners touch owners.
#include "domain/team_rules.h"
#include "storage/audit_store.h"
#include "storage/session_store.h"
#include "storage/user_store.h"
#include "web/admin/staff_account.h"
#include "web/emails.h"
#include "web/handlers.h"

#include <charconv>

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
struct StaffFields {
    std::string display_name, email, role = "staff";
    bool active = true;
};

StaffFields typed(const Context& ctx) { return {ctx.form("display_name"), ctx.form("email"), ctx.form("role"), !ctx.form("active").empty()}; }

void show_form(Context& ctx, int status, const std::optional<storage::User>& existing, const StaffFields& v,
               const std::optional<domain::Error>& error) {
    auto d = ctx.page_data();
    d.set("nav_staff", true);
    d.set("title", ctx.t(existing ? "admin.staff.edit_title" : "admin.staff.new_title"));
    d.set("action", ctx.base() + "/admin/staff/" + (existing ? std::to_string(existing->id) + "/edit" : std::string("new")));
    d.set("display_name", v.display_name);
    d.set("email", v.email);
    d.set("active", v.active);
    view::Data roles{view::Data::type::list};
    for (auto role : {domain::Role::owner, domain::Role::manager, domain::Role::staff}) {
        // Only an owner may hand out the owner role, so the choice is not even offered to others.
        if (!domain::may_give_role(ctx.session->user.role, role)) continue;
        view::Data o;
        o.set("value", std::string(domain::to_string(role)));
        o.set("label", ctx.t("role." + std::string(domain::to_string(role))));
        o.set("selected", v.role == domain::to_string(role));
        roles.push_back(o);
    }
    d.set("roles", roles);
    if (existing) {
        d.set("editing", true);
        d.set("action_booking", ctx.base() + "/admin/staff/" + std::to_string(existing->id) + "/booking");
        d.set("invitation_pending", existing->password_hash.empty());
        d.set("is_self", existing->id == ctx.session->user.id);
    }
    if (error) add_error(ctx, d, *error);
    ctx.render(status, "admin/staff_form", std::move(d));
}

MailContext mail_context(const Context& ctx) {
    return MailContext{ctx.services.templates, ctx.services.catalogs, ctx.services.secret, ctx.services.link_base()};
}

// The staff account of the path when this user may change it; otherwise the 404 or 403 page has been sent.
std::optional<storage::User> editable_account(Context& ctx) {
    auto user = staff_of_path(ctx);
    if (!user) return std::nullopt;
    if (!domain::may_edit_account(ctx.session->user.role, user->role)) {
        ctx.error_page(403, "error.forbidden");
        return std::nullopt;
    }
    return user;
}
}  // namespace

void admin_staff(Context& ctx) {
    auto team = ctx.db->read([](storage::ReadTx& db) { return storage::user_store::list_staff(db); });
    view::Data list{view::Data::type::list};
    for (const auto& u : team) {
        view::Data item;
        item.set("name", u.display_name.empty() ? u.email : u.display_name);
        item.set("email", u.email);
        item.set("role", ctx.t("role." + std::string(domain::to_string(u.role))));
        item.set("active", u.active);
        item.set("invitation_pending", u.password_hash.empty());
        if (domain::may_edit_account(ctx.session->user.role, u.role))
            item.set("edit_url", ctx.base() + "/admin/staff/" + std::to_string(u.id) + "/edit");
        list.push_back(item);
    }
    auto d = ctx.page_data();
    d.set("nav_staff", true);
    d.set("title", ctx.t("admin.staff.title"));
    d.set("team", list);
    ctx.notice_from_done(d, {{"invited", "admin.staff.invited"}, {"saved", "admin.staff.saved"}});
    ctx.render(200, "admin/staff_list", std::move(d));
}

void admin_staff_new_form(Context& ctx) { show_form(ctx, 200, std::nullopt, StaffFields{}, std::nullopt); }

void admin_staff_new_submit(Context& ctx) {
    auto v = typed(ctx);
    auto checked = domain::check_staff_account({v.display_name, v.email, v.role, v.active});
    if (!checked) return show_form(ctx, 422, std::nullopt, v, checked.error());
    const auto& a = checked.value();
    if (!domain::may_give_role(ctx.session->user.role, a.role)) return show_form(ctx, 422, std::nullopt, v, domain::Error{"role", "admin.staff.error.owner_only"});

    storage::User user;
    user.email = a.email;
    user.display_name = a.display_name;
    user.role = a.role;
    user.active = a.active;
    std::optional<domain::Error> error;
    error = ctx.db->write([&](storage::WriteTx& db) -> std::optional<domain::Error> {
        if (storage::user_store::email_taken(db, user.email)) return domain::Error{"email", "admin.staff.error.email_taken"};
        // No password: the new member chooses one from the invitation, sent in this same transaction.
        auto inserted = storage::user_store::insert(db, user);
        if (!inserted) return domain::Error{"email", "admin.staff.error.email_taken"};  // duplicate_email
        user.id = inserted.value();
        if (user.active) invite_account(db, mail_context(ctx), ctx.salon, user.id);
        audit::record(db, ctx.session->user.id, "staff_created", audit::subject(audit::RecordKind::user, user.id),
                      std::string(domain::to_string(user.role)), ctx.client_ip);
        return std::nullopt;
    });
    if (error) return show_form(ctx, 422, std::nullopt, v, error);
    if (user.active) ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + (user.active ? "/admin/staff?done=invited" : "/admin/staff?done=saved"));
}

void admin_staff_edit_form(Context& ctx) {
    auto user = editable_account(ctx);
    if (!user) return;
    StaffFields v{user->display_name, user->email, std::string(domain::to_string(user->role)), user->active};
    show_form(ctx, 200, user, v, std::nullopt);
}

void admin_staff_edit_submit(Context& ctx) {
    auto before = editable_account(ctx);
    if (!before) return;
    auto v = typed(ctx);
    auto checked = domain::check_staff_account({v.display_name, v.email, v.role, v.active});
    if (!checked) return show_form(ctx, 422, before, v, checked.error());
    const auto& a = checked.value();
    if (a.role != before->role && !domain::may_give_role(ctx.session->user.role, a.role))
        return show_form(ctx, 422, before, v, domain::Error{"role", "admin.staff.error.owner_only"});

    storage::User after = *before;
    after.display_name = a.display_name;
    after.email = a.email;
    after.role = a.role;
    after.active = a.active;
    bool invite = false;
    std::optional<domain::Error> error;
    error = ctx.db->write([&](storage::WriteTx& db) -> std::optional<domain::Error> {
        // Read again inside the write lock: two managers editing owners at once cannot both remove the last one.
        auto current = storage::user_store::find_by_id(db, before->id);
        if (!current) return domain::Error{"", "error.not_found"};
        bool stops_being_owner = current->role == domain::Role::owner && current->active && (after.role != domain::Role::owner || !after.active);
        if (stops_being_owner && storage::user_store::count_active_owners(db) <= 1)
            return domain::Error{after.active ? "role" : "active", "admin.staff.error.last_owner"};
        if (current->id == ctx.session->user.id && !after.active) return domain::Error{"active", "admin.staff.error.self_deactivate"};
        if (after.email != current->email) {
            auto holder = storage::user_store::find_by_email(db, after.email);
            if (holder && holder->id != current->id) return domain::Error{"email", "admin.staff.error.email_taken"};
        }
        if (!storage::user_store::update_staff(db, after)) return domain::Error{"email", "admin.staff.error.email_taken"};  // duplicate_email
        // Someone deactivated is signed out at once; someone reactivated who never chose a password is invited again.
        if (current->active && !after.active) storage::session_store::remove_for_user(db, after.id);
        if (!current->active && after.active && current->password_hash.empty()) {
            invite_account(db, mail_context(ctx), ctx.salon, after.id);
            invite = true;
        }
        std::string detail = std::string(domain::to_string(after.role)) + (after.active ? "" : ", inactive");
        audit::record(db, ctx.session->user.id, "staff_updated", audit::subject(audit::RecordKind::user, after.id), detail, ctx.client_ip);
        return std::nullopt;
    });
    if (error) return show_form(ctx, 422, before, v, error);
    if (invite) ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + (invite ? "/admin/staff?done=invited" : "/admin/staff?done=saved"));
}

}  // namespace salonbox::web
