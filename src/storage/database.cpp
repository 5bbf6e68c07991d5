#include "storage/database.h"

#include "storage/statement.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#ifdef _WIN32
#include <windows.h>
#include <sddl.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <functional>
#include <system_error>
#include <unordered_map>

namespace salonbox::storage {

namespace {
constexpr std::size_t k_max_idle = 128;
// How often a pooled connection runs PRAGMA optimize between its transactions (usually a no-op).
constexpr std::uint64_t k_leases_between_optimizes = 10000;
// Stores use a few dozen distinct SQL texts; past this bound a text is prepared for one use only.
constexpr std::size_t k_max_cached_statements = 256;
}  // namespace

// Lets the statement cache be searched with the caller's SQL text as it is: building a std::string key for every
// lookup costs an allocation per statement, for texts up to a kilobyte.
struct SqlTextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept { return std::hash<std::string_view>{}(sql); }
};

struct CachedStatement {
    std::unique_ptr<SQLite::Statement> statement;
    bool in_use = false;
};

// Lets SQLite refresh its planner statistics (sqlite_stat1) where the queries this connection ran would gain
// from them, as https://sqlite.org/lang_analyze.html recommends before closing a connection; the analysis limit
// keeps any ANALYZE it decides on to a few milliseconds even on a five-year salon. Never throws.
namespace {
void optimize_planner_statistics(SQLite::Database& db) noexcept {
    if (!sqlite3_get_autocommit(db.getHandle())) return;  // left inside a transaction: not the moment
    try {
        db.exec("PRAGMA analysis_limit=400");
        db.exec("PRAGMA optimize");
    } catch (...) {
        // Statistics are an optimisation: a busy or read-only file goes on without fresh ones.
    }
}
}  // namespace

// Declared in this order so the statements are finalized before their connection closes.
struct PooledConnection {
    explicit PooledConnection(std::unique_ptr<SQLite::Database> database) : owned(std::move(database)), db(owned.get()) {}
    explicit PooledConnection(SQLite::Database& borrowed) : db(&borrowed) {}
    PooledConnection(const PooledConnection&) = delete;
    PooledConnection& operator=(const PooledConnection&) = delete;
    ~PooledConnection() {
        if (owned) optimize_planner_statistics(*owned);
    }
    std::unique_ptr<SQLite::Database> owned;  // empty for a connection borrowed from maintenance code
    SQLite::Database* db;
    std::unordered_map<std::string, CachedStatement, SqlTextHash, std::equal_to<>> statements;
    std::uint64_t leases = 0;  // transactions run, for the periodic optimize of a long-lived connection
};

void Statement::release() noexcept {
    if (!st_) return;
    st_->tryReset();
    try {
        st_->clearBindings();  // sqlite3_clear_bindings always succeeds
    } catch (...) {
    }
    if (in_use_) *in_use_ = false;
    st_ = nullptr;
}

Connection::Connection(Database* owner, std::unique_ptr<PooledConnection> c) : owner_(owner), c_(std::move(c)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() {
    if (owner_ && c_) owner_->give_back(std::move(c_));
}
SQLite::Database& Connection::db() { return *c_->db; }

// BEGIN, COMMIT and ROLLBACK go through the statement cache too: every request runs them.
ReadTx::ReadTx(PooledConnection& c, const char* begin_sql) : c_(c) {
    prepare(begin_sql).exec();
    open_ = true;
}

ReadTx::~ReadTx() {
    if (!open_) return;
    try {
        prepare("ROLLBACK").exec();
    } catch (...) {
        // The connection is discarded by give_back() when it is still inside a transaction.
    }
}

void ReadTx::finish() {
    prepare(cancelled_ ? "ROLLBACK" : "COMMIT").exec();
    open_ = false;
}

Statement ReadTx::prepare(std::string_view sql) {
    auto& cache = c_.statements;
    auto it = cache.find(sql);
    if (it == cache.end()) {
        if (cache.size() >= k_max_cached_statements)
            return Statement(std::make_unique<SQLite::Statement>(*c_.db, std::string(sql)));
        it = cache.emplace(std::string(sql), CachedStatement{std::make_unique<SQLite::Statement>(*c_.db, std::string(sql))}).first;
    } else if (it->second.in_use) {
        // The same query again while an earlier use still steps through its rows.
        return Statement(std::make_unique<SQLite::Statement>(*c_.db, std::string(sql)));
    } else {
        it->second.statement->tryReset();
        it->second.statement->clearBindings();
    }
    it->second.in_use = true;
    return Statement(*it->second.statement, it->second.in_use);
}

std::int64_t ReadTx::last_insert_id() { return c_.db->getLastInsertRowid(); }

SQLite::Database& ReadTx::connection() { return *c_.db; }

WriteTx::WriteTx(PooledConnection& c, domain::Instant now) : ReadTx(c, "BEGIN IMMEDIATE"), now_(now) {}

#ifdef _WIN32

namespace {
std::runtime_error windows_error(const std::filesystem::path& path) {
    return std::runtime_error(path.string() + ": " + std::system_category().message(static_cast<int>(::GetLastError())));
}
}  // namespace

void create_private_file(const std::filesystem::path& path) {
    // CREATE_NEW: an existing file keeps its content. A new file inherits its directory's access list,
    // which create_private_directories made private.
    HANDLE file = ::CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) {
        if (::GetLastError() == ERROR_FILE_EXISTS) return;
        throw windows_error(path);
    }
    ::CloseHandle(file);
}

