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

namespace {

// What a rebuild of the kept totals and search data corrected in the salon from `source`, for its owner.
void print_corrections(const std::vector<std::string>& corrected, const std::string& source) {
    if (corrected.empty()) return;
    std::printf("Corrected the totals and search data of %s, which did not match its customers, animals and invoices:\n", source.c_str());
    for (const auto& line : corrected) std::printf("    %s\n", line.c_str());
}

// `salonbox check --repair SLUG`: k_ok when the salon's kept data is now in step with its rows.
int repair(const std::string& data_dir, const std::string& slug) {
    try {
        // Like restore: no server may serve the salon while its kept data is rewritten under it.
        app::DataDirLock lock(data_dir);
        storage::SalonRegistry registry(data_dir);
        const auto corrected = storage::repair_derived_data(registry, slug);
        if (corrected.empty())
            std::printf("The totals and search data of salon '%s' were already in step; nothing was changed\n", slug.c_str());
        else
            print_corrections(corrected, "salon '" + slug + "'");
        return k_ok;
    } catch (const storage::RepairRefused& e) {
        std::fprintf(stderr, "salonbox: repair refused: %s; nothing was changed\n", e.what());
    } catch (const app::DataDirBusy& e) {
        std::fprintf(stderr, "salonbox: repair refused: %s; stop the server first; nothing was changed\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: repair failed: %s; nothing was changed\n", e.what());
    }
    return k_failed;
}

}  // namespace

int restore(const RestoreOptions& o) {
    if (!check_slug_argument(o.salon)) return k_usage;
    try {
        // The salon's file is replaced: a running server would go on with the old one. Holding the lock
        // also keeps a server from starting half-way through.
        app::DataDirLock lock(o.data_dir);
        storage::SalonRegistry registry(o.data_dir);
        const auto corrected = storage::restore_salon(registry, o.salon, o.from);
        std::printf("Restored salon '%s' from %s (the replaced data is kept as %s.before-restore)\n", o.salon.c_str(), o.from.c_str(),
                    registry.salon_path(o.salon).string().c_str());
        print_corrections(corrected, o.from);
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

int check(const std::string& data_dir, const std::string& repair_salon) {
    using Verdict = storage::DatabaseCheck::Verdict;
    if (!repair_salon.empty()) {
        if (!check_slug_argument(repair_salon)) return k_usage;
        if (int repaired = repair(data_dir, repair_salon); repaired != k_ok) return repaired;
    }
    try {
        storage::SalonRegistry registry(data_dir);
        int damaged = 0, newer = 0, foreign = 0, out_of_step = 0;
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
                case Verdict::derived_out_of_step:
                    label = "TOTALS OUT OF STEP";
                    ++out_of_step;
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
        if (out_of_step)
            std::fprintf(stderr,
                         "salonbox: %d salon(s) show totals or search results that do not match their customers, animals and invoices "
                         "(their file was changed outside salonbox); no data is lost: stop the server, run salonbox check --repair SLUG "
                         "for each, and start the server again\n",
                         out_of_step);
        return damaged + newer + foreign + out_of_step ? k_failed : k_ok;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: check failed: %s\n", e.what());
        return k_failed;
    }
}

}  // namespace salonbox::cli
