// `salonbox serve`: checks the configuration, then runs the server.
#include "app/data_dir_lock.h"
#include "app/platform.h"
#include "app/serve.h"
#include "app/service_notify.h"
#include "cli/commands.h"
#include "storage/salon_registry.h"

#include <sys/stat.h>

#include <cstdio>
#include <exception>

namespace salonbox::cli {

void configure_process() {
    storage::configure_sqlite();
    app::locate_time_zone_database();
    // Everything salonbox writes (salon databases, backups, exports, keys) is the salon's private data.
    // Storage sets 0600/0700 on what it creates anyway; this covers any file a library makes on its own.
#ifndef _WIN32
    ::umask(077);  // Windows: the data directory's access list, set when salonbox creates it, covers its files
#endif
}

namespace {
int run_server(const app::ServeConfig& config) {
    try {
        return app::serve(config);
    } catch (const app::DataDirBusy& e) {
        std::fprintf(stderr, "salonbox: cannot serve: %s; one server per data directory\n", e.what());
        return k_failed;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: %s\n", e.what());
        return k_failed;
    }
}
}  // namespace

int serve(const app::ServeOptions& options) {
    auto checked = app::check(options);
    if (!checked.config) {
        std::fprintf(stderr, "salonbox: %s\n", checked.error.c_str());
        return k_usage;
    }
#ifdef _WIN32
    if (options.windows_service)
        return app::run_as_windows_service(checked.config->data_dir / "salonbox.log", [&] { return run_server(*checked.config); });
#endif
    return run_server(*checked.config);
}

}  // namespace salonbox::cli
