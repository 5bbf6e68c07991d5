// One salonbox server per data directory: an exclusive lock on DIR/salonbox.lock (flock, or LockFileEx on
// Windows), the file holding the holder's pid.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace salonbox::app {

// Another process holds the lock; `holder` is its pid as written in the lock file (0 when unreadable).
struct DataDirBusy : std::runtime_error {
    DataDirBusy(const std::filesystem::path& data_dir, long holder);
    long holder;
};

// Held for the object's lifetime; the kernel releases it when the process ends, however it ends, so a
// crashed server never leaves a stale lock behind. `serve` holds it while it runs, and so do the commands
// that cannot run beside a server (restore).
class DataDirLock {
public:
    // Creates the data directory (0700) and the lock file (0600) when missing. Throws DataDirBusy when
    // another process holds the lock, std::runtime_error when the file cannot be opened.
    explicit DataDirLock(const std::filesystem::path& data_dir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

private:
#ifdef _WIN32
    void* file_ = nullptr;  // the lock file's HANDLE
#else
    int fd_ = -1;
#endif
};

}  // namespace salonbox::app
