#include "storage/schema.h"

#include "embed/embedded_assets.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <sstream>

namespace salonbox::storage {

DatabaseTooNew::DatabaseTooNew(int file_version_, int binary_version_)
    : UnusableDatabase("this database was written by a newer salonbox (data version " + std::to_string(file_version_) +
                         ", this program knows up to " + std::to_string(binary_version_) + "); upgrade salonbox first"),
      file_version(file_version_),
      binary_version(binary_version_) {}

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = [] {
        std::vector<Migration> out;
        for (const auto& raw : embed::all_raw()) {
            std::string_view path(raw.path);
            if (!path.starts_with("migrations/") || !path.ends_with(".sql")) continue;
            out.push_back({0, path.substr(11), std::string_view(raw.begin, static_cast<std::size_t>(raw.end - raw.begin))});
        }
        // Paths are sorted already; the number in the name is the order.
        for (std::size_t i = 0; i < out.size(); ++i) out[i].version = static_cast<int>(i + 1);
        return out;
    }();
    return all;
}

int schema_version() { return static_cast<int>(migrations().size()); }

std::string_view current_schema_sql() { return embed::require("schema.sql"); }

namespace {
void set_user_version(SQLite::Database& db, int version) { db.exec("PRAGMA user_version=" + std::to_string(version)); }

void in_immediate(SQLite::Database& db, const auto& fn) {
    db.exec("BEGIN IMMEDIATE");
    try {
        fn();
        db.exec("COMMIT");
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
}
}  // namespace

void apply_migrations(SQLite::Database& db, int up_to) {
    int current = db.execAndGet("PRAGMA user_version").getInt();
    for (const auto& m : migrations()) {
        if (m.version <= current || m.version > up_to) continue;
        in_immediate(db, [&] {
            db.exec(std::string(m.sql));
            set_user_version(db, m.version);
        });
    }
}

void check_usable(const std::filesystem::path& path) {
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        // PRAGMA user_version reads the file's header only; counting the tables makes SQLite read and parse the
        // whole schema (most of the cost of opening a salon), so they are counted only when the version is 0.
        const int version = db.execAndGet("PRAGMA user_version").getInt();
        if (version > schema_version()) throw DatabaseTooNew(version, schema_version());
        if (version == 0 && db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0)
            throw UnusableDatabase("not a salonbox database: it holds tables but no salonbox data version");
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_NOTADB) throw UnusableDatabase(std::string("not a salonbox database (") + e.what() + ")");
        throw StorageError(e.what());
    }
}

void bring_to_current(SQLite::Database& db) {
    int current = db.execAndGet("PRAGMA user_version").getInt();
    int latest = schema_version();
    if (current > latest) throw DatabaseTooNew(current, latest);
    if (current == latest) return;
    bool empty = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 0;
    if (current == 0 && !empty) throw UnusableDatabase("not a salonbox database: it holds tables but no salonbox data version");
    if (current == 0) {
        in_immediate(db, [&] {
            db.exec(std::string(current_schema_sql()));
            set_user_version(db, latest);
        });
        return;
    }
    apply_migrations(db, latest);
}

std::string describe_schema(SQLite::Database& db) {
    std::ostringstream out;
    auto squeeze = [](std::string sql) {
        std::string r;
        bool space = false;
        for (char c : sql) {
            bool s = c == ' ' || c == '\n' || c == '\t' || c == '\r';
            if (s) {
                space = true;
                continue;
            }
            if (space && !r.empty()) r += ' ';
            space = false;
            r += c;
        }
        return r;
    };
    SQLite::Statement objects(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
                                  "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
    while (objects.executeStep()) {
        std::string type = objects.getColumn(0).getString(), name = objects.getColumn(1).getString();
        if (type == "table") {
            out << "table " << name << "\n";
            SQLite::Statement cols(db, "SELECT name, type, \"notnull\", coalesce(dflt_value, 'NULL'), pk FROM pragma_table_info(?)");
            cols.bind(1, name);
            while (cols.executeStep())
                out << "  column " << cols.getColumn(0).getString() << " " << cols.getColumn(1).getString() << " notnull="
                    << cols.getColumn(2).getInt() << " default=" << cols.getColumn(3).getString() << " pk=" << cols.getColumn(4).getInt() << "\n";
            SQLite::Statement fks(db, "SELECT \"table\", \"from\", coalesce(\"to\", ''), on_delete FROM pragma_foreign_key_list(?) ORDER BY \"from\"");
            fks.bind(1, name);
            while (fks.executeStep())
                out << "  fk " << fks.getColumn(1).getString() << " -> " << fks.getColumn(0).getString() << "("
                    << fks.getColumn(2).getString() << ") on delete " << fks.getColumn(3).getString() << "\n";
            // CHECK constraints live only in the CREATE text; compare it squeezed for tables never altered.
            out << "  sql " << squeeze(objects.getColumn(3).getString()) << "\n";
        } else if (type == "index") {
            out << "index " << name << " on " << objects.getColumn(2).getString() << ": " << squeeze(objects.getColumn(3).getString()) << "\n";
        } else {
            out << type << " " << name << ": " << squeeze(objects.getColumn(3).getString()) << "\n";
        }
    }
    return out.str();
}

}  // namespace salonbox::storage
