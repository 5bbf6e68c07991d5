// Whole-file operations on salon databases: online backup, verified restore, integrity checks.
#pragma once

#include "storage/salon_registry.h"

#include <filesystem>
#include <string>
#include <vector>

namespace salonbox::storage {

// Copies a live salon database into `out` with SQLite's online backup: one consistent snapshot even while
// the server writes. Writes to a temporary file beside `out` and renames it, so `out` is whole or absent.
void backup_salon(Database& source, const std::filesystem::path& out);

// "ok", or the problems SQLite's integrity_check and foreign_key_check report.
std::vector<std::string> check_database(const std::filesystem::path& file);

struct RestoreRefused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Replaces (or creates) salon `slug` with the content of `file` through the backup API, so a running server
// sees the restored data at once. Refuses (RestoreRefused) a file that is not a salon database, fails its
// integrity check or comes from a newer salonbox; an older file is migrated after the copy.
void restore_salon(SalonRegistry& registry, const std::string& slug, const std::filesystem::path& file);

// Cheap liveness probe of an open database (used by /healthz).
bool ping(Database& db);

}  // namespace salonbox::storage
