// `salonbox backup|restore|check`: whole-salon safety copies and integrity checks.
#include "app/data_dir_lock.h"
#include "cli/commands.h"
#include "cli/salon_access.h"
#include "storage/maintenance.h"

#include <cstdio>
#include <filesystem>

namespace salonbox::cli {

int backup(const BackupOptions& o) {
    if (o.all == !o.salon.empty()) {
        std::fprintf(stderr, "salonbox: give either --salon SLUG or --all\n");
        return k_usage;
    }
    if (!o.all && !check_slug_argument(o.salon)) return k_usage;
    try {
        storage::SalonRegistry registry(o.data_dir);
        std::vector<std::string> slugs = o.all ? registry.slugs() : std::vector<std::string>{o.salon};
        // --all writes one file per salon into the --out directory; one salon may go to a file or a directory.
        bool into_dir = o.all || std::filesystem::is_directory(o.out);
        if (o.all) storage::create_private_directories(o.out);
        for (const auto& slug : slugs) {
            auto db = registry.open(slug);
            if (!db) {
                std::fprintf(stderr, "salonbox: there is no salon '%s' in %s\n", slug.c_str(), o.data_dir.c_str());
                return k_failed;
            }
            std::filesystem::path out = into_dir ? std::filesystem::path(o.out) / (slug + ".db") : std::filesystem::path(o.out);
            storage::backup_salon(*db, out);
            std::printf("Backed up salon '%s' to %s (%ju bytes)\n", slug.c_str(), out.c_str(), static_cast<std::uintmax_t>(std::filesystem::file_size(out)));
        }
        return k_ok;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: backup failed: %s\n", e.what());
        return k_failed;
    }
}

int restore(const RestoreOptions& o) {
    if (!check_slug_argument(o.salon)) return k_usage;
    try {
        // The salon's file is replaced: a running server would go on with the old one. Holding the lock
        // also keeps a server from starting half-way through.
        app::DataDirLock lock(o.data_dir);
        storage::SalonRegistry registry(o.data_dir);
        storage::restore_salon(registry, o.salon, o.from);
        std::printf("Restored salon '%s' from %s (the replaced data is kept as %s.before-restore)\n", o.salon.c_str(), o.from.c_str(),
                    registry.salon_path(o.salon).c_str());
        return k_ok;
    } catch (const storage::RestoreRefused& e) {
        std::fprintf(stderr, "salonbox: restore refused: %s; nothing was changed\n", e.what());
        return k_failed;
    } catch (const app::DataDirBusy& e) {
        std::fprintf(stderr, "salonbox: restore refused: %s; stop the server first; nothing was changed\n", e.what());
        return k_failed;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: restore failed: %s\n", e.what());
        return k_failed;
    }
}

int check(const std::string& data_dir) {
    try {
        storage::SalonRegistry registry(data_dir);
        int bad = 0;
        for (const auto& slug : registry.slugs()) {
            std::vector<std::string> problems;
            try {
                problems = storage::check_database(registry.salon_path(slug));
            } catch (const std::exception& e) {
                problems.push_back(e.what());  // too damaged to even be checked
            }
            if (problems.empty()) {
                std::printf("%-20s ok\n", slug.c_str());
                continue;
            }
            ++bad;
            std::printf("%-20s DAMAGED\n", slug.c_str());
            for (const auto& p : problems) std::printf("    %s\n", p.c_str());
        }
        if (bad) std::fprintf(stderr, "salonbox: %d salon database(s) failed the check; restore them from a backup\n", bad);
        return bad ? k_failed : k_ok;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: check failed: %s\n", e.what());
        return k_failed;
    }
}

}  // namespace salonbox::cli
