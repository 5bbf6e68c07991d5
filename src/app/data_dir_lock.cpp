#include "app/data_dir_lock.h"

#include "storage/database.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace salonbox::app {

namespace {
long read_pid(int fd) {
    char text[32] = {};
    auto got = ::pread(fd, text, sizeof text - 1, 0);
    return got > 0 ? std::strtol(text, nullptr, 10) : 0;
}
}  // namespace

DataDirBusy::DataDirBusy(const std::filesystem::path& data_dir, long holder_)
    : std::runtime_error(data_dir.string() + " is in use by another salonbox process" +
                         (holder_ > 0 ? " (pid " + std::to_string(holder_) + ")" : std::string())),
      holder(holder_) {}

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

}  // namespace salonbox::app
