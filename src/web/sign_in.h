// Signing in and out with a password, shared by the admin panel and the customer portal.
#pragma once

#include "web/context.h"

#include <string>

namespace salonbox::web {

enum class SignInOutcome { signed_in, wrong_credentials, rate_limited, busy };

// Checks the rate limits, the password (with equal work for unknown emails) and the face's roles, then starts
// a new session and sets its cookie. A 429 or 503 outcome sets Retry-After. Only staff reach the admin
// face and only customers the portal; anyone else gets wrong_credentials, as an unknown email does.
SignInOutcome sign_in(Context& ctx, Face face, const std::string& email, const std::string& password);
// Ends the current session of this face and clears its cookie.
void sign_out(Context& ctx, Face face);

}  // namespace salonbox::web
