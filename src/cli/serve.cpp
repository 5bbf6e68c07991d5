// `salonbox serve`: checks the configuration, then runs the server.
#include "app/serve.h"
#include "cli/commands.h"
#include "storage/salon_registry.h"

#include <cstdio>
#include <exception>

namespace salonbox::cli {

void configure_process() { storage::configure_sqlite(); }

int serve(const app::ServeOptions& options) {
    auto checked = app::check(options);
    if (!checked.config) {
        std::fprintf(stderr, "salonbox: %s\n", checked.error.c_str());
        return k_usage;
    }
    try {
        return app::serve(*checked.config);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: %s\n", e.what());
        return k_failed;
    }
}

}  // namespace salonbox::cli
