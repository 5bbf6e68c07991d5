// One SQLite database file: a pool of configured connections and the transaction discipline of DESIGN.md.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace salonbox::storage {

// A connection borrowed from a Database; it goes back to the pool when the lease ends.
// A lease belongs to one thread at a time (SQLiteCpp statements are not shareable).
class Connection {
public:
    Connection(Connection&&) noexcept = default;
    Connection& operator=(Connection&&) noexcept = default;
    ~Connection();
    SQLite::Database& db() { return *db_; }

private:
    friend class Database;
    Connection(class Database* owner, std::unique_ptr<SQLite::Database> db) : owner_(owner), db_(std::move(db)) {}
    class Database* owner_;
    std::unique_ptr<SQLite::Database> db_;
};

// Creates `path` empty with mode 0600 whatever the umask, unless it exists already (then it is left alone).
void create_private_file(const std::filesystem::path& path);

// Creates `dir` and its missing parents; the directories made here get mode 0700 whatever the umask.
void create_private_directories(const std::filesystem::path& dir);

class Database {
public:
    // Opens (creating if `create`, mode 0600) the file. Every connection gets WAL, foreign_keys=ON, a busy timeout
    // and synchronous=NORMAL. Throws SQLite::Exception when the file cannot be opened.
    Database(std::filesystem::path path, bool create);
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::filesystem::path& path() const { return path_; }

    Connection lease();

    // Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; rolls back when fn throws (and rethrows).
    // IMMEDIATE takes the write lock up front, so concurrent writers queue on busy_timeout instead of
    // failing with SQLITE_BUSY_SNAPSHOT half-way through.
    template <class Fn>
    auto write(Fn&& fn) {
        Connection c = lease();
        ImmediateTransaction txn(c.db());
        if constexpr (std::is_void_v<decltype(fn(c.db()))>) {
            fn(c.db());
            txn.commit();
        } else {
            auto result = fn(c.db());
            txn.commit();
            return result;
        }
    }

    // Runs `fn` on a connection without a write transaction (each statement sees a consistent snapshot;
    // use read_snapshot() when several statements must agree).
    template <class Fn>
    auto read(Fn&& fn) {
        Connection c = lease();
        return fn(c.db());
    }

    // The data version in PRAGMA user_version.
    int user_version();

private:
    friend class Connection;
    class ImmediateTransaction {
    public:
        explicit ImmediateTransaction(SQLite::Database& db);
        ~ImmediateTransaction();
        void commit();

    private:
        SQLite::Database& db_;
        bool done_ = false;
    };

    std::unique_ptr<SQLite::Database> open_connection(bool create) const;
    void give_back(std::unique_ptr<SQLite::Database> db);

    std::filesystem::path path_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<SQLite::Database>> idle_;
};

}  // namespace salonbox::storage
