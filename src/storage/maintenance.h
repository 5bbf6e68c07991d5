// Whole-file operations on salon databases: online backup, verified restore, integrity and schema checks.
#pragma once

#include "storage/salon_registry.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace salonbox::storage {

// Copies a live salon database into `out` with SQLite's online backup: one consistent snapshot even while
// the server writes. Writes to a temporary file (mode 0600) beside `out`, runs SQLite's integrity check on
// it, and only then renames it over `out` (synced to disk), so `out` is whole and sound or untouched. On any
// failure the temporary file is removed and the exception propagates.
void backup_salon(Database& source, const std::filesystem::path& out);

// Scheduled backups keep several files per salon in one directory, named SLUG-YYYYMMDDTHHMMSSZ.db after the
// UTC time they were taken: names sort by time, and a salon "a" never claims salon "a-b"'s files.
std::string timestamped_backup_name(const std::string& slug, std::chrono::sys_seconds taken);

// The timestamped backups of `slug` in `dir`, oldest first; files named any other way are not among them.
std::vector<std::filesystem::path> timestamped_backups(const std::filesystem::path& dir, const std::string& slug);

// Deletes all but the newest `keep` (at least 1) timestamped backups of `slug` in `dir`; returns the
// deleted files.
std::vector<std::filesystem::path> prune_backups(const std::filesystem::path& dir, const std::string& slug, std::size_t keep);

// Deletes what backups of `slug` cut short by a crash or a power cut left in `dir` (SLUG-STAMP.db.partial and
// its journal: a later run has another stamp, so it would stay forever) when older than `abandoned_after`
// (a backup running now writes a younger one). Returns the deleted files.
std::vector<std::filesystem::path> remove_abandoned_backups(const std::filesystem::path& dir, const std::string& slug,
                                                            std::chrono::seconds abandoned_after = std::chrono::hours(1));

// What `salonbox check` found in one salon file. The verdict decides the advice: a damaged file is restored
// from a backup, a file from a newer salonbox needs a newer binary (restoring an older backup would lose its
// latest data), another program's file is moved out of salons/, and data kept by triggers that is out of step
// with its rows is recomputed from them (repair_derived_data: nothing is lost).
struct DatabaseCheck {
    enum class Verdict { sound, damaged, newer_salonbox, not_salonbox, derived_out_of_step };
    Verdict verdict = Verdict::sound;
    std::vector<std::string> problems;  // one line each; empty exactly when the verdict is sound
};

// Checks a salon file without changing it: SQLite's integrity_check and foreign_key_check, and every table,
// column, index or trigger that differs from what this salonbox's schema has at the file's data version (an
// older file is not a problem by itself: opening it migrates it). A newer data version cannot be compared,
// so such a file is only checked for integrity, and is "damaged" only when that fails. A file sound in all that
// and at the current data version has its kept data compared with its rows (derived_data_differences).
DatabaseCheck check_database(const std::filesystem::path& file);

struct RestoreRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Replaces (or creates) salon `slug` with the content of `file`. The candidate is built in a temporary file
// beside the salon, migrated, and must pass the integrity check, have exactly the schema of this salonbox,
// no broken reference and valid salon settings; its data kept by triggers (list totals, unpaid invoices, owner
// copies, search indexes) is then rebuilt from its rows, so a restored salon is consistent whatever file it came
// from. Only then is it renamed over the salon (atomic), the replaced file kept as SLUG.db.before-restore. Any
// refusal (RestoreRefused) leaves the salon untouched. Returns what the rebuild corrected, one line each (empty
// for a backup salonbox wrote).
//
// The caller makes sure no other process has the salon open (the CLI holds the data directory's lock): the
// file is replaced, so connections opened before would go on with the old one. In this process, the
// registry forgets its copy; a Database still held elsewhere makes the restore refused.
std::vector<std::string> restore_salon(SalonRegistry& registry, const std::string& slug, const std::filesystem::path& file);

struct RepairRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Recomputes salon `slug`'s data kept by triggers from its rows, in one transaction, and returns what was out of
// step (one line each; empty when nothing was). Refused (RepairRefused) for a salon that is not there or that
// check_database() finds damaged, newer or foreign: that needs a backup or another binary, not this. The caller
// makes sure no server serves the salon meanwhile (the CLI holds the data directory's lock, as for restore).
std::vector<std::string> repair_derived_data(SalonRegistry& registry, const std::string& slug);

// Cheap liveness probe of an open database.
bool ping(Database& db);

// Whether a salon can take a write right now, as probe_write() found it.
struct WriteProbe {
    enum class Outcome { writable, busy, failed };
    Outcome outcome = Outcome::writable;
    std::string error;  // why it failed (Outcome::failed only)
};

// Probes salon `db` without waiting: BEGIN IMMEDIATE with no busy timeout, a row updated, then ROLLBACK. A
// read-only, damaged or unwritable file fails it; another connection holding the write lock at that moment
// gives `busy` (a writer at work, or one stuck: only the caller can tell by asking again). It never queues
// behind a writer, and holds the write lock only for the microseconds of an update nobody commits.
WriteProbe probe_write(Database& db);

// Why the disk holding `file` cannot take the salon's writes, or "" when at least `min_free_bytes` are free
// (a rolled-back write never reaches the disk, so a full disk shows only here).
std::string free_space_problem(const std::filesystem::path& file, std::uintmax_t min_free_bytes);

}  // namespace salonbox::storage
