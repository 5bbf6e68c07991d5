#include "storage/maintenance.h"

#include "domain/salon_settings.h"
#include "storage/derived_data.h"
#include "storage/salon_store.h"
#include "storage/schema.h"
#include "storage/statement.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Statement.h>

#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <sstream>

namespace salonbox::storage {

namespace {

std::filesystem::path with_suffix(const std::filesystem::path& file, const char* suffix) {
    auto out = file;
    out += suffix;
    return out;
}

void remove_database_files(const std::filesystem::path& file) {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(with_suffix(file, suffix), ignored);
}

// describe_schema() as one self-contained line per fact ("table customers: column email TEXT ..."), so a
// difference can be named on its own.
std::set<std::string> schema_facts(SQLite::Database& db) {
    std::set<std::string> facts;
    std::istringstream in(describe_schema(db));
    std::string line, owner;
    while (std::getline(in, line)) {
        if (line.starts_with("  ")) {
            facts.insert(owner + ":" + line.substr(1));
        } else {
            owner = line.substr(0, line.find(':'));
            facts.insert(line);
        }
    }
    return facts;
}

// What this salonbox's schema is at data version `version`: schema.sql for the current one, the migrations
// up to it for an older one.
std::set<std::string> expected_schema_facts(int version) {
    SQLite::Database mem(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    if (version == schema_version())
        bring_to_current(mem);
    else
        apply_migrations(mem, version);
    return schema_facts(mem);
}

// One line per difference between the file's schema and the expected one, at most `max` of them.
std::vector<std::string> schema_differences(SQLite::Database& db, int version, std::size_t max = 5) {
    auto expected = expected_schema_facts(version);
    auto actual = schema_facts(db);
    std::vector<std::string> out;
    for (const auto& fact : expected)
        if (!actual.contains(fact)) out.push_back("missing or different: " + fact);
    for (const auto& fact : actual)
        if (!expected.contains(fact)) out.push_back("not part of salonbox: " + fact);
    if (out.size() > max) {
        auto more = out.size() - max;
        out.resize(max);
        out.push_back("... and " + std::to_string(more) + " more schema difference(s)");
    }
    return out;
}

std::vector<std::string> integrity_problems(SQLite::Database& db) {
    std::vector<std::string> problems;
    SQLite::Statement integrity(db, "PRAGMA integrity_check");
    while (integrity.executeStep()) {
        auto line = integrity.getColumn(0).getString();
        if (line != "ok") problems.push_back(line);
    }
    return problems;
}

std::vector<std::string> reference_problems(SQLite::Database& db) {
    std::vector<std::string> problems;
    SQLite::Statement fk(db, "PRAGMA foreign_key_check");
    while (fk.executeStep())
        problems.push_back("broken reference in table " + fk.getColumn(0).getString() + " row " + fk.getColumn(1).getString() +
                           " (to " + fk.getColumn(2).getString() + ")");
    return problems;
}

std::string first_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size() && i < 3; ++i) out += (i ? "; " : "") + lines[i];
    if (lines.size() > 3) out += "; ...";
    return out;
}

// Copies `file` into `candidate` and proves it is a whole salon of this salonbox's schema, brought up to date,
// renamed to `slug`, its kept data rebuilt. Returns what the rebuild corrected; throws RestoreRefused.
std::vector<std::string> build_candidate(const std::filesystem::path& file, const std::filesystem::path& candidate, const std::string& slug) {
    const std::string name = file.string();
    try {
        SQLite::Database src(file, SQLite::OPEN_READONLY);
        int version = src.execAndGet("PRAGMA user_version").getInt();
        if (version > schema_version())
            throw RestoreRefused(name + " was written by a newer salonbox (data version " + std::to_string(version) +
                                 ", this program knows up to " + std::to_string(schema_version()) + ")");
        if (version < 1 || !src.tableExists("salon")) throw RestoreRefused(name + " is not a salonbox salon backup");
        create_private_file(candidate);
        SQLite::Database dest(candidate, SQLite::OPEN_READWRITE);
        SQLite::Backup backup(dest, src);
        backup.executeStep();
    } catch (const SQLite::Exception& e) {
        throw RestoreRefused(name + " is not a readable database: " + e.getErrorStr());
    }

    try {
        SQLite::Database db(candidate, SQLite::OPEN_READWRITE);
        // The file comes from outside: its triggers and views may call no function with side effects.
        db.exec("PRAGMA trusted_schema=OFF");
        db.exec("PRAGMA journal_mode=DELETE");  // one self-contained file until it is in place
        db.exec("PRAGMA foreign_keys=ON");
        if (auto problems = integrity_problems(db); !problems.empty())
            throw RestoreRefused(name + " is damaged (integrity check: " + first_lines(problems) + ")");
        int version = db.execAndGet("PRAGMA user_version").getInt();
        if (auto diff = schema_differences(db, version); !diff.empty())
            throw RestoreRefused(name + " is not a salonbox salon backup (" + first_lines(diff) + ")");
        try {
            bring_to_current(db);
        } catch (const std::exception& e) {
            throw RestoreRefused(name + " could not be brought up to this salonbox's data version: " + e.what());
        }
        if (auto diff = schema_differences(db, schema_version()); !diff.empty())
            throw RestoreRefused(name + " does not match this salonbox's schema once migrated (" + first_lines(diff) + ")");
        if (auto problems = reference_problems(db); !problems.empty())
            throw RestoreRefused(name + " has broken references (" + first_lines(problems) + ")");
        if (db.execAndGet("SELECT count(*) FROM salon").getInt() != 1 || db.execAndGet("SELECT count(*) FROM salon WHERE id = 1").getInt() != 1)
            throw RestoreRefused(name + " does not hold exactly one salon");
        SQLite::Statement rename(db, "UPDATE salon SET slug = ? WHERE id = 1");
        rename.bind(1, slug);
        rename.exec();
        auto settings = domain::validate(Database::read_unpooled(db, [](ReadTx& tx) { return salon_store::load(tx); }));
        if (!settings) throw RestoreRefused(name + " holds invalid salon settings (" + settings.error().field + ")");
        // Triggers keep this data right for every write, but the file may have been written elsewhere.
        auto corrected = derived_data_differences(db);
        rebuild_derived_data(db);
        return corrected;
    } catch (const SQLite::Exception& e) {
        throw RestoreRefused(name + " cannot be read as a salon: " + e.getErrorStr());
    }
}

// Folds the live salon's WAL into its main file and closes it, so the file alone is the salon and can be
// kept as it is. Throws RestoreRefused when another connection has it open.
void settle_live_file(const std::filesystem::path& live) {
    try {
        SQLite::Database db(live, SQLite::OPEN_READWRITE, 2000);
        // Leaving WAL needs every other connection closed; SQLite keeps WAL (or fails) when one is open.
        if (db.execAndGet("PRAGMA journal_mode=DELETE").getString() != "delete")
            throw RestoreRefused("the salon is in use by another program; stop the server first");
    } catch (const SQLite::Exception& e) {
        throw RestoreRefused("the salon is in use by another program (" + std::string(e.getErrorStr()) + "); stop the server first");
    }
    std::error_code ec;
    auto wal = with_suffix(live, "-wal");
    if (std::filesystem::exists(wal) && std::filesystem::file_size(wal, ec) > 0)
        throw RestoreRefused("the salon's write-ahead log could not be folded in; stop the server first");
    std::filesystem::remove(wal, ec);
    std::filesystem::remove(with_suffix(live, "-shm"), ec);
}

void sync_directory([[maybe_unused]] const std::filesystem::path& dir) {
#ifndef _WIN32  // NTFS journals the rename itself: there is no directory to flush
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
#endif
}

}  // namespace

