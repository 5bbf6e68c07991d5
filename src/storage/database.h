// One SQLite database file: a pool of configured connections, each with its prepared-statement cache, and the
// transaction discipline of DESIGN.md as types: ReadTx for a consistent snapshot, WriteTx for a write.
//
// This header is the storage boundary: nothing in it needs SQLite's headers, so layers above storage see
// transactions and stores, never a connection. Store functions that read take `ReadTx&`; those that write take
// `WriteTx&`, so "call it inside the caller's write transaction" is checked by the compiler.
#pragma once

#include "domain/clock.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace SQLite {
class Database;
}

namespace salonbox::storage {

// A database failure nobody expects (I/O error, corruption, a constraint no store turned into a StoreError).
// Database::read and Database::write turn SQLite's exceptions into this one, so it reaches the one 500 handler
// as a plain std::exception.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The disk holding the salon has no room for a write (SQLITE_FULL): the transaction was rolled back, so nothing
// of it was written. It passes once room is made; the web answers 503.
class StorageFull : public StorageError {
public:
    using StorageError::StorageError;
};

// A file salonbox cannot use as a salon, and never changes: not an SQLite database, a database with tables but
// no salonbox data version, or one from a newer salonbox (DatabaseTooNew, storage/schema.h).
class UnusableDatabase : public StorageError {
public:
    using StorageError::StorageError;
};

// How long a write waits for another connection's write lock (SQLite's busy_timeout) before it fails.
inline constexpr std::chrono::milliseconds k_write_lock_wait{5000};

struct PooledConnection;  // database.cpp: an open connection and its statement cache
class Statement;          // statement.h (storage's own .cpp files only)

// A connection borrowed from a Database; it goes back to the pool when the lease ends.
// A lease belongs to one thread at a time (SQLite statements are not shareable). Only storage uses it directly.
class Connection {
public:
    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;
    ~Connection();
    SQLite::Database& db();
    PooledConnection& pooled() { return *c_; }

private:
    friend class Database;
    Connection(class Database* owner, std::unique_ptr<PooledConnection> c);
    class Database* owner_;
    std::unique_ptr<PooledConnection> c_;
};

// One read transaction (BEGIN ... COMMIT): every statement inside sees the same snapshot, so a count and the
// page it describes agree. Only Database::read and Database::write make one; it lives as long as their callback.
class ReadTx {
public:
    ReadTx(const ReadTx&) = delete;
    ReadTx& operator=(const ReadTx&) = delete;

    // For storage's .cpp files: the cached statement for this SQL text, reset and with no bindings. Valid until
    // the returned handle is destroyed; asking again for a statement still in use gives a fresh one.
    Statement prepare(std::string_view sql);
    std::int64_t last_insert_id();
    SQLite::Database& connection();

protected:
    ReadTx(PooledConnection& c, const char* begin_sql);
    ~ReadTx();
    void finish();  // COMMIT, or ROLLBACK when cancelled
    PooledConnection& c_;
    bool open_ = false;
    bool cancelled_ = false;

private:
    friend class Database;
};

// One write transaction (BEGIN IMMEDIATE ... COMMIT): it takes the write lock up front, so concurrent writers
// queue on busy_timeout instead of failing with SQLITE_BUSY_SNAPSHOT half-way through. Usable wherever a ReadTx is.
class WriteTx : public ReadTx {
public:
    // The instant of this transaction, taken once from the database's clock: every row it stamps agrees.
    domain::Instant now() const { return now_; }
    // Ends the transaction with ROLLBACK instead of COMMIT when the callback returns: for a write that a store
    // refused (a StoreError) after earlier writes of the same transaction.
    void cancel() { cancelled_ = true; }

private:
    friend class Database;
    WriteTx(PooledConnection& c, domain::Instant now);
    domain::Instant now_;
};

// Creates `path` empty with mode 0600 whatever the umask, unless it exists already (then it is left alone).
// On Windows the file inherits its directory's private access list.
void create_private_file(const std::filesystem::path& path);

// Creates `dir` and its missing parents; the directories made here get mode 0700 whatever the umask (on
// Windows an access list of their own: the system, administrators and their owner).
void create_private_directories(const std::filesystem::path& dir);

class Database {
public:
    // Opens (creating if `create`, mode 0600) the file. Every connection gets WAL, foreign_keys=ON, a busy timeout
    // and synchronous=NORMAL. Throws StorageError when the file cannot be opened. `clock` (which must outlive
    // the Database) stamps write transactions.
    Database(std::filesystem::path path, bool create, const domain::Clock& clock = domain::system_clock());
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    const std::filesystem::path& path() const { return path_; }
    const domain::Clock& clock() const { return clock_; }

    // A raw connection outside any transaction: for storage's maintenance code (backup, schema), never above it.
    Connection lease();

    // Runs `fn(WriteTx&)` inside BEGIN IMMEDIATE ... COMMIT; rolls back when fn throws (and rethrows, SQLite's
    // errors as StorageError) or cancels.
    template <class Fn>
    auto write(Fn&& fn) {
        Connection c = lease();
        try {
            WriteTx tx(c.pooled(), clock_.now());
            return run(tx, fn);
        } catch (...) {
            rethrow_as_storage_error();
        }
    }

    // Runs `fn(ReadTx&)` inside one deferred transaction: all its statements read the same snapshot.
    template <class Fn>
    auto read(Fn&& fn) {
        Connection c = lease();
        try {
            ReadTx tx(c.pooled(), "BEGIN");
            return run(tx, fn);
        } catch (...) {
            rethrow_as_storage_error();
        }
    }

    // For storage's maintenance code, on a file it opened outside any pool (a backup being checked): runs
    // `fn(ReadTx&)` inside one read transaction on `db`, so the stores can read it.
    template <class Fn>
    static auto read_unpooled(SQLite::Database& db, Fn&& fn) {
        Connection c = borrow(db);
        ReadTx tx(c.pooled(), "BEGIN");
        return run(tx, fn);
    }

    // The data version in PRAGMA user_version.
    int user_version();

private:
    friend class Connection;

    template <class Tx, class Fn>
    static auto run(Tx& tx, Fn& fn) {
        if constexpr (std::is_void_v<decltype(fn(tx))>) {
            fn(tx);
            tx.finish();
        } else {
            auto result = fn(tx);
            tx.finish();
            return result;
        }
    }

    static Connection borrow(SQLite::Database& db);

    // Rethrows the exception in flight, SQLite's own as StorageError.
    [[noreturn]] static void rethrow_as_storage_error();

    std::unique_ptr<PooledConnection> open_connection(bool create) const;
    void give_back(std::unique_ptr<PooledConnection> c);

    std::filesystem::path path_;
    const domain::Clock& clock_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<PooledConnection>> idle_;
};

}  // namespace salonbox::storage