void create_private_directories(const std::filesystem::path& dir) {
    if (dir.empty() || std::filesystem::is_directory(dir)) return;
    create_private_directories(dir.parent_path());
    // The equivalent of 0700: full control for the system (the service runs as LocalSystem), the
    // administrators and the directory's owner, no one else, nothing inherited from above (%ProgramData% lets
    // every user read), and the same for every file and folder made inside.
    SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), nullptr, FALSE};
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (::ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;OW)",
                                                               SDDL_REVISION_1, &descriptor, nullptr))
        attributes.lpSecurityDescriptor = descriptor;
    bool made = ::CreateDirectoryW(dir.c_str(), &attributes);
    DWORD error = ::GetLastError();
    ::LocalFree(descriptor);
    if (!made && error != ERROR_ALREADY_EXISTS) {
        ::SetLastError(error);
        throw windows_error(dir);
    }
}

#else

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

#endif

Database::Database(std::filesystem::path path, bool create, const domain::Clock& clock) : path_(std::move(path)), clock_(clock) {
    // SQLite would create the file 0644 minus the umask; made 0600 first, its -wal and -shm files follow
    // (SQLite gives them the database file's permissions).
    if (create) create_private_file(path_);
    // The first connection proves the file opens and sets the persistent journal mode.
    try {
        give_back(open_connection(create));
    } catch (...) {
        rethrow_as_storage_error();
    }
}

Database::~Database() = default;

Connection Database::borrow(SQLite::Database& db) { return Connection(nullptr, std::make_unique<PooledConnection>(db)); }

std::unique_ptr<PooledConnection> Database::open_connection(bool create) const {
    int flags = SQLite::OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (create) flags |= SQLite::OPEN_CREATE;
    auto db = std::make_unique<SQLite::Database>(path_, flags, static_cast<int>(k_write_lock_wait.count()));
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA foreign_keys=ON");
    db->exec("PRAGMA synchronous=NORMAL");
    return std::make_unique<PooledConnection>(std::move(db));
}

Connection Database::lease() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            return Connection(this, std::move(c));
        }
    }
    try {
        return Connection(this, open_connection(false));
    } catch (...) {
        rethrow_as_storage_error();
    }
}

void Database::give_back(std::unique_ptr<PooledConnection> c) {
    // A connection left inside a transaction (an exception escaped mid-way) must not be reused as is.
    if (!sqlite3_get_autocommit(c->db->getHandle())) return;
    // A server keeps its connections for months: they optimize now and then too, not only when closed.
    if (++c->leases % k_leases_between_optimizes == 0) optimize_planner_statistics(*c->db);
    std::lock_guard lock(mutex_);
    if (idle_.size() < k_max_idle) idle_.push_back(std::move(c));
}

int Database::user_version() {
    return read([](ReadTx& tx) {
        auto st = tx.prepare("PRAGMA user_version");
        st.executeStep();
        return st.getColumn(0).getInt();
    });
}

void Database::rethrow_as_storage_error() {
    try {
        throw;
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_NOTADB) throw UnusableDatabase(std::string("not a salonbox database (") + e.what() + ")");
        if ((e.getErrorCode() & 0xff) == SQLITE_FULL) throw StorageFull(e.what());
        throw StorageError(e.what());
    }
}

}  // namespace salonbox::storage
