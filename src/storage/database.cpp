#include "storage/database.h"

#include <sqlite3.h>

namespace salonbox::storage {

namespace {
constexpr int k_busy_timeout_ms = 5000;
constexpr std::size_t k_max_idle = 128;
}  // namespace

Connection::~Connection() {
    if (owner_ && db_) owner_->give_back(std::move(db_));
}

Database::Database(std::filesystem::path path, bool create) : path_(std::move(path)) {
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
