// Tells systemd (a Type=notify unit) when the server is ready and when it is stopping: sd_notify's datagram.
#pragma once

#include <string_view>

namespace salonbox::app {

// Sends `state` (such as "READY=1" or "STOPPING=1", newline-separated assignments) as one datagram to the
// AF_UNIX socket named by $NOTIFY_SOCKET: a path, or an abstract address when it starts with '@'. Does
// nothing when the variable is unset (not started by systemd) and returns false when the send fails; the
// server runs on either way, so callers may ignore the result.
bool notify_service_manager(std::string_view state);

}  // namespace salonbox::app
