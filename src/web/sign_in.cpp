#include "web/sign_in.h"

#include "auth/device_cookie.h"
#include "auth/tokens.h"
#include "storage/audit_store.h"
#include "storage/user_store.h"

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
std::string face_name(Face face) { return face == Face::admin ? "admin" : "portal"; }
std::string user_subject(std::int64_t user_id) { return audit::subject(audit::RecordKind::user, user_id); }

void retry_after(Context& ctx, std::chrono::seconds wait) { ctx.res.set_header("Retry-After", std::to_string(wait.count())); }

constexpr int k_device_cookie_age = 365 * 24 * 3600;

// The account as the throttle and device cookies name it: the same whether the email exists or not.
std::string throttle_account(const Context& ctx, const std::string& email) { return ctx.salon.slug + "\n" + email; }
}  // namespace

CredentialCheck check_credential(Context& ctx, const std::string& email, const std::function<CredentialCheck()>& check) {
    auto& s = ctx.services;
    const auto account = throttle_account(ctx, email);
    const auto device_cookie = cookie_name(ctx, auth::device_cookie_name(s.secret, account));
    const auto cookie = read_cookie(ctx.req, device_cookie);
    const auto device = cookie ? auth::device_id(s.secret, account, *cookie) : std::nullopt;
    auto reservation = s.sign_in_throttle.reserve({account, ctx.client_ip, device.value_or("")});
    if (!reservation.granted()) {
        retry_after(ctx, reservation.retry_after);
        return CredentialCheck::rate_limited;
    }
    switch (check()) {
        case CredentialCheck::busy:
            s.sign_in_throttle.cancel(reservation);
            retry_after(ctx, std::chrono::seconds(5));
            return CredentialCheck::busy;
        case CredentialCheck::match: break;
        case CredentialCheck::mismatch:
        case CredentialCheck::rate_limited: return CredentialCheck::mismatch;
    }
    s.sign_in_throttle.succeeded(reservation);
    // This browser is now a known device of the account: strangers' failures no longer hold it back.
    if (!device) set_cookie(ctx, auth::device_cookie_name(s.secret, account), auth::new_device_cookie(s.secret, account), k_device_cookie_age);
    return CredentialCheck::match;
}

CredentialCheck check_password(Context& ctx, const std::string& email, const std::string& password_hash, const std::string& password) {
    return check_credential(ctx, email, [&] {
        auto& hasher = ctx.services.hasher;
        switch (password_hash.empty() ? hasher.verify_nobody(password) : hasher.verify(password_hash, password)) {
            case auth::PasswordHasher::Verdict::busy: return CredentialCheck::busy;
            case auth::PasswordHasher::Verdict::match: return CredentialCheck::match;
            case auth::PasswordHasher::Verdict::mismatch: break;
        }
        return CredentialCheck::mismatch;
    });
}

SignInOutcome sign_in(Context& ctx, Face face, const std::string& email, const std::string& password) {
    auto& s = ctx.services;
    auto user = ctx.db->read([&](storage::ReadTx& db) { return storage::user_store::find_by_email(db, email); });
    bool eligible = user && user->active && !user->password_hash.empty() &&
                    (face == Face::admin ? domain::is_staff(user->role) : user->role == domain::Role::customer);
    switch (check_password(ctx, email, eligible ? user->password_hash : std::string{}, password)) {
        case CredentialCheck::rate_limited: return SignInOutcome::rate_limited;
        case CredentialCheck::busy: return SignInOutcome::busy;
        case CredentialCheck::mismatch:
            if (user) {
                ctx.db->write([&](storage::WriteTx& db) {
                    audit::record(db, user->id, "sign_in_failed", user_subject(user->id), face_name(face), ctx.client_ip);
                });
            }
            return SignInOutcome::wrong_credentials;
        case CredentialCheck::match: break;
    }

    std::optional<std::string> upgraded;
    if (auth::PasswordHasher::needs_rehash(user->password_hash)) upgraded = s.hasher.hash(password);

    // A new token at every sign-in; the session this browser had before on this face ends.
    auto token = auth::random_token(32);
    auto token_hash = s.secret.keyed_hash(token);
    auto old_token = session_token(ctx, face);
    ctx.db->write([&](storage::WriteTx& db) {
        if (old_token) storage::session_store::remove(db, s.secret.keyed_hash(*old_token));
        storage::session_store::insert(db, token_hash, user->id, face_name(face), ctx.now(), s.session_limits);
        if (upgraded) storage::user_store::upgrade_password_hash(db, user->id, user->password_hash, *upgraded);
        audit::record(db, user->id, "sign_in", user_subject(user->id), face_name(face), ctx.client_ip);
    });
    set_cookie(ctx, session_cookie(ctx.salon.slug, face), token, std::nullopt);
    return SignInOutcome::signed_in;
}

std::string session_cookie(const std::string& slug, Face face) { return "sb-" + slug + "-" + face_name(face); }

std::optional<std::string> session_token(const Context& ctx, Face face) {
    return read_cookie(ctx.req, cookie_name(ctx, session_cookie(ctx.salon.slug, face)));
}

void sign_out(Context& ctx, Face face) {
    auto token = session_token(ctx, face);
    if (token) {
        auto hash = ctx.services.secret.keyed_hash(*token);
        ctx.db->write([&](storage::WriteTx& db) {
            storage::session_store::remove(db, hash);
            if (ctx.session) audit::record(db, ctx.session->user.id, "sign_out", user_subject(ctx.session->user.id), face_name(face), ctx.client_ip);
        });
    }
    set_cookie(ctx, session_cookie(ctx.salon.slug, face), "", 0);
}

}  // namespace salonbox::web
