#include "web/sign_in.h"

#include "auth/tokens.h"
#include "storage/audit_store.h"
#include "storage/user_store.h"

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
std::string face_name(Face face) { return face == Face::admin ? "admin" : "portal"; }
std::string user_subject(std::int64_t user_id) { return audit::subject(audit::RecordKind::user, user_id); }
std::string session_cookie(const Context& ctx, Face face) { return "sb-" + ctx.salon.slug + "-" + face_name(face); }

void retry_after(Context& ctx, std::chrono::seconds wait) { ctx.res.set_header("Retry-After", std::to_string(wait.count())); }
}  // namespace

SignInOutcome sign_in(Context& ctx, Face face, const std::string& email, const std::string& password) {
    auto& s = ctx.services;
    const std::string ip_key = "ip:" + ctx.client_ip;
    const std::string account_key = "account:" + ctx.salon.slug + ":" + email;
    if (auto wait = std::max(s.signin_per_ip.retry_after(ip_key), s.signin_per_account.retry_after(account_key)); wait.count() > 0) {
        retry_after(ctx, wait);
        return SignInOutcome::rate_limited;
    }
    s.signin_per_ip.record(ip_key);

    auto user = ctx.db->read([&](storage::ReadTx& db) { return storage::user_store::find_by_email(db, email); });
    bool eligible = user && user->active && !user->password_hash.empty() &&
                    (face == Face::admin ? domain::is_staff(user->role) : user->role == domain::Role::customer);
    auto verdict = eligible ? s.hasher.verify(user->password_hash, password) : s.hasher.verify_nobody(password);
    if (verdict == auth::PasswordHasher::Verdict::busy) {
        retry_after(ctx, std::chrono::seconds(5));
        return SignInOutcome::busy;
    }
    if (verdict != auth::PasswordHasher::Verdict::match) {
        s.signin_per_account.record(account_key);
        if (user) {
            ctx.db->write([&](storage::WriteTx& db) {
                audit::record(db, user->id, "sign_in_failed", user_subject(user->id), face_name(face), ctx.client_ip);
            });
        }
        return SignInOutcome::wrong_credentials;
    }
    s.signin_per_account.clear(account_key);

    std::optional<std::string> upgraded;
    if (auth::PasswordHasher::needs_rehash(user->password_hash)) upgraded = s.hasher.hash(password);

    // A new token at every sign-in; the session this browser had before on this face ends.
    auto token = auth::random_token(32);
    auto token_hash = s.secret.keyed_hash(token);
    auto old_token = read_cookie(ctx.req, cookie_name(ctx, session_cookie(ctx, face)));
    ctx.db->write([&](storage::WriteTx& db) {
        if (old_token) storage::session_store::remove(db, s.secret.keyed_hash(*old_token));
        storage::session_store::insert(db, token_hash, user->id, face_name(face), ctx.now(), s.session_limits);
        if (upgraded) storage::user_store::upgrade_password_hash(db, user->id, user->password_hash, *upgraded);
        audit::record(db, user->id, "sign_in", user_subject(user->id), face_name(face), ctx.client_ip);
    });
    set_cookie(ctx, session_cookie(ctx, face), token, std::nullopt);
    return SignInOutcome::signed_in;
}

void sign_out(Context& ctx, Face face) {
    auto token = read_cookie(ctx.req, cookie_name(ctx, session_cookie(ctx, face)));
    if (token) {
        auto hash = ctx.services.secret.keyed_hash(*token);
        ctx.db->write([&](storage::WriteTx& db) {
            storage::session_store::remove(db, hash);
            if (ctx.session) audit::record(db, ctx.session->user.id, "sign_out", user_subject(ctx.session->user.id), face_name(face), ctx.client_ip);
        });
    }
    set_cookie(ctx, session_cookie(ctx, face), "", 0);
}

}  // namespace salonbox::web