void backup_salon(Database& source, const std::filesystem::path& out) {
    const auto tmp = with_suffix(out, ".partial");
    remove_database_files(tmp);  // left by a backup cut short
    try {
        create_private_file(tmp);
        {
            auto c = source.lease();
            SQLite::Database dest(tmp, SQLite::OPEN_READWRITE);
            SQLite::Backup backup(dest, c.db());
            backup.executeStep();  // all pages in one step: one read transaction, one snapshot
            dest.exec("PRAGMA journal_mode=DELETE");  // a backup is a single self-contained file
        }
        {
            // SQLite copies pages as they are: a damaged salon makes a damaged copy, which is no backup.
            SQLite::Database copy(tmp, SQLite::OPEN_READONLY);
            if (auto problems = integrity_problems(copy); !problems.empty())
                throw std::runtime_error("the copy fails SQLite's integrity check (" + first_lines(problems) +
                                         "): the salon itself is probably damaged; run salonbox check");
        }
        std::filesystem::rename(tmp, out);
    } catch (...) {
        remove_database_files(tmp);
        throw;
    }
    sync_directory(out.parent_path().empty() ? "." : out.parent_path());
}

std::string timestamped_backup_name(const std::string& slug, std::chrono::sys_seconds taken) {
    const auto day = std::chrono::floor<std::chrono::days>(taken);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss time{taken - day};
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "-%04d%02u%02uT%02d%02d%02dZ.db", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return slug + stamp;
}

