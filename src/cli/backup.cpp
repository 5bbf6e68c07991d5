// `salonbox backup|restore|check`: whole-salon safety copies and integrity checks.
#include "app/data_dir_lock.h"
#include "cli/commands.h"
#include "cli/salon_access.h"
#include "domain/clock.h"
#include "storage/backup_record_store.h"
#include "storage/maintenance.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>

namespace salonbox::cli {

int backup(const BackupOptions& o) {
    if (o.all == !o.salon.empty()) {
        std::fprintf(stderr, "salonbox: give either --salon SLUG or --all\n");
        return k_usage;
    }
    if (!o.all && !check_slug_argument(o.salon)) return k_usage;
    const bool rotating = o.keep > 0;
    try {
        storage::SalonRegistry registry(o.data_dir);
        std::vector<std::string> slugs = o.all ? registry.slugs() : std::vector<std::string>{o.salon};
        // --all and --keep write into the --out directory; one salon may otherwise go to a file or a directory.
        const std::filesystem::path out_dir(o.out);
        const bool into_dir = o.all || rotating || std::filesystem::is_directory(out_dir);
        if (o.all || rotating) storage::create_private_directories(out_dir);
        const auto taken = domain::system_clock().now();  // one time for the whole run: its files share their stamp
        // One salon's failure (a damaged file) does not keep the others from being backed up; its older
        // backups stay, since nothing new replaced them.
        int failed = 0;
        for (const auto& slug : slugs) {
            try {
                auto db = registry.open(slug);
                if (!db) {
                    std::fprintf(stderr, "salonbox: there is no salon '%s' in %s\n", slug.c_str(), o.data_dir.c_str());
                    ++failed;
                    continue;
                }
                if (rotating)
                    for (const auto& left : storage::remove_abandoned_backups(out_dir, slug))
                        std::printf("Removed %s, left by a backup that was cut short\n", left.string().c_str());
                const auto out = !into_dir ? out_dir : out_dir / (rotating ? storage::timestamped_backup_name(slug, taken) : slug + ".db");
                storage::backup_salon(*db, out);
                const auto bytes = std::filesystem::file_size(out);
                std::printf("Backed up salon '%s' to %s (%ju bytes)\n", slug.c_str(), out.string().c_str(), static_cast<std::uintmax_t>(bytes));
                // The salon's own record, for its dashboard; the copy stands even when this cannot be written.
                try {
                    db->write([&](storage::WriteTx& tx) {
                        storage::backup_record_store::record(tx, taken, std::filesystem::absolute(out).string(), static_cast<std::int64_t>(bytes));
                    });
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "salonbox: the backup of salon '%s' is made, but could not be noted in the salon: %s\n", slug.c_str(), e.what());
                }
                if (rotating)
                    for (const auto& old : storage::prune_backups(out_dir, slug, static_cast<std::size_t>(o.keep)))
                        std::printf("Removed the older backup %s\n", old.string().c_str());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "salonbox: backup of salon '%s' failed: %s\n", slug.c_str(), e.what());
                ++failed;
            }
        }
        if (failed && slugs.size() > 1)
            std::fprintf(stderr, "salonbox: %d of %zu salon backups failed; their older backups were kept\n", failed, slugs.size());
        return failed ? k_failed : k_ok;
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
                    registry.salon_path(o.salon).string().c_str());
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
    using Verdict = storage::DatabaseCheck::Verdict;
    try {
        storage::SalonRegistry registry(data_dir);
        int damaged = 0, newer = 0, foreign = 0;
        for (const auto& slug : registry.slugs()) {
            storage::DatabaseCheck result;
            try {
                result = storage::check_database(registry.salon_path(slug));
            } catch (const std::exception& e) {
                result = {Verdict::damaged, {std::string("cannot be read as a salon database: ") + e.what()}};  // too damaged to be checked
            }
            const char* label = "ok";
            switch (result.verdict) {
                case Verdict::sound: break;
                case Verdict::damaged:
                    label = "DAMAGED";
                    ++damaged;
                    break;
                case Verdict::newer_salonbox:
                    label = "NEWER SALONBOX";
                    ++newer;
                    break;
                case Verdict::not_salonbox:
                    label = "NOT A SALON";
                    ++foreign;
                    break;
            }
            std::printf("%-20s %s\n", slug.c_str(), label);
            for (const auto& p : result.problems) std::printf("    %s\n", p.c_str());
        }
        if (damaged) std::fprintf(stderr, "salonbox: %d salon database(s) are damaged; restore them from a backup\n", damaged);
        if (newer)
            std::fprintf(stderr,
                         "salonbox: %d salon database(s) were written by a newer salonbox; install that version (or a later one) to "
                         "serve them; they are not damaged, do not restore them from an older backup\n",
                         newer);
        if (foreign)
            std::fprintf(stderr, "salonbox: %d file(s) in %s are not salonbox databases; move them out of that directory\n", foreign,
                         (registry.data_dir() / "salons").string().c_str());
        return damaged + newer + foreign ? k_failed : k_ok;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: check failed: %s\n", e.what());
        return k_failed;
    }
}

}  // namespace salonbox::cli
