#include "app/data_dir_lock.h"

#include "storage/database.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace salonbox::app {

DataDirBusy::DataDirBusy(const std::filesystem::path& data_dir, long holder_)
    : std::runtime_error(data_dir.string() + " is in use by another salonbox process" +
                         (holder_ > 0 ? " (pid " + std::to_string(holder_) + ")" : std::string())),
      holder(holder_) {}

#ifdef _WIN32

namespace {
// The lock covers one byte far past the pid, so that others can still read the pid while it is held.
constexpr DWORD k_locked_offset_high = 1;

OVERLAPPED locked_range() {
    OVERLAPPED at{};
    at.OffsetHigh = k_locked_offset_high;
    return at;
}

long read_pid(HANDLE file) {
    char text[32] = {};
    OVERLAPPED at{};
    DWORD got = 0;
    return ::ReadFile(file, text, sizeof text - 1, &got, &at) && got > 0 ? std::strtol(text, nullptr, 10) : 0;
}

std::runtime_error windows_error(const std::filesystem::path& path, DWORD error) {
    return std::runtime_error(path.string() + ": " + std::system_category().message(static_cast<int>(error)));
}
}  // namespace

DataDirLock::DataDirLock(const std::filesystem::path& data_dir) {
    storage::create_private_directories(data_dir);
    auto path = data_dir / "salonbox.lock";
    // Not inherited by child processes; shared for reading and writing, since the lock is the byte range.
    HANDLE file = ::CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) throw windows_error(path, ::GetLastError());
    OVERLAPPED at = locked_range();
    if (!::LockFileEx(file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &at)) {
        DWORD error = ::GetLastError();
        long holder = read_pid(file);
        ::CloseHandle(file);
        if (error == ERROR_LOCK_VIOLATION || error == ERROR_IO_PENDING) throw DataDirBusy(data_dir, holder);
        throw windows_error(path, error);
    }
    file_ = file;
    auto pid = std::to_string(::GetCurrentProcessId()) + "\n";
    OVERLAPPED start{};
    DWORD written = 0;
    // The lock itself is what matters; a pid that failed to be written only makes the other side's message vaguer.
    if (::WriteFile(file, pid.data(), static_cast<DWORD>(pid.size()), &written, &start)) {
        LARGE_INTEGER end{};
        end.QuadPart = static_cast<LONGLONG>(pid.size());
        ::SetFilePointerEx(file, end, nullptr, FILE_BEGIN);
        ::SetEndOfFile(file);
    }
}

DataDirLock::~DataDirLock() {
    if (!file_) return;
    // Emptied first so that nobody reads a dead pid from a lock that is free; Windows releases the lock
    // when the handle closes, and when the process ends however it ends.
    LARGE_INTEGER start{};
    ::SetFilePointerEx(file_, start, nullptr, FILE_BEGIN);
    ::SetEndOfFile(file_);
    ::CloseHandle(file_);
}

#else

namespace {
long read_pid(int fd) {
    char text[32] = {};
    auto got = ::pread(fd, text, sizeof text - 1, 0);
    return got > 0 ? std::strtol(text, nullptr, 10) : 0;
}
}  // namespace

DataDirLock::DataDirLock(const std::filesystem::path& data_dir) {
    storage::create_private_directories(data_dir);
    auto path = data_dir / "salonbox.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        int error = errno;
        long holder = read_pid(fd_);
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK) throw DataDirBusy(data_dir, holder);
        throw std::runtime_error(path.string() + ": " + std::strerror(error));
    }
    ::fchmod(fd_, 0600);
    auto pid = std::to_string(::getpid()) + "\n";
    // The lock itself is what matters; a pid that failed to be written only makes the other side's message vaguer.
    [[maybe_unused]] bool written = ::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
}

DataDirLock::~DataDirLock() {
    if (fd_ < 0) return;
    // Emptied first so that nobody reads a dead pid from a lock that is free.
    [[maybe_unused]] int emptied = ::ftruncate(fd_, 0);
    ::close(fd_);
}

#endif

}  // namespace salonbox::app
