// `salonbox export`: the same ZIP of CSV files the admin panel's Export screen downloads.
#include "cli/commands.h"
#include "cli/salon_access.h"
#include "storage/export_archive.h"

#include <cstdio>
#include <fstream>

namespace salonbox::cli {

int export_salon(const ExportOptions& o) {
    return with_salon(o.data_dir, o.salon, [&](storage::Database& db) {
        auto bytes = db.read([](storage::ReadTx& c) { return storage::build_export_zip(c); });
        auto tmp = o.out + ".partial";
        std::remove(tmp.c_str());
        storage::create_private_file(tmp);  // the export holds every customer's details: 0600
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            if (!out.flush()) {
                std::fprintf(stderr, "salonbox: cannot write %s\n", o.out.c_str());
                std::remove(tmp.c_str());
                return k_failed;
            }
        }
        if (std::rename(tmp.c_str(), o.out.c_str()) != 0) {
            std::fprintf(stderr, "salonbox: cannot write %s\n", o.out.c_str());
            return k_failed;
        }
        std::printf("Exported salon '%s' to %s (%zu bytes)\n", o.salon.c_str(), o.out.c_str(), bytes.size());
        return k_ok;
    });
}

}  // namespace salonbox::cli
