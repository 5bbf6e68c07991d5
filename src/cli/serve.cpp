// `salonbox serve`: checks the configuration, then runs the server.
#include "app/data_dir_lock.h"
#include "app/serve.h"
#include "cli/commands.h"
#include "storage/salon_registry.h"

#include <sys/stat.h>

#include <cstdio>
#include <exception>

namespace salonbox::cli {

void configure_process() {
    storage::configure_sqlite();
    // Everything salonbox writes (salon databases, backups, exports, keys) is the salon's private data.
    // Storage sets 0600/0700 on what it creates anyway; this covers any file a library makes on its own.
    ::umask(077);
}

int serve(const app::ServeOptions& options) {
    auto checked = app::check(options);
    if (!checked.config) {
        std::fprintf(stderr, "salonbox: %s\n", checked.error.c_str());
        return k_usage;
    }
    try {
        return app::serve(*checked.config);
    } catch (const app::DataDirBusy& e) {
        std::fprintf(stderr, "salonbox: cannot serve: %s; one server per data directory\n", e.what());
        return k_failed;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: %s\n", e.what());
        return k_failed;
    }
}

}  // namespace salonbox::cli
