// `salonbox salon create|list`: the salons of a data directory.
#include "cli/commands.h"
#include "domain/salon_settings.h"
#include "storage/salon_registry.h"
#include "storage/salon_store.h"

#include <cstdio>

namespace salonbox::cli {

namespace {
// The English catalog text of a settings error, for the terminal.
const char* explain(const std::string& key) {
    if (key == "error.slug_invalid") return "use 2 to 40 lowercase letters, digits or dashes";
    if (key == "error.name_required") return "give the salon's name (at most 120 characters)";
    if (key == "error.time_zone_unknown") return "unknown time zone; use a name like Europe/Paris";
    if (key == "error.locale_unsupported") return "choose en or fr";
    if (key == "error.currency_unknown") return "unknown currency; use an ISO code like EUR";
    return "invalid value";
}
}  // namespace

int salon_create(const SalonCreateOptions& o) {
    domain::SalonSettings s;
    s.slug = o.slug;
    s.name = o.name;
    s.time_zone = o.time_zone;
    s.locale = o.locale;
    s.currency = o.currency;
    auto valid = domain::validate(s);
    if (!valid) {
        std::fprintf(stderr, "salonbox: --%s: %s\n", valid.error().field == "time_zone" ? "timezone" : valid.error().field.c_str(),
                     explain(valid.error().message_key));
        return k_usage;
    }
    try {
        storage::SalonRegistry registry(o.data_dir);
        if (registry.exists(o.slug)) {
            std::fprintf(stderr, "salonbox: a salon called '%s' already exists in %s\n", o.slug.c_str(), o.data_dir.c_str());
            return k_failed;
        }
        registry.create(valid.value());
        std::printf("Created salon '%s' (%s). Add its owner with:\n  salonbox user add --data %s --salon %s --email EMAIL --role owner\n",
                    o.slug.c_str(), valid.value().name.c_str(), o.data_dir.c_str(), o.slug.c_str());
        return k_ok;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: cannot create the salon: %s\n", e.what());
        return k_failed;
    }
}

int salon_list(const std::string& data_dir) {
    try {
        storage::SalonRegistry registry(data_dir);
        auto slugs = registry.slugs();
        if (slugs.empty()) {
            std::printf("No salon in %s yet. Create one with: salonbox salon create SLUG --name NAME\n", data_dir.c_str());
            return k_ok;
        }
        for (const auto& slug : slugs) {
            auto db = registry.open(slug);
            auto s = db->read([](storage::ReadTx& c) { return storage::salon_store::load(c); });
            std::printf("%-20s %-30s %-16s %s %s\n", slug.c_str(), s.name.c_str(), s.time_zone.c_str(), s.locale.c_str(), s.currency.c_str());
        }
        return k_ok;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: %s\n", e.what());
        return k_failed;
    }
}

}  // namespace salonbox::cli
