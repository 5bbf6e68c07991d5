// `salonbox export`: the same ZIP of CSV files the admin panel's Export screen downloads.
#include "cli/commands.h"
#include "cli/salon_access.h"
#include "storage/export_archive.h"

#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>

namespace salonbox::cli {

int export_salon(const ExportOptions& o) {
    return with_salon(o.data_dir, o.salon, [&](storage::Database& db) {
        try {
            // Written beside --out and renamed over it once whole; private like everything salonbox writes
            // (configure_process' umask): it holds every customer's details.
            db.read([&](storage::ReadTx& c) { storage::write_export_zip(c, o.out); });
        } catch (const std::exception& e) {
            std::fprintf(stderr, "salonbox: cannot write %s: %s\n", o.out.c_str(), e.what());
            return k_failed;
        }
        std::error_code ec;
        std::printf("Exported salon '%s' to %s (%ju bytes)\n", o.salon.c_str(), o.out.c_str(),
                    static_cast<std::uintmax_t>(std::filesystem::file_size(o.out, ec)));
        return k_ok;
    });
}

}  // namespace salonbox::cli
