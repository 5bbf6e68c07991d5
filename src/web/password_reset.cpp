// Forgot-password and reset pages of both faces: the portal's for customers, the admin panel's for the team.
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
const char* face_label(Face face) { return face == Face::admin ? "admin" : "portal"; }

// Where a face keeps its pages: "/s/demo" for the portal, "/s/demo/admin" for the admin panel.
std::string face_base(const Context& ctx, Face face) { return ctx.base() + (face == Face::admin ? "/admin" : ""); }

void show_forgot(Context& ctx, Face face, int status, const std::string& email, const std::string& error_key, bool sent) {
    auto d = ctx.page_data();
    d.set("title", ctx.t("portal.forgot.title"));
    d.set("email", email);
    d.set("form_action", face_base(ctx, face) + "/password/forgot");
    d.set("sign_in_url", face_base(ctx, face) + "/login");
    if (!error_key.empty()) d.set("error", ctx.t(error_key));
    if (sent) d.set("sent", true);
    ctx.render(status, "pages/password_forgot", std::move(d));
}

void show_reset(Context& ctx, Face face, int status, const std::string& token, const std::string& field_error_key) {
    auto d = ctx.page_data();
    d.set("title", ctx.t("portal.reset.title"));
    d.set("token", token);
    d.set("form_action", face_base(ctx, face) + "/password/reset");
    if (!field_error_key.empty()) {
        d.set("password_error", ctx.t(field_error_key));
        d.set("error", ctx.t(field_error_key));
    }
    ctx.render(status, "pages/password_reset", std::move(d));
}

bool may_use(Face face, const storage::User& user) {
    return user.active && (face == Face::admin ? domain::is_staff(user.role) : user.role == domain::Role::customer);
}

void forgot_submit(Context& ctx, Face face) {
    auto email = domain::normalize_email(ctx.form("email"));
    if (!domain::is_plausible_email(email)) return show_forgot(ctx, face, 422, ctx.form("email"), "error.email_invalid", false);
    auto& s = ctx.services;
    const std::string ip_key = "reset-ip:" + ctx.client_ip;
    const std::string account_key = "reset:" + ctx.salon.slug + ":" + email;
    if (auto wait = std::max(s.reset_per_ip.retry_after(ip_key), s.reset_per_account.retry_after(account_key)); wait.count() > 0) {
        ctx.res.set_header("Retry-After", std::to_string(wait.count()));
        return show_forgot(ctx, face, 429, email, "error.too_many_attempts", false);
    }
    s.reset_per_ip.record(ip_key);
    s.reset_per_account.record(account_key);
    // Whether the account exists is looked up after the answer, on the mail sender's thread: the page, and the
    // time it takes, are the same for every address.
    s.run_in_background([&s, face, email, slug = ctx.salon.slug, ip = ctx.client_ip, link_base = s.link_base()] {
        auto db = s.registry.open(slug);
        if (!db) return;
        auto salon = s.registry.settings(slug);
        db->write([&](storage::WriteTx& c) {
            auto user = storage::user_store::find_by_email(c, email);
            if (!user || !may_use(face, *user)) return;
            email_reset_link(c, MailContext{s.templates, s.catalogs, s.secret, link_base}, salon, *user);
            audit::record(c, user->id, "password_reset_requested", audit::subject(audit::RecordKind::user, user->id), face_label(face), ip);
        });
        s.wake_mail_sender();
    });
    show_forgot(ctx, face, 200, email, "", true);
}

// An expired, used or unknown reset or invitation link: the page offers to send a new one at once.
void link_expired(Context& ctx, Face face) {
    auto d = ctx.error_data(410, "error.link_expired");
    // A salon whose customers sign in with codes only has no forgot-password page for them: the sign-in
    // page the error links back to sends a code instead.
    if (face == Face::admin || domain::allows_password_sign_in(ctx.salon)) {
        d.set("action_url", face_base(ctx, face) + "/password/forgot");
        d.set("action_label", ctx.t("error.send_new_link"));
    }
    ctx.render(410, "pages/error", std::move(d));
}

void reset_form(Context& ctx, Face face) {
    auto token = ctx.query("token");
    auto valid = !token.empty() && ctx.db->read([&](storage::ReadTx& db) {
        return storage::password_token_store::find_valid(db, ctx.services.secret.keyed_hash(token), ctx.now()).has_value();
    });
    if (!valid) return link_expired(ctx, face);
    show_reset(ctx, face, 200, token, "");
}

void reset_submit(Context& ctx, Face face) {
    auto token = ctx.form("token");
    auto password = ctx.form("password");
    auto hash = ctx.services.secret.keyed_hash(token);
    auto user = ctx.db->read([&](storage::ReadTx& db) -> std::optional<storage::User> {
        auto id = storage::password_token_store::find_valid(db, hash, ctx.now());
        return id ? storage::user_store::find_by_id(db, *id) : std::nullopt;
    });
    if (token.empty() || !user) return link_expired(ctx, face);
    if (auto problem = auth::check_password_policy(password, user->email)) return show_reset(ctx, face, 422, token, problem->message_key);
    auto new_hash = ctx.services.hasher.hash(password);
    if (!new_hash) {
        ctx.res.set_header("Retry-After", "5");
        return show_reset(ctx, face, 503, token, "error.busy");
    }
    // A customer who just chose a password (an invitation or a reset) lands signed in to the portal; the team
    // signs in anew.
    const bool customer = user->role == domain::Role::customer;
    const auto session_token = auth::random_token(32);
    bool done = ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::password_token_store::consume(db, hash, ctx.now())) return false;
        storage::user_store::set_password_hash(db, user->id, *new_hash);
        // A new password ends every session of the account, in both faces.
        storage::session_store::remove_for_user(db, user->id);
        audit::record(db, user->id, "password_reset", audit::subject(audit::RecordKind::user, user->id), face_label(face), ctx.client_ip);
        if (customer) {
            storage::session_store::insert(db, ctx.services.secret.keyed_hash(session_token), user->id, "portal", db.now(),
                                           ctx.services.session_limits);
            audit::record(db, user->id, "sign_in", audit::subject(audit::RecordKind::user, user->id), "portal password", ctx.client_ip);
        }
        return true;
    });
    if (!done) return link_expired(ctx, face);
    if (!customer) return ctx.redirect(ctx.base() + "/admin/login?done=reset");
    set_cookie(ctx, session_cookie(ctx.salon.slug, Face::portal), session_token, std::nullopt);
    ctx.redirect(ctx.base() + "/account");
}
}  // namespace

void portal_forgot_form(Context& ctx) { show_forgot(ctx, Face::portal, 200, "", "", false); }
void portal_forgot_submit(Context& ctx) { forgot_submit(ctx, Face::portal); }
void portal_reset_form(Context& ctx) { reset_form(ctx, Face::portal); }
void portal_reset_submit(Context& ctx) { reset_submit(ctx, Face::portal); }

void admin_forgot_form(Context& ctx) { show_forgot(ctx, Face::admin, 200, "", "", false); }
void admin_forgot_submit(Context& ctx) { forgot_submit(ctx, Face::admin); }
void admin_reset_form(Context& ctx) { reset_form(ctx, Face::admin); }
void admin_reset_submit(Context& ctx) { reset_submit(ctx, Face::admin); }

}  // namespace salonbox::web
