// Opening one salon of a data directory for a command, with the messages an owner needs when it fails.
#pragma once

#include "storage/salon_registry.h"
#include "storage/schema.h"

#include <cstdio>
#include <exception>
#include <string>

namespace salonbox::cli {

// Runs fn(Database&) on salon `slug`; returns 1 with a message when the salon is missing or unreadable.
template <class Fn>
int with_salon(const std::string& data_dir, const std::string& slug, Fn&& fn) {
    try {
        storage::SalonRegistry registry(data_dir);
        auto db = registry.open(slug);
        if (!db) {
            std::fprintf(stderr, "salonbox: there is no salon '%s' in %s (see: salonbox salon list --data %s)\n", slug.c_str(),
                         data_dir.c_str(), data_dir.c_str());
            return 1;
        }
        return fn(*db);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: %s\n", e.what());
        return 1;
    }
}

}  // namespace salonbox::cli
