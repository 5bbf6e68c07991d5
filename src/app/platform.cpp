#include "app/platform.h"

#include "domain/time_zone.h"

#ifdef _WIN32
#include <windows.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#else
#include <pthread.h>

#include <atomic>
#include <csignal>
#endif

namespace salonbox::app {

#ifdef _WIN32

void locate_time_zone_database() {
    std::wstring exe(MAX_PATH, L'\0');
    for (;;) {
        DWORD n = ::GetModuleFileNameW(nullptr, exe.data(), static_cast<DWORD>(exe.size()));
        if (n < exe.size()) {
            exe.resize(n);
            break;
        }
        exe.resize(exe.size() * 2);
    }
    domain::set_time_zone_database_folder((std::filesystem::path(exe).parent_path() / "tzdata").string());
}

std::string default_data_dir() {
    const char* program_data = std::getenv("ProgramData");
    return std::string(program_data && *program_data ? program_data : "C:\\ProgramData") + "\\salonbox";
}

namespace {
// Console control handlers are plain functions run on a thread of their own: the state is process-wide.
struct StopState {
    std::mutex mutex;
    std::condition_variable changed;
    bool stop = false;
    bool released = false;
};
StopState& stop_state() {
    static StopState state;
    return state;
}

BOOL WINAPI on_console_event(DWORD event) {
    switch (event) {
        case CTRL_C_EVENT:
        case CTRL_BREAK_EVENT:
        case CTRL_CLOSE_EVENT:
        case CTRL_LOGOFF_EVENT:
        case CTRL_SHUTDOWN_EVENT:
            ask_to_stop();
            return TRUE;
        default:
            return FALSE;
    }
}
}  // namespace

void ask_to_stop() {
    auto& s = stop_state();
    {
        std::lock_guard lock(s.mutex);
        s.stop = true;
    }
    s.changed.notify_all();
}

ControlRequests::ControlRequests() { ::SetConsoleCtrlHandler(on_console_event, TRUE); }

ControlRequest ControlRequests::wait() {
    auto& s = stop_state();
    std::unique_lock lock(s.mutex);
    s.changed.wait(lock, [&] { return s.stop || s.released; });
    return s.released ? ControlRequest::released : ControlRequest::stop;
}

void ControlRequests::release(std::thread&) {
    auto& s = stop_state();
    {
        std::lock_guard lock(s.mutex);
        s.released = true;
    }
    s.changed.notify_all();
}

#else

void locate_time_zone_database() {}

std::string default_data_dir() { return "data"; }

namespace {
sigset_t control_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return set;
}
// Set by release() before the signal that wakes the waiter, which then tells it from a stop.
std::atomic<bool> g_released{false};
}  // namespace

ControlRequests::ControlRequests() {
    g_released = false;
    const sigset_t set = control_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // OpenSSL writes with write(), which raises it on a closed connection
}

ControlRequest ControlRequests::wait() {
    const sigset_t set = control_signals();
    int sig = 0;
    sigwait(&set, &sig);
    if (g_released) return ControlRequest::released;
    return sig == SIGHUP ? ControlRequest::reload_certificate : ControlRequest::stop;
}

void ControlRequests::release(std::thread& waiter) {
    g_released = true;
    pthread_kill(waiter.native_handle(), SIGTERM);
}

#endif

}  // namespace salonbox::app
