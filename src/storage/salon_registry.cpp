#include "storage/salon_registry.h"

#include "storage/animal_type_store.h"
#include "storage/salon_store.h"
#include "storage/schema.h"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace salonbox::storage {

void configure_sqlite() { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

SalonRegistry::SalonRegistry(std::filesystem::path data_dir, const domain::Clock& clock)
    : data_dir_(std::move(data_dir)), clock_(clock) {
    create_private_directories(data_dir_ / "salons");
}

std::filesystem::path SalonRegistry::salon_path(const std::string& slug) const {
    if (!domain::is_valid_slug(slug)) throw std::invalid_argument("'" + slug + "' is not a salon name (2 to 40 lowercase letters, digits or dashes)");
    return data_dir_ / "salons" / (slug + ".db");
}

std::vector<std::string> SalonRegistry::slugs() const {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(data_dir_ / "salons")) {
        if (!entry.is_regular_file() || entry.path().extension() != ".db") continue;
        auto slug = entry.path().stem().string();
        if (domain::is_valid_slug(slug)) out.push_back(slug);
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool SalonRegistry::exists(const std::string& slug) const {
    return domain::is_valid_slug(slug) && std::filesystem::is_regular_file(salon_path(slug));
}

std::mutex& SalonRegistry::opening_lock(const std::string& slug) {
    std::unique_lock lock(mutex_);
    auto& held = opening_locks_[slug];
    if (!held) held = std::make_unique<std::mutex>();
    return *held;
}

std::shared_ptr<Database> SalonRegistry::open(const std::string& slug) {
    auto already_open = [&]() -> std::shared_ptr<Database> {
        std::shared_lock lock(mutex_);
        auto it = open_.find(slug);
        return it == open_.end() ? nullptr : it->second;
    };
    if (auto db = already_open()) return db;
    if (!exists(slug)) return nullptr;
    std::lock_guard opening(opening_lock(slug));
    if (auto db = already_open()) return db;  // opened by whoever held the lock before
    check_usable(salon_path(slug));
    auto db = std::make_shared<Database>(salon_path(slug), false, clock_);
    {
        auto c = db->lease();
        bring_to_current(c.db());
    }
    std::unique_lock lock(mutex_);
    open_[slug] = db;
    return db;
}

domain::SalonSettings SalonRegistry::settings(const std::string& slug) {
    {
        std::shared_lock lock(mutex_);
        if (auto it = settings_.find(slug); it != settings_.end()) return it->second;
    }
    reload_settings(slug);
    std::shared_lock lock(mutex_);
    return settings_.at(slug);
}

void SalonRegistry::reload_settings(const std::string& slug) {
    auto db = open(slug);
    if (!db) throw std::runtime_error("no salon '" + slug + "'");
    auto loaded = db->read([](ReadTx& tx) { return salon_store::load(tx); });
    std::unique_lock lock(mutex_);
    settings_[slug] = std::move(loaded);
}

std::shared_ptr<Database> SalonRegistry::release(const std::string& slug) {
    std::lock_guard opening(opening_lock(slug));  // an open in progress finishes first, then is forgotten here
    std::unique_lock lock(mutex_);
    settings_.erase(slug);
    auto it = open_.find(slug);
    if (it == open_.end()) return nullptr;
    auto db = std::move(it->second);
    open_.erase(it);
    return db;
}

std::shared_ptr<Database> SalonRegistry::create(const domain::SalonSettings& settings) {
    if (!domain::is_valid_slug(settings.slug)) throw std::runtime_error("invalid salon slug");
    auto path = salon_path(settings.slug);
    if (std::filesystem::exists(path)) throw std::runtime_error("salon '" + settings.slug + "' already exists");
    try {
        auto db = std::make_shared<Database>(path, true, clock_);
        {
            auto c = db->lease();
            bring_to_current(c.db());
        }
        db->write([&](WriteTx& tx) {
            salon_store::insert(tx, settings);
            animal_type_store::seed(tx);
        });
        std::unique_lock lock(mutex_);
        open_[settings.slug] = db;
        return db;
    } catch (...) {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path.string() + suffix, ignored);
        throw;
    }
}

}  // namespace salonbox::storage
