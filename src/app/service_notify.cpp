#include "app/service_notify.h"

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#ifdef _WIN32
#include "app/platform.h"
#include "storage/database.h"

#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>
#include <windows.h>
#else
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#endif

namespace salonbox::app {

#ifdef _WIN32

namespace {
// The Service Control Manager calls service_main and the control handler as plain functions.
SERVICE_STATUS_HANDLE g_status_handle = nullptr;
const std::function<int()>* g_serve = nullptr;
int g_exit_code = 1;

void report(DWORD state, DWORD exit_code = NO_ERROR, DWORD wait_hint_ms = 0) {
    SERVICE_STATUS status{};
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
    status.dwWin32ExitCode = exit_code == NO_ERROR ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
    status.dwServiceSpecificExitCode = exit_code;
    status.dwWaitHint = wait_hint_ms;
    static DWORD check_point = 1;
    status.dwCheckPoint = state == SERVICE_RUNNING || state == SERVICE_STOPPED ? 0 : check_point++;
    ::SetServiceStatus(g_status_handle, &status);
}

DWORD WINAPI on_control(DWORD control, DWORD, void*, void*) {
    switch (control) {
        case SERVICE_CONTROL_STOP:
        case SERVICE_CONTROL_SHUTDOWN:
            report(SERVICE_STOP_PENDING, NO_ERROR, 30'000);
            ask_to_stop();
            return NO_ERROR;
        case SERVICE_CONTROL_INTERROGATE:
            return NO_ERROR;
        default:
            return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

void WINAPI service_main(DWORD, LPWSTR*) {
    g_status_handle = ::RegisterServiceCtrlHandlerExW(L"salonbox", on_control, nullptr);
    if (!g_status_handle) return;
    // Migrating every salon comes before the server listens: the wait hint leaves time for it.
    report(SERVICE_START_PENDING, NO_ERROR, 60'000);
    g_exit_code = (*g_serve)();
    report(SERVICE_STOPPED, static_cast<DWORD>(g_exit_code));
}

// Points `stream` (descriptor `fd_number`) at the end of `log_file`. A service starts without standard
// handles: Windows' C runtime reopens such a stream all the same, wine's refuses one that has no descriptor
// (its _file is -2), so there the log file is given the descriptor and the stream pointed at it.
bool append_stream_to(FILE* stream, int fd_number, const std::filesystem::path& log_file) {
    if (std::freopen(log_file.string().c_str(), "a", stream)) return true;
    const int fd = ::_wopen(log_file.c_str(), _O_WRONLY | _O_CREAT | _O_APPEND, _S_IREAD | _S_IWRITE);
    if (fd < 0) return false;
    const bool duplicated = ::_dup2(fd, fd_number) == 0;
    ::_close(fd);
    if (duplicated) stream->_file = fd_number;
    return duplicated;
}
}  // namespace

int run_as_windows_service(const std::filesystem::path& log_file, const std::function<int()>& serve) {
    // The log is the first thing in the data directory: it is made private here, before anything is written.
    try {
        storage::create_private_directories(log_file.parent_path());
    } catch (const std::exception&) {
        return 1;
    }
    if (!append_stream_to(stdout, 1, log_file) || !append_stream_to(stderr, 2, log_file))
        return 1;  // no console either: the service manager's event log records the failed start
    std::setvbuf(stdout, nullptr, _IOLBF, 4096);
    std::setvbuf(stderr, nullptr, _IONBF, 0);
    g_serve = &serve;
    SERVICE_TABLE_ENTRYW services[] = {{const_cast<LPWSTR>(L"salonbox"), service_main}, {nullptr, nullptr}};
    if (!::StartServiceCtrlDispatcherW(services)) {
        std::fprintf(stderr, "salonbox: --windows-service is for the service manager (sc start salonbox), error %lu\n", ::GetLastError());
        return 1;
    }
    return g_exit_code;
}

bool notify_service_manager(std::string_view state) {
    if (!g_status_handle) return true;
    if (state.find("READY=1") != std::string_view::npos) report(SERVICE_RUNNING);
    if (state.find("STOPPING=1") != std::string_view::npos) report(SERVICE_STOP_PENDING, NO_ERROR, 30'000);
    return true;
}

#else

bool notify_service_manager(std::string_view state) {
    const char* socket_name = std::getenv("NOTIFY_SOCKET");
    if (!socket_name || !*socket_name) return true;
    const std::string name(socket_name);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    // An abstract address is a leading NUL followed by the name, and its length counts exactly those bytes.
    if (name.size() >= sizeof(address.sun_path) || (name[0] != '/' && name[0] != '@')) return false;
    std::memcpy(address.sun_path, name.data(), name.size());
    if (name[0] == '@') address.sun_path[0] = '\0';
    const auto address_size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size() + (name[0] == '/' ? 1 : 0));

    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&address), address_size);
    ::close(fd);
    return sent == static_cast<ssize_t>(state.size());
}

#endif

}  // namespace salonbox::app
