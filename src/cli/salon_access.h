// Opening one salon of a data directory for a command, with the messages an owner needs when it fails.
#pragma once

#include "cli/commands.h"
#include "domain/salon_settings.h"
#include "storage/salon_registry.h"
#include "storage/schema.h"

#include <cstdio>
#include <exception>
#include <string>

namespace salonbox::cli {

// A --salon argument that cannot name a salon (a path such as ../escape, capitals, ...): false after saying so.
inline bool check_slug_argument(const std::string& slug) {
    if (domain::is_valid_slug(slug)) return true;
    std::fprintf(stderr, "salonbox: --salon: '%s' is not a salon name (2 to 40 lowercase letters, digits or dashes)\n", slug.c_str());
    return false;
}

// Runs fn(Database&) on salon `slug`; returns 1 with a message when the salon is missing or unreadable, 2 when
// `slug` cannot be a salon's name.
template <class Fn>
int with_salon(const std::string& data_dir, const std::string& slug, Fn&& fn) {
    if (!check_slug_argument(slug)) return k_usage;
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
