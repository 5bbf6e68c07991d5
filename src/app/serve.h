// Running the server: wiring stores, security services, templates and the mail sender around web::Server.
#pragma once

#include "app/config.h"

namespace salonbox::app {

// Serves until SIGINT or SIGTERM. Prints "salonbox: listening on URL" once the socket is bound (tests and
// scripts wait for that line). Returns the process exit code.
int serve(const ServeConfig& config);

}  // namespace salonbox::app
