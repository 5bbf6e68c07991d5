// Customer sign-in and sign-out of the portal.
#include "domain/text.h"
#include "web/handlers.h"
#include "web/sign_in.h"

namespace salonbox::web {

namespace {
void show_login(Context& ctx, int status, const std::string& email, const std::string& error_key) {
    auto d = ctx.page_data();
    d.set("next", safe_next(ctx, ctx.req.method == "POST" ? ctx.form("next") : ctx.query("next")));
    d.set("title", ctx.t("portal.login.title"));
    d.set("email", email);
    if (!error_key.empty()) d.set("error", ctx.t(error_key));
    ctx.notice_from_done(d, {{"reset", "portal.reset.done"}});
    if (domain::allows_password_sign_in(ctx.salon)) d.set("password_sign_in", true);
    if (domain::allows_code_sign_in(ctx.salon)) d.set("code_sign_in", true);
    ctx.render(status, "portal/login", std::move(d));
}
}  // namespace

void portal_login_form(Context& ctx) {
    if (ctx.session) {
        auto next = safe_next(ctx, ctx.query("next"));
        return ctx.redirect(next.empty() ? ctx.base() + "/account" : next);
    }
    show_login(ctx, 200, "", "");
}

void portal_login_submit(Context& ctx) {
    auto email = domain::normalize_email(ctx.form("email"));
    switch (sign_in(ctx, Face::portal, email, ctx.form("password"))) {
        case SignInOutcome::signed_in: {
            // Back to where the visitor was going (the booking page), when that is a page of this salon.
            auto next = safe_next(ctx, ctx.form("next"));
            return ctx.redirect(next.empty() ? ctx.base() + "/account" : next);
        }
        case SignInOutcome::wrong_credentials: return show_login(ctx, 422, email, "error.wrong_credentials");
        case SignInOutcome::rate_limited: return show_login(ctx, 429, email, "error.too_many_attempts");
        case SignInOutcome::busy: return show_login(ctx, 503, email, "error.busy");
    }
}

void portal_logout(Context& ctx) {
    sign_out(ctx, Face::portal);
    ctx.redirect(ctx.base() + "/login");
}

}  // namespace salonbox::web
