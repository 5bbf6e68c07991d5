// Customer sign-in, sign-out and the forgot/reset password pages of the portal.
#include "auth/password.h"
#include "auth/tokens.h"
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/password_token_store.h"
#include "storage/session_store.h"
#include "storage/user_store.h"
#include "web/emails.h"
#include "web/handlers.h"
#include "web/sign_in.h"

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
void show_login(Context& ctx, int status, const std::string& email, const std::string& error_key) {
    auto d = ctx.page_data();
    d.set("title", ctx.t("portal.login.title"));
    d.set("email", email);
    if (!error_key.empty()) d.set("error", ctx.t(error_key));
    ctx.notice_from_done(d, {{"reset", "portal.reset.done"}});
    ctx.render(status, "portal/login", std::move(d));
}

void show_forgot(Context& ctx, int status, const std::string& email, const std::string& error_key, bool sent) {
    auto d = ctx.page_data();
    d.set("title", ctx.t("portal.forgot.title"));
    d.set("email", email);
    if (!error_key.empty()) d.set("error", ctx.t(error_key));
    if (sent) d.set("sent", true);
    ctx.render(status, "portal/forgot", std::move(d));
}

void show_reset(Context& ctx, int status, const std::string& token, const std::string& field_error_key) {
    auto d = ctx.page_data();
    d.set("title", ctx.t("portal.reset.title"));
    d.set("token", token);
    if (!field_error_key.empty()) {
        d.set("password_error", ctx.t(field_error_key));
        d.set("error", ctx.t(field_error_key));
    }
    ctx.render(status, "portal/reset", std::move(d));
}

constexpr auto k_reset_lifetime = std::chrono::hours(1);
}  // namespace

void portal_login_form(Context& ctx) {
    if (ctx.session) return ctx.redirect(ctx.base() + "/account");
    show_login(ctx, 200, "", "");
}

void portal_login_submit(Context& ctx) {
    auto email = domain::normalize_email(ctx.form("email"));
    switch (sign_in(ctx, Face::portal, email, ctx.form("password"))) {
        case SignInOutcome::signed_in: return ctx.redirect(ctx.base() + "/account");
        case SignInOutcome::wrong_credentials: return show_login(ctx, 422, email, "error.wrong_credentials");
        case SignInOutcome::rate_limited: return show_login(ctx, 429, email, "error.too_many_attempts");
        case SignInOutcome::busy: return show_login(ctx, 503, email, "error.busy");
    }
}

void portal_logout(Context& ctx) {
    sign_out(ctx, Face::portal);
    ctx.redirect(ctx.base() + "/login");
}

void portal_forgot_form(Context& ctx) { show_forgot(ctx, 200, "", "", false); }

void portal_forgot_submit(Context& ctx) {
    auto email = domain::normalize_email(ctx.form("email"));
    if (!domain::is_plausible_email(email)) return show_forgot(ctx, 422, ctx.form("email"), "error.email_invalid", false);
    auto& s = ctx.services;
    const std::string ip_key = "reset-ip:" + ctx.client_ip;
    const std::string account_key = "reset:" + ctx.salon.slug + ":" + email;
    if (auto wait = std::max(s.reset_per_ip.retry_after(ip_key), s.reset_per_account.retry_after(account_key)); wait.count() > 0) {
        ctx.res.set_header("Retry-After", std::to_string(wait.count()));
        return show_forgot(ctx, 429, email, "error.too_many_attempts", false);
    }
    s.reset_per_ip.record(ip_key);
    s.reset_per_account.record(account_key);
    // Known or not, the answer is the same page; only a real, active customer account gets an email.
    auto token = auth::random_token(32);
    ctx.db->write([&](storage::WriteTx& db) {
        auto user = storage::user_store::find_by_email(db, email);
        if (!user || !user->active || user->role != domain::Role::customer) return;
        auto now = ctx.now();
        storage::password_token_store::issue(db, s.secret.keyed_hash(token), user->id, "reset", now, now + k_reset_lifetime);
        PasswordLinkEmail mail;
        mail.to_address = user->email;
        mail.to_name = user->display_name;
        mail.locale = view::choose_locale(user->locale, "", ctx.salon.locale);
        mail.link = s.link_base() + ctx.base() + "/password/reset?token=" + token;
        mail.portal_url = s.link_base() + ctx.base() + "/login";
        enqueue_password_link(db, s.templates, s.catalogs, ctx.salon, mail);
        audit::record(db, user->id, "password_reset_requested", audit::subject(audit::RecordKind::user, user->id), "portal", ctx.client_ip);
    });
    s.wake_mail_sender();
    show_forgot(ctx, 200, email, "", true);
}

void portal_reset_form(Context& ctx) {
    auto token = ctx.query("token");
    auto valid = !token.empty() && ctx.db->read([&](storage::ReadTx& db) {
        return storage::password_token_store::find_valid(db, ctx.services.secret.keyed_hash(token), ctx.now()).has_value();
    });
    if (!valid) return ctx.error_page(410, "error.link_expired");
    // The token stays out of the Referer of anything this page loads, and out of caches.
    show_reset(ctx, 200, token, "");
}

void portal_reset_submit(Context& ctx) {
    auto token = ctx.form("token");
    auto password = ctx.form("password");
    auto hash = ctx.services.secret.keyed_hash(token);
    auto user = ctx.db->read([&](storage::ReadTx& db) -> std::optional<storage::User> {
        auto id = storage::password_token_store::find_valid(db, hash, ctx.now());
        return id ? storage::user_store::find_by_id(db, *id) : std::nullopt;
    });
    if (token.empty() || !user) return ctx.error_page(410, "error.link_expired");
    if (auto problem = auth::check_password_policy(password, user->email)) return show_reset(ctx, 422, token, problem->message_key);
    auto new_hash = ctx.services.hasher.hash(password);
    if (!new_hash) {
        ctx.res.set_header("Retry-After", "5");
        return show_reset(ctx, 503, token, "error.busy");
    }
    bool done = ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::password_token_store::consume(db, hash, ctx.now())) return false;
        storage::user_store::set_password_hash(db, user->id, *new_hash);
        // A new password ends every session of the account, in both faces.
        storage::session_store::remove_for_user(db, user->id);
        audit::record(db, user->id, "password_reset", audit::subject(audit::RecordKind::user, user->id), "portal", ctx.client_ip);
        return true;
    });
    if (!done) return ctx.error_page(410, "error.link_expired");
    ctx.redirect(ctx.base() + (domain::is_staff(user->role) ? "/admin/login?done=reset" : "/login?done=reset"));
}

}  // namespace salonbox::web
