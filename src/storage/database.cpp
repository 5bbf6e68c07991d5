#include "storage/database.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace salonbox::storage {

namespace {
constexpr int k_busy_timeout_ms = 5000;
constexpr std::size_t k_max_idle = 128;
}  // namespace

Connection::~Connection() {
    if (owner_ && db_) owner_->give_back(std::move(db_));
}

void create_private_file(const std::filesystem::path& path) {
    // O_EXCL: an existing file keeps its content; only a new one is made here. fchmod because the umask may
    // have removed bits from 0600 but never adds any, so the result is exactly 0600.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return;
        throw std::runtime_error(path.string() + ": " + std::strerror(errno));
    }
    ::fchmod(fd, 0600);
    ::close(fd);
}

void create_private_directories(const std::filesystem::path& dir) {
    if (dir.empty() || std::filesystem::is_directory(dir)) return;
    create_private_directories(dir.parent_path());
    if (::mkdir(dir.c_str(), 0700) == 0)
        ::chmod(dir.c_str(), 0700);  // the umask may have taken bits away from 0700
    else if (errno != EEXIST)
        throw std::runtime_error(dir.string() + ": " + std::strerror(errno));
}

Database::Database(std::filesystem::path path, bool create) : path_(std::move(path)) {
    // SQLite would create the file 0644 minus the umask; made 0600 first, its -wal and -shm files follow
    // (SQLite gives them the database file's permissions).
    if (create) create_private_file(path_);
    // The first connection proves the file opens and sets the persistent journal mode.
    auto first = open_connection(create);
    give_back(std::move(first));
}

std::unique_ptr<SQLite::Database> Database::open_connection(bool create) const {
    int flags = SQLite::OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (create) flags |= SQLite::OPEN_CREATE;
    auto db = std::make_unique<SQLite::Database>(path_, flags, k_busy_timeout_ms);
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA foreign_keys=ON");
    db->exec("PRAGMA synchronous=NORMAL");
    return db;
}

Connection Database::lease() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto db = std::move(idle_.back());
            idle_.pop_back();
            return Connection(this, std::move(db));
        }
    }
    return Connection(this, open_connection(false));
}

void Database::give_back(std::unique_ptr<SQLite::Database> db) {
    // A connection left inside a transaction (an exception escaped mid-way) must not be reused as is.
    if (!sqlite3_get_autocommit(db->getHandle())) return;
    std::lock_guard lock(mutex_);
    if (idle_.size() < k_max_idle) idle_.push_back(std::move(db));
}

int Database::user_version() {
    return read([](SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); });
}

Database::ImmediateTransaction::ImmediateTransaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Database::ImmediateTransaction::~ImmediateTransaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) {
            // The connection is discarded by give_back() when it is still inside a transaction.
        }
    }
}

void Database::ImmediateTransaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace salonbox::storage
