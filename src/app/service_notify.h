// Tells the service manager when the server is ready and when it is stopping: systemd (a Type=notify unit,
// sd_notify's datagram) on Linux, the Service Control Manager on Windows.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace salonbox::app {

// Sends `state` (such as "READY=1" or "STOPPING=1", newline-separated assignments) as one datagram to the
// AF_UNIX socket named by $NOTIFY_SOCKET: a path, or an abstract address when it starts with '@'. Does
// nothing when the variable is unset (not started by systemd) and returns false when the send fails; the
// server runs on either way, so callers may ignore the result.
// On Windows, the same states go to the Service Control Manager while run_as_windows_service() runs
// (READY=1: running, STOPPING=1: stop pending), and nowhere otherwise.
bool notify_service_manager(std::string_view state);

#ifdef _WIN32
// Runs `serve` as the Windows service "salonbox" (started by the Service Control Manager, never by hand):
// its stop and the system's shutdown ask the server to stop (app/platform.h), and its output, which no
// console shows, is appended to `log_file`. Returns serve's exit code, or 1 when not started as a service.
int run_as_windows_service(const std::filesystem::path& log_file, const std::function<int()>& serve);
#endif

}  // namespace salonbox::app