namespace {

// Whether `name` is timestamped_backup_name(slug, some time).
bool is_timestamped_backup_of(std::string_view name, std::string_view slug) {
    constexpr std::string_view stamp = "YYYYMMDDTHHMMSSZ";
    if (name.size() != slug.size() + 1 + stamp.size() + 3 || !name.starts_with(slug) || !name.ends_with(".db")) return false;
    name.remove_prefix(slug.size());
    if (name[0] != '-') return false;
    name = name.substr(1, stamp.size());
    for (std::size_t i = 0; i < stamp.size(); ++i) {
        bool digit = std::isdigit(static_cast<unsigned char>(name[i]));
        if (stamp[i] == 'T' || stamp[i] == 'Z' ? name[i] != stamp[i] : !digit) return false;
    }
    return true;
}

}  // namespace

std::vector<std::filesystem::path> timestamped_backups(const std::filesystem::path& dir, const std::string& slug) {
    std::vector<std::filesystem::path> found;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.is_regular_file() && is_timestamped_backup_of(entry.path().filename().string(), slug)) found.push_back(entry.path());
    std::sort(found.begin(), found.end());
    return found;
}

std::vector<std::filesystem::path> prune_backups(const std::filesystem::path& dir, const std::string& slug, std::size_t keep) {
    if (keep < 1) throw std::invalid_argument("prune_backups keeps at least one backup");
    auto backups = timestamped_backups(dir, slug);
    if (backups.size() <= keep) return {};
    backups.resize(backups.size() - keep);  // the oldest ones
    for (const auto& old : backups) std::filesystem::remove(old);
    sync_directory(dir);
    return backups;
}

std::vector<std::filesystem::path> remove_abandoned_backups(const std::filesystem::path& dir, const std::string& slug,
                                                            std::chrono::seconds abandoned_after) {
    std::vector<std::filesystem::path> removed;
    const auto before = std::filesystem::file_time_type::clock::now() - abandoned_after;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        const auto partial = name.find(".partial");
        if (partial == std::string::npos || !is_timestamped_backup_of(std::string_view(name).substr(0, partial), slug)) continue;
        std::error_code ec;
        if (entry.is_regular_file(ec) && entry.last_write_time(ec) < before && !ec && std::filesystem::remove(entry.path(), ec))
            removed.push_back(entry.path());
    }
    std::sort(removed.begin(), removed.end());
    return removed;
}

DatabaseCheck check_database(const std::filesystem::path& file) {
    using Verdict = DatabaseCheck::Verdict;
    try {
        check_usable(file);
    } catch (const DatabaseTooNew& e) {
        DatabaseCheck newer{Verdict::newer_salonbox, {e.what()}};
        try {
            SQLite::Database db(file, SQLite::OPEN_READONLY);
            if (auto broken = integrity_problems(db); !broken.empty()) return {Verdict::damaged, std::move(broken)};
        } catch (const SQLite::Exception& read_error) {
            return {Verdict::damaged, {std::string("cannot be read: ") + read_error.what()}};
        }
        return newer;
    } catch (const UnusableDatabase& e) {
        return {Verdict::not_salonbox, {e.what()}};
    } catch (const StorageError& e) {
        return {Verdict::damaged, {std::string("cannot be read: ") + e.what()}};
    }
    SQLite::Database db(file, SQLite::OPEN_READONLY);
    auto problems = integrity_problems(db);
    auto references = reference_problems(db);
    problems.insert(problems.end(), references.begin(), references.end());
    int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version < 1) {
        problems.push_back("data version 0: this is not a salonbox salon database");
    } else {
        auto diff = schema_differences(db, version);
        problems.insert(problems.end(), diff.begin(), diff.end());
    }
    if (!problems.empty()) return {Verdict::damaged, std::move(problems)};
    // An older file gets its kept data computed by the migrations when it is opened.
    if (version != schema_version()) return {};
    auto out_of_step = derived_data_differences(db);
    return {out_of_step.empty() ? Verdict::sound : Verdict::derived_out_of_step, std::move(out_of_step)};
}

