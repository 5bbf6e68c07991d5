// Packages: what a package type form must hold, when a sold package stops being usable (a day in the salon's
// zone), and the state a customer sees it in.
#pragma once

#include "domain/appointment_rules.h"
#include "domain/clock.h"
#include "domain/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::domain {

struct PackageTypeForm {
    std::string_view name;
    std::string_view sessions;       // whole number
    std::string_view price;          // the whole package, in the salon's currency
    std::string_view tax_rate;       // percent; empty is 0 %
    std::string_view validity_days;  // whole number of days after the day of sale
    std::vector<std::int64_t> service_ids;
};

struct CheckedPackageType {
    std::string name;
    int sessions = 0;
    std::int64_t price_minor = 0;
    std::int64_t tax_rate_bp = 0;
    int validity_days = 0;
    std::vector<std::int64_t> service_ids;  // sorted, without repeats
};

// The first error names its field: name (1 to 100 characters, no control characters: error.name_required,
// admin.packages.error.name), sessions (1 to 100: admin.packages.error.sessions), price (money of `currency`:
// admin.packages.error.price), tax_rate (0 to 100 %: admin.packages.error.tax_rate), validity_days (1 to 3650:
// admin.packages.error.validity), services (at least one: admin.packages.error.services).
Result<CheckedPackageType> check_package_type(const PackageTypeForm& form, std::string_view currency);

// The last day a package sold at `sold_at` can be used: the salon's day of the sale plus `validity_days`, in
// `time_zone`. A sale at 23:30 in Paris on 31 March is a sale of 31 March, whatever the UTC date.
Day package_expiry(Instant sold_at, int validity_days, std::string_view time_zone);

enum class PackageState {
    active,    // sessions left and not expired
    used_up,   // every session used
    expired,   // sessions left, but the last day of use has passed
};
// "active", "used_up", "expired": the last part of the i18n key packages.state.<state>.
std::string_view to_string(PackageState state);
// A package on the salon day `today` (both days compare as calendar days).
PackageState package_state(int sessions, int used, const Day& expires_on, const Day& today);

}  // namespace salonbox::domain
