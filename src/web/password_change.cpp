// The change-password page of a signed-in person: team members in the admin panel, customers in the portal.
#include "auth/password.h"
#include "storage/audit_store.h"
#include "storage/session_store.h"
#include "storage/user_store.h"
#include "web/handlers.h"
#include "web/sign_in.h"

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
std::string page_url(const Context& ctx, Face face) { return ctx.base() + (face == Face::admin ? "/admin/account/password" : "/account/password"); }

void show_form(Context& ctx, Face face, int status, const std::optional<domain::Error>& error) {
    auto d = ctx.page_data(ctx.t("account.password.title"), "password");
    if (face == Face::portal) d.set("portal_nav", true);
    d.set("form_action", page_url(ctx, face));
    if (error) add_error(ctx, d, *error);
    if (status == 200) ctx.notice_from_done(d, {{"password", "account.password.changed"}});
    ctx.render(status, "pages/password_change", std::move(d));
}

void change_password(Context& ctx, Face face) {
    const auto& me = ctx.session->user;
    auto current = ctx.form("current_password");
    auto password = ctx.form("password");
    auto account = ctx.db->read([&](storage::ReadTx& db) { return storage::user_store::find_by_id(db, me.id); });
    if (!account) return ctx.error_page(404, "error.not_found");
    // The current password is checked like a sign-in (same throttle), so a borrowed session cannot guess it.
    switch (check_password(ctx, me.email, account->password_hash, current)) {
        case CredentialCheck::rate_limited: return show_form(ctx, face, 429, domain::Error{"current_password", "error.too_many_attempts"});
        case CredentialCheck::busy: return show_form(ctx, face, 503, domain::Error{"current_password", "error.busy"});
        case CredentialCheck::mismatch: return show_form(ctx, face, 422, domain::Error{"current_password", "error.current_password_wrong"});
        case CredentialCheck::match: break;
    }
    if (auto problem = auth::check_password_policy(password, me.email)) return show_form(ctx, face, 422, problem);
    if (password != ctx.form("password_confirm"))
        return show_form(ctx, face, 422, domain::Error{"password_confirm", "error.password_confirm_differs"});
    auto new_hash = ctx.services.hasher.hash(password);
    if (!new_hash) {
        ctx.res.set_header("Retry-After", "5");
        return show_form(ctx, face, 503, domain::Error{"password", "error.busy"});
    }
    auto token = session_token(ctx, face);
    auto keep = token ? ctx.services.secret.keyed_hash(*token) : std::string{};
    ctx.db->write([&](storage::WriteTx& db) {
        storage::user_store::set_password_hash(db, me.id, *new_hash);
        // Everyone else signed in to this account (another browser, another face) is signed out; this browser stays.
        storage::session_store::remove_for_user(db, me.id, keep);
        audit::record(db, me.id, "password_changed", audit::subject(audit::RecordKind::user, me.id), face == Face::admin ? "admin" : "portal", ctx.client_ip);
    });
    ctx.redirect(page_url(ctx, face) + "?done=password");
}
}  // namespace

void admin_password_form(Context& ctx) { show_form(ctx, Face::admin, 200, std::nullopt); }
void admin_password_submit(Context& ctx) { change_password(ctx, Face::admin); }
// With code-only sign-in (the salon's portal_sign_in), customers have no password to change: like the portal's
// other password pages, these answer 404.
void portal_password_form(Context& ctx) {
    if (!domain::allows_password_sign_in(ctx.salon)) return ctx.error_page(404, "error.not_found");
    show_form(ctx, Face::portal, 200, std::nullopt);
}
void portal_password_submit(Context& ctx) {
    if (!domain::allows_password_sign_in(ctx.salon)) return ctx.error_page(404, "error.not_found");
    change_password(ctx, Face::portal);
}

}  // namespace salonbox::web
