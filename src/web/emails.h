// The emails salonbox sends, written in the recipient's language from templates and put in the salon's outbox.
#pragma once

#include "domain/clock.h"
#include "domain/salon_settings.h"
#include "view/templates.h"

#include <SQLiteCpp/Database.h>

#include <string>

namespace salonbox::web {

struct PasswordLinkEmail {
    std::string to_address, to_name, locale;
    std::string link;        // the set-password page with its token: never logged, marked sensitive
    std::string portal_url;  // the salon's sign-in page
    bool invitation = false; // an invitation (days to use it) rather than a reset (an hour)
};

// Renders and enqueues; must run inside the write transaction that created the token.
void enqueue_password_link(SQLite::Database& db, const view::Templates& templates, const view::Catalogs& catalogs,
                           const domain::SalonSettings& salon, const PasswordLinkEmail& email);

}  // namespace salonbox::web