std::vector<std::string> restore_salon(SalonRegistry& registry, const std::string& slug, const std::filesystem::path& file) {
    if (!domain::is_valid_slug(slug))
        throw RestoreRefused("'" + slug + "' is not a salon name (2 to 40 lowercase letters, digits or dashes)");
    if (!std::filesystem::is_regular_file(file)) throw RestoreRefused("no such file: " + file.string());
    const auto live = registry.salon_path(slug);
    const auto candidate = with_suffix(live, ".restoring");
    remove_database_files(candidate);  // left by a restore cut short
    try {
        auto corrected = build_candidate(file, candidate, slug);

        if (auto held = registry.release(slug); held && held.use_count() > 1)
            throw RestoreRefused("the salon is open elsewhere in this program");
        if (std::filesystem::exists(live)) {
            settle_live_file(live);
            auto before = with_suffix(live, ".before-restore");
            std::filesystem::remove(before);
            std::filesystem::create_hard_link(live, before);
        }
        std::filesystem::rename(candidate, live);  // atomic: the salon is the old file or the new one, never a mix
        sync_directory(live.parent_path());
        return corrected;
    } catch (...) {
        remove_database_files(candidate);
        throw;
    }
}

std::vector<std::string> repair_derived_data(SalonRegistry& registry, const std::string& slug) {
    if (!registry.exists(slug)) throw RepairRefused("there is no salon '" + slug + "'");
    const auto found = check_database(registry.salon_path(slug));
    using Verdict = DatabaseCheck::Verdict;
    if (found.verdict != Verdict::sound && found.verdict != Verdict::derived_out_of_step)
        throw RepairRefused("salon '" + slug + "' has other problems (" + first_lines(found.problems) + "); run salonbox check");
    auto db = registry.open(slug);  // brings an older file to the current data version first
    return db->write([](WriteTx& tx) {
        auto corrected = derived_data_differences(tx.connection());
        rebuild_derived_data(tx.connection());
        return corrected;
    });
}

bool ping(Database& db) {
    try {
        return db.read([](ReadTx& tx) { return query_int(tx, "SELECT count(*) FROM salon") == 1; });
    } catch (const std::exception&) {
        return false;
    }
}

WriteProbe probe_write(Database& db) {
    try {
        auto c = db.lease();
        auto& connection = c.db();
        connection.setBusyTimeout(0);
        struct RestoreTimeout {
            SQLite::Database& connection;
            ~RestoreTimeout() { connection.setBusyTimeout(static_cast<int>(k_write_lock_wait.count())); }
        } restore{connection};
        try {
            connection.exec("BEGIN IMMEDIATE");
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() & 0xff) == SQLITE_BUSY) return {WriteProbe::Outcome::busy, {}};
            throw;
        }
        try {
            connection.exec("UPDATE salon SET name = name");
        } catch (...) {
            connection.exec("ROLLBACK");
            throw;
        }
        connection.exec("ROLLBACK");
        return {};
    } catch (const std::exception& e) {
        return {WriteProbe::Outcome::failed, std::string("cannot write: ") + e.what()};
    }
}

std::string free_space_problem(const std::filesystem::path& file, std::uintmax_t min_free_bytes) {
    std::error_code ec;
    const auto space = std::filesystem::space(file.parent_path(), ec);
    if (ec) return "cannot tell the free disk space: " + ec.message();
    if (space.available < min_free_bytes)
        return "the disk is nearly full (" + std::to_string(space.available / (1024 * 1024)) + " MiB free, " +
               std::to_string(min_free_bytes / (1024 * 1024)) + " MiB needed)";
    return {};
}

}  // namespace salonbox::storage
