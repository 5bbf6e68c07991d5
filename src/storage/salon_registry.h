// The data directory: one database file per salon under salons/, opened once and shared by every request.
//
// Call configure_sqlite() once at process start, before any database is opened.
#pragma once

#include "domain/salon_settings.h"
#include "storage/database.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace salonbox::storage {

// Process-wide SQLite settings: no global memory statistics (a lock on every allocation, shared by all threads).
void configure_sqlite();

class SalonRegistry {
public:
    // Creates DIR and DIR/salons when missing (mode 0700). `clock` (which must outlive the registry) stamps every
    // write transaction of the salons it opens.
    explicit SalonRegistry(std::filesystem::path data_dir, const domain::Clock& clock = domain::system_clock());

    const std::filesystem::path& data_dir() const { return data_dir_; }
    // The clock the registry was given: whoever works on its salons in the background (the mail sender) asks it.
    const domain::Clock& clock() const { return clock_; }
    // DIR/salons/SLUG.db. Throws std::invalid_argument for a slug that is not domain::is_valid_slug, so no
    // caller can reach a path outside salons/.
    std::filesystem::path salon_path(const std::string& slug) const;

    // Slugs of every salon file, sorted.
    std::vector<std::string> slugs() const;
    bool exists(const std::string& slug) const;

    // The open database of a salon, brought to the current schema on first use; nullptr when there is no
    // such salon. Throws UnusableDatabase (DatabaseTooNew for a file from a newer salonbox) and leaves the file
    // as it was when it is no salon this salonbox can use.
    std::shared_ptr<Database> open(const std::string& slug);

    // The salon's settings row, cached: every request needs it and it rarely changes. Whoever updates
    // the row calls reload_settings() after the commit.
    domain::SalonSettings settings(const std::string& slug);
    void reload_settings(const std::string& slug);

    // Forgets the open database and cached settings of `slug` (restore replaces the file): the next open()
    // reads the file anew. Returns the database it held, or nullptr; its connections close with the last owner.
    std::shared_ptr<Database> release(const std::string& slug);

    // Creates the file, the schema, the settings row and the animal types in one go; a failure leaves no
    // file behind. Refuses an existing slug (std::runtime_error).
    std::shared_ptr<Database> create(const domain::SalonSettings& settings);

private:
    // The lock held while SLUG's file is checked, opened and migrated. One per salon, so that opening one file
    // (milliseconds of I/O) never makes requests for the other salons wait; kept for the registry's life.
    std::mutex& opening_lock(const std::string& slug);

    std::filesystem::path data_dir_;
    const domain::Clock& clock_;
    mutable std::shared_mutex mutex_;
    std::map<std::string, std::shared_ptr<Database>> open_;
    std::map<std::string, domain::SalonSettings> settings_;
    std::map<std::string, std::unique_ptr<std::mutex>> opening_locks_;
};

}  // namespace salonbox::storage
