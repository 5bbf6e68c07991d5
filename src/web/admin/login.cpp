// Staff sign-in and sign-out of the admin panel.
#include "auth/tokens.h"
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/user_store.h"
#include "web/handlers.h"
#include "web/sign_in.h"

namespace salonbox::web {

namespace {
void show_form(Context& ctx, int status, const std::string& email, const std::string& error_key) {
    auto d = ctx.page_data();
    d.set("title", ctx.t("admin.login.title"));
    d.set("email", email);
    if (!error_key.empty()) d.set("error", ctx.t(error_key));
    ctx.notice_from_done(d, {{"reset", "portal.reset.done"}});
    ctx.render(status, "admin/login", std::move(d));
}
}  // namespace

void admin_login_form(Context& ctx) {
    if (ctx.session && domain::is_staff(ctx.session->user.role)) return ctx.redirect(ctx.base() + "/admin");
    show_form(ctx, 200, "", "");
}

void admin_login_submit(Context& ctx) {
    auto email = domain::normalize_email(ctx.form("email"));
    auto outcome = sign_in(ctx, Face::admin, email, ctx.form("password"));
    switch (outcome) {
        case SignInOutcome::signed_in: return ctx.redirect(ctx.base() + "/admin");
        case SignInOutcome::wrong_credentials: return show_form(ctx, 422, email, "error.wrong_credentials");
        case SignInOutcome::rate_limited: return show_form(ctx, 429, email, "error.too_many_attempts");
        case SignInOutcome::busy: return show_form(ctx, 503, email, "error.busy");
    }
}

void admin_logout(Context& ctx) {
    sign_out(ctx, Face::admin);
    ctx.redirect(ctx.base() + "/admin/login");
}

}  // namespace salonbox::web
