// What differs between the systems salonbox runs on, for the server and the commands: the default data
// directory and how a running server is asked to stop or to reload its certificate.
#pragma once

#include <string>
#include <thread>

namespace salonbox::app {

// ./data for a developer on Linux (the Debian service passes /var/lib/salonbox); on Windows
// %ProgramData%\salonbox, where the service keeps its salons.
std::string default_data_dir();

// Windows: the time zones are read from the tzdata folder beside salonbox.exe (Debian's tzdata sources,
// installed with it); Linux uses the system's. Call once, before any time zone is used.
void locate_time_zone_database();

// What a running server is asked from outside the process.
enum class ControlRequest {
    stop,                // SIGINT or SIGTERM on Linux; on Windows Ctrl-C, Ctrl-Break, the console window closing,
                         // the session ending, or the service manager's stop (ask_to_stop())
    reload_certificate,  // SIGHUP on Linux (a certificate renewal's deploy hook). Windows has no such request:
                         // its build serves plain HTTP behind a proxy that holds the certificate
    released,            // release() was called: the server ended on its own
};

// Waits for those requests on one thread, so the server stops cleanly instead of dying mid-write. Construct it
// before any other thread starts (on Linux it blocks the signals above, and threads inherit that; it also
// ignores SIGPIPE, so that a client leaving mid-answer ends its connection, not the process).
class ControlRequests {
public:
    ControlRequests();
    ControlRequests(const ControlRequests&) = delete;
    ControlRequests& operator=(const ControlRequests&) = delete;

    // Blocks until the next request.
    ControlRequest wait();
    // Makes `waiter`, the thread calling wait(), get `released` (also when it has not reached wait() yet).
    void release(std::thread& waiter);
};

#ifdef _WIN32
// Asks the ControlRequests of this process to stop, as Ctrl-C does: for the service's control handler.
void ask_to_stop();
#endif

}  // namespace salonbox::app
