// Bringing a salon database to the binary's schema: schema.sql for a new file, migrations for an older one.
#pragma once


#include "storage/database.h"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace SQLite {
class Database;
}

namespace salonbox::storage {

// Raised when a file was written by a newer salonbox: it is never touched.
class DatabaseTooNew : public UnusableDatabase {
public:
    DatabaseTooNew(int file_version, int binary_version);
    int file_version;
    int binary_version;
};

struct Migration {
    int version;  // 1-based position; equals PRAGMA user_version once applied
    std::string_view name;
    std::string_view sql;
};

// The embedded migrations/NNNN_*.sql, in order.
const std::vector<Migration>& migrations();
int schema_version();
std::string_view current_schema_sql();

// Creates the schema on an empty database (from schema.sql) or applies the missing migrations, each in its
// own IMMEDIATE transaction together with its user_version. Throws DatabaseTooNew, or UnusableDatabase for
// a file with tables but no data version (another program's database: migrating it would fail half-way).
void bring_to_current(SQLite::Database& db);

// Throws DatabaseTooNew or UnusableDatabase when the file at `path` is not one bring_to_current() may
// change; reads it only (opening a salon sets its journal mode, which already writes to the file).
void check_usable(const std::filesystem::path& path);

// Applies migrations only (used by the test that proves migrations and schema.sql agree).
void apply_migrations(SQLite::Database& db, int up_to);

// A readable description of tables, columns, indexes, foreign keys and triggers, to compare two databases.
std::string describe_schema(SQLite::Database& db);

}  // namespace salonbox::storage
