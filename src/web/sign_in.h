// Signing in and out with a password, shared by the admin panel and the customer portal.
#pragma once

#include "web/context.h"

#include <functional>
#include <string>

namespace salonbox::web {

enum class CredentialCheck { match, mismatch, rate_limited, busy };

// Runs `check` (a password or an emailed code of the account `email`; it answers match, mismatch or busy)
// under the sign-in throttle of auth/sign_in_throttle.h: the attempt is reserved before `check` runs, so
// password and code guesses share one budget per account and client address. rate_limited (check not run)
// and busy set Retry-After. A match makes this browser a known device of the account (a signed, year-long
// cookie), which strangers' failures on the account no longer slow down.
CredentialCheck check_credential(Context& ctx, const std::string& email, const std::function<CredentialCheck()>& check);

// Checks `password` against `password_hash` of the account `email` (an empty hash spends the same work and
// never matches) with check_credential.
CredentialCheck check_password(Context& ctx, const std::string& email, const std::string& password_hash, const std::string& password);

enum class SignInOutcome { signed_in, wrong_credentials, rate_limited, busy };

// Checks the rate limits, the password (with equal work for unknown emails) and the face's roles, then starts
// a new session and sets its cookie. A 429 or 503 outcome sets Retry-After. Only staff reach the admin
// face and only customers the portal; anyone else gets wrong_credentials, as an unknown email does.
SignInOutcome sign_in(Context& ctx, Face face, const std::string& email, const std::string& password);
// The name of the cookie holding a session of salon `slug`'s face (before any __Host- prefix).
std::string session_cookie(const std::string& slug, Face face);
// The session token this browser holds for this face, if any.
std::optional<std::string> session_token(const Context& ctx, Face face);
// Ends the current session of this face and clears its cookie.
void sign_out(Context& ctx, Face face);

}  // namespace salonbox::web
