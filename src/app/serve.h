// Running the server: wiring stores, security services, templates and the mail sender around web::Server.
#pragma once

#include "app/config.h"
#include "mail/smtp_transport.h"

#include <memory>

namespace salonbox::app {

// Serves until SIGINT or SIGTERM. Prints "salonbox: listening on URL" once the socket is bound (tests and
// scripts wait for that line). Returns the process exit code.
int serve(const ServeConfig& config);

// The SMTP transport of `config` (its mail must be MailDelivery::smtp): STARTTLS required whenever a password
// would leave this machine. `serve` sends through it; so does `salonbox mail test`.
std::unique_ptr<mail::SmtpTransport> make_smtp_transport(const ServeConfig& config);

}  // namespace salonbox::app
