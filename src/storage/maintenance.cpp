#include "storage/maintenance.h"

#include "storage/schema.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>

namespace salonbox::storage {

void backup_salon(Database& source, const std::filesystem::path& out) {
    auto tmp = out;
    tmp += ".partial";
    std::filesystem::remove(tmp);
    {
        auto c = source.lease();
        SQLite::Database dest(tmp, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        SQLite::Backup backup(dest, c.db());
        backup.executeStep();  // all pages in one step: one read transaction, one snapshot
        dest.exec("PRAGMA journal_mode=DELETE");  // a backup is a single self-contained file
    }
    std::filesystem::rename(tmp, out);
}

std::vector<std::string> check_database(const std::filesystem::path& file) {
    std::vector<std::string> problems;
    SQLite::Database db(file, SQLite::OPEN_READONLY);
    SQLite::Statement integrity(db, "PRAGMA integrity_check");
    while (integrity.executeStep()) {
        auto line = integrity.getColumn(0).getString();
        if (line != "ok") problems.push_back(line);
    }
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    while (fk.executeStep())
        problems.push_back("broken reference in table " + fk.getColumn(0).getString() + " row " + fk.getColumn(1).getString());
    return problems;
}

void restore_salon(SalonRegistry& registry, const std::string& slug, const std::filesystem::path& file) {
    if (!std::filesystem::is_regular_file(file)) throw RestoreRefused("no such file: " + file.string());
    try {
        SQLite::Database src(file, SQLite::OPEN_READONLY);
        if (src.execAndGet("PRAGMA integrity_check").getString() != "ok")
            throw RestoreRefused(file.string() + " is damaged (integrity check failed)");
        int version = src.execAndGet("PRAGMA user_version").getInt();
        if (version > schema_version())
            throw RestoreRefused(file.string() + " was written by a newer salonbox (data version " + std::to_string(version) +
                                 ", this program knows up to " + std::to_string(schema_version()) + ")");
        if (version < 1 || !src.tableExists("salon"))
            throw RestoreRefused(file.string() + " is not a salonbox salon backup");
    } catch (const SQLite::Exception& e) {
        throw RestoreRefused(file.string() + " is not a readable database: " + e.getErrorStr());
    }

    std::shared_ptr<Database> target = registry.open(slug);
    if (!target) target = std::make_shared<Database>(registry.salon_path(slug), true);
    {
        SQLite::Database src(file, SQLite::OPEN_READONLY);
        auto c = target->lease();
        SQLite::Backup backup(c.db(), src);
        backup.executeStep();
        bring_to_current(c.db());
        SQLite::Statement rename(c.db(), "UPDATE salon SET slug = ? WHERE id = 1");
        rename.bind(1, slug);
        rename.exec();
    }
}

bool ping(Database& db) {
    try {
        return db.read([](SQLite::Database& c) { return c.execAndGet("SELECT count(*) FROM salon").getInt() == 1; });
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace salonbox::storage
