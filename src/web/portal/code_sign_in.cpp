// Customer sign-in with an emailed six-digit code, and the picker for a client known to several salons of this box.
//
// The code request answers everyone alike: whoever types an address gets a challenge cookie and the code page;
// who may sign in (sign_in_code_store::find_recipient) is looked up after the answer, and only they get a code.
// A verified code signs in directly, or, when the address is a customer's in several open salons, hands a
// signed picker ticket (email and expiry only) to /login/choose.
#include "auth/one_time_code.h"
#include "auth/tokens.h"
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/outbox_store.h"
#include "storage/session_store.h"
#include "storage/sign_in_code_store.h"
#include "storage/user_store.h"
#include "view/i18n.h"
#include "web/emails.h"
#include "web/handlers.h"
#include "web/sign_in.h"

#include <algorithm>

namespace salonbox::web {

namespace audit = storage::audit_store;
namespace codes = storage::sign_in_code_store;

namespace {
constexpr auto k_picker_lifetime = std::chrono::minutes(10);

std::string challenge_cookie(const Context& ctx) { return "sb-" + ctx.salon.slug + "-code"; }
std::string picker_cookie(const Context& ctx) { return "sb-" + ctx.salon.slug + "-choose"; }

// Where to go once signed in (the booking page that sent the visitor here): carried by each form and redirect
// of the code flow, from the posted form or the query string, and only when it is a page of this salon.
std::string booking_next(const Context& ctx) { return safe_next(ctx, ctx.has_form("next") ? ctx.form("next") : ctx.query("next")); }

std::string with_next(const Context& ctx, std::string url) {
    auto next = booking_next(ctx);
    if (next.empty()) return url;
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "next=" + url_encode(next);
}

// The sign-in page with the code form's message (the password form's messages come from portal/sign_in.cpp).
void show_login_for_code(Context& ctx, int status, const std::string& email, const std::string& error_key) {
    auto d = ctx.page_data();
    d.set("title", ctx.t("portal.login.title"));
    d.set("code_email", email);
    d.set("code_error", ctx.t(error_key));
    d.set("code_sign_in", true);
    d.set("next", booking_next(ctx));
    if (domain::allows_password_sign_in(ctx.salon)) d.set("password_sign_in", true);
    ctx.render(status, "portal/login", std::move(d));
}

bool throttled(Context& ctx, const std::string& email) {
    auto& s = ctx.services;
    const std::string ip_key = "code-ip:" + ctx.client_ip;
    const std::string address_key = "code:" + ctx.salon.slug + ":" + email;
    if (auto wait = std::max(s.code_per_ip.retry_after(ip_key), s.code_per_address.retry_after(address_key)); wait.count() > 0) {
        ctx.res.set_header("Retry-After", std::to_string(wait.count()));
        return true;
    }
    s.code_per_ip.record(ip_key);
    s.code_per_address.record(address_key);
    return false;
}

// Looks up who may get the code of the challenge `handle_hash` and emails it to them, after the answer, on the
// mail sender's thread: the page, and the time it takes, are the same for every address. A code that a later
// resend has replaced is not sent.
void send_code_later(Context& ctx, const std::string& handle_hash, const std::string& code, const std::string& code_hash) {
    auto& s = ctx.services;
    s.run_in_background([&s, slug = ctx.salon.slug, ip = ctx.client_ip, handle_hash, code, code_hash] {
        auto db = s.registry.open(slug);
        if (!db) return;
        const auto salon = s.registry.settings(slug);
        bool sent = db->write([&](storage::WriteTx& c) {
            const auto now = c.now();
            auto challenge = codes::find_open(c, handle_hash, now);
            if (!challenge || challenge->code_hash != code_hash) return false;
            // A resend asks the rules again for the customer of the first request: the record may have changed.
            auto to = challenge->customer_id ? codes::find_recipient_by_id(c, *challenge->customer_id) : codes::find_recipient(c, challenge->email);
            if (!to) return false;
            if (!challenge->customer_id && !codes::set_recipient(c, challenge->id, to->customer_id, now)) return false;
            SignInCodeEmail email;
            email.to_address = to->email;
            email.to_name = to->name;
            email.greeting_name = greeting_name(c, to->customer_id, to->name);
            email.locale = view::choose_locale(to->locale, "", salon.locale);
            email.code = code;
            email.portal_url = s.link_base() + "/s/" + slug + "/login";
            storage::outbox_store::enqueue(c, sign_in_code_message(MailContext{s.templates, s.catalogs, s.secret, s.link_base()}, salon, email));
            audit::record(c, to->account_id, "sign_in_code_sent", audit::subject(audit::RecordKind::customer, to->customer_id), "", ip);
            return true;
        });
        if (sent) s.wake_mail_sender();
    });
}

// The challenge of this browser's cookie: its handle's keyed hash, or "" without a cookie.
std::string challenge_handle_hash(Context& ctx) {
    auto handle = read_cookie(ctx.req, cookie_name(ctx, challenge_cookie(ctx)));
    return handle && !handle->empty() ? ctx.services.secret.keyed_hash(*handle) : std::string{};
}

enum class SessionOutcome { signed_in, refused };

// Signs the customer into `slug`'s portal: creates the portal account (without a password) on a first
// sign-in, in the same transaction as the session. A record that is archived, or whose access staff disabled,
// is refused.
SessionOutcome start_session(Context& ctx, storage::Database& db, const std::string& slug, std::int64_t customer_id) {
    auto& s = ctx.services;
    auto token = auth::random_token(32);
    auto old_token = read_cookie(ctx.req, cookie_name(ctx, session_cookie(slug, Face::portal)));
    bool ok = db.write([&](storage::WriteTx& c) {
        auto who = codes::find_recipient_by_id(c, customer_id);
        if (!who) return false;
        auto account_id = who->account_id;
        if (!account_id) {
            storage::User account;
            account.email = who->email;
            account.role = domain::Role::customer;
            account.display_name = who->name;
            account.locale = who->locale;
            account.customer_id = who->customer_id;
            auto inserted = storage::user_store::insert(c, account);
            // duplicate_email: the address became another account's; find_recipient_by_id ruled that out above,
            // inside this same write, so this only guards the rule's future edits.
            if (!inserted) {
                c.cancel();
                return false;
            }
            account_id = inserted.value();
            audit::record(c, *account_id, "portal_account_created", audit::subject(audit::RecordKind::user, *account_id), "code",
                          ctx.client_ip);
        }
        if (old_token) storage::session_store::remove(c, s.secret.keyed_hash(*old_token));
        storage::session_store::insert(c, s.secret.keyed_hash(token), *account_id, "portal", c.now(), s.session_limits);
        audit::record(c, *account_id, "sign_in", audit::subject(audit::RecordKind::user, *account_id), "portal code", ctx.client_ip);
        return true;
    });
    if (!ok) return SessionOutcome::refused;
    set_cookie(ctx, session_cookie(slug, Face::portal), token, std::nullopt);
    return SessionOutcome::signed_in;
}

void show_code_form(Context& ctx, int status, const std::string& email, const std::string& error_key) {
    auto d = ctx.page_data();
    d.set("title", ctx.t("portal.code.title"));
    d.set("email", email);
    d.set("next", booking_next(ctx));
    if (!error_key.empty()) d.set("error", ctx.t(error_key));
    ctx.notice_from_done(d, {{"resent", "portal.code.resent"}});
    ctx.render(status, "portal/code", std::move(d));
}

// The picker's email, from this browser's ticket; nothing when it is missing, forged or expired.
std::optional<std::string> picker_email(Context& ctx) {
    auto ticket = read_cookie(ctx.req, cookie_name(ctx, picker_cookie(ctx)));
    if (!ticket) return std::nullopt;
    return auth::open_picker_ticket(ctx.services.secret, *ticket, ctx.now());
}
}  // namespace

void portal_code_request(Context& ctx) {
    auto typed = ctx.form("email");
    auto email = domain::normalize_email(typed);
    if (!domain::is_plausible_email(email)) return show_login_for_code(ctx, 422, typed, "error.email_invalid");
    if (throttled(ctx, email)) return show_login_for_code(ctx, 429, email, "error.too_many_codes");

    auto& s = ctx.services;
    auto handle = auth::random_token(32);
    auto handle_hash = s.secret.keyed_hash(handle);
    auto code = auth::new_sign_in_code();
    auto code_hash = auth::sign_in_code_hash(s.secret, handle_hash, code);
    auto now = ctx.now();
    ctx.db->write([&](storage::WriteTx& db) { codes::start(db, handle_hash, email, std::nullopt, code_hash, now, now + auth::code_lifetime); });
    send_code_later(ctx, handle_hash, code, code_hash);
    set_cookie(ctx, challenge_cookie(ctx), handle, static_cast<int>(std::chrono::seconds(auth::code_lifetime).count()));
    ctx.redirect(with_next(ctx, ctx.base() + "/login/code"));
}

void portal_code_form(Context& ctx) {
    auto hash = challenge_handle_hash(ctx);
    auto challenge = hash.empty() ? std::nullopt : ctx.db->read([&](storage::ReadTx& db) { return codes::find_open(db, hash, ctx.now()); });
    if (!challenge) return ctx.redirect(ctx.base() + "/login");
    show_code_form(ctx, 200, challenge->email, "");
}

void portal_code_resend(Context& ctx) {
    auto hash = challenge_handle_hash(ctx);
    auto now = ctx.now();
    auto challenge = hash.empty() ? std::nullopt : ctx.db->read([&](storage::ReadTx& db) { return codes::find_open(db, hash, now); });
    if (!challenge) return show_login_for_code(ctx, 410, "", "error.code_expired");
    if (throttled(ctx, challenge->email)) return show_code_form(ctx, 429, challenge->email, "error.too_many_codes");

    auto code = auth::new_sign_in_code();
    auto code_hash = auth::sign_in_code_hash(ctx.services.secret, hash, code);
    bool replaced = ctx.db->write([&](storage::WriteTx& db) { return codes::replace_code(db, challenge->id, code_hash, now, now + auth::code_lifetime); });
    if (!replaced) return show_login_for_code(ctx, 410, "", "error.code_expired");
    send_code_later(ctx, hash, code, code_hash);
    set_cookie(ctx, challenge_cookie(ctx), *read_cookie(ctx.req, cookie_name(ctx, challenge_cookie(ctx))),
               static_cast<int>(std::chrono::seconds(auth::code_lifetime).count()));
    ctx.redirect(with_next(ctx, ctx.base() + "/login/code?done=resent"));
}

void portal_code_verify(Context& ctx) {
    auto& s = ctx.services;
    auto hash = challenge_handle_hash(ctx);
    auto now = ctx.now();
    auto challenge = hash.empty() ? std::nullopt : ctx.db->read([&](storage::ReadTx& db) { return codes::find_open(db, hash, now); });
    if (!challenge) return show_login_for_code(ctx, 410, "", "error.code_expired");
    const auto email = challenge->email;
    auto typed = auth::parse_sign_in_code(ctx.form("code"));

    // A code is a credential of the account like its password: its guesses count under the same sign-in
    // throttle (per account and client address, per address), besides the challenge's own 5 wrong entries.
    enum class Verdict { expired, wrong, ended, verified };
    auto verdict = Verdict::expired;
    std::int64_t customer_id = 0;
    auto check = check_credential(ctx, email, [&] {
        verdict = ctx.db->write([&](storage::WriteTx& db) {
            auto open = codes::find_open(db, hash, now);
            if (!open) return Verdict::expired;
            // A challenge for an address that may not sign in has a code nobody was sent: it only counts failures.
            bool right = typed && open->customer_id &&
                         auth::constant_time_equal(auth::sign_in_code_hash(s.secret, hash, *typed), open->code_hash);
            if (!right) {
                int failures = codes::record_failure(db, open->id, auth::code_max_failures, now);
                return failures >= auth::code_max_failures ? Verdict::ended : Verdict::wrong;
            }
            if (!codes::consume(db, open->id, now)) return Verdict::expired;
            customer_id = *open->customer_id;
            return Verdict::verified;
        });
        return verdict == Verdict::verified ? CredentialCheck::match : CredentialCheck::mismatch;
    });
    if (check == CredentialCheck::rate_limited) return show_code_form(ctx, 429, email, "error.too_many_attempts");
    switch (verdict) {
        case Verdict::expired: return show_login_for_code(ctx, 410, email, "error.code_expired");
        case Verdict::ended:
            set_cookie(ctx, challenge_cookie(ctx), "", 0);
            return show_login_for_code(ctx, 422, email, "error.code_too_many_wrong");
        case Verdict::wrong: return show_code_form(ctx, 422, email, "error.code_wrong");
        case Verdict::verified: break;
    }
    set_cookie(ctx, challenge_cookie(ctx), "", 0);

    // The address is proven: now, and only now, ask which salons of this box know it.
    auto recipient = ctx.db->read([&](storage::ReadTx& db) { return codes::find_recipient_by_id(db, customer_id); });
    if (!recipient) return show_login_for_code(ctx, 403, email, "error.portal_access_disabled");
    auto salons = codes::salons_for_verified_email(s.registry, recipient->email);
    if (salons.size() > 1) {
        set_cookie(ctx, picker_cookie(ctx), auth::issue_picker_ticket(s.secret, recipient->email, now + k_picker_lifetime),
                   static_cast<int>(std::chrono::seconds(k_picker_lifetime).count()));
        return ctx.redirect(ctx.base() + "/login/choose");
    }
    if (start_session(ctx, *ctx.db, ctx.salon.slug, customer_id) != SessionOutcome::signed_in)
        return show_login_for_code(ctx, 403, email, "error.portal_access_disabled");
    auto next = booking_next(ctx);
    ctx.redirect(next.empty() ? ctx.base() + "/account" : next);
}

void portal_choose_form(Context& ctx) {
    auto email = picker_email(ctx);
    if (!email) return show_login_for_code(ctx, 410, "", "error.code_expired");
    auto d = ctx.page_data();
    d.set("title", ctx.t("portal.choose.title"));
    view::Data list{view::Data::type::list};
    for (const auto& salon : codes::salons_for_verified_email(ctx.services.registry, *email)) {
        view::Data item;
        item.set("slug", salon.slug);
        item.set("name", salon.name);
        list.push_back(item);
    }
    d.set("salons", list);
    ctx.render(200, "portal/choose", std::move(d));
}

void portal_choose_submit(Context& ctx) {
    auto email = picker_email(ctx);
    if (!email) return show_login_for_code(ctx, 410, "", "error.code_expired");
    auto chosen = ctx.form("salon");
    auto salons = codes::salons_for_verified_email(ctx.services.registry, *email);
    bool listed = std::any_of(salons.begin(), salons.end(), [&](const codes::SalonChoice& c) { return c.slug == chosen; });
    auto db = listed ? ctx.services.registry.open(chosen) : nullptr;
    auto customer = db ? db->read([&](storage::ReadTx& c) { return codes::find_recipient(c, *email); }) : std::nullopt;
    if (!customer || start_session(ctx, *db, chosen, customer->customer_id) != SessionOutcome::signed_in)
        return ctx.error_page(404, "error.not_found");
    set_cookie(ctx, picker_cookie(ctx), "", 0);
    ctx.redirect("/s/" + chosen + "/account");
}

}  // namespace salonbox::web
