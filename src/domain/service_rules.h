// The rules of the salon's service catalogue: what a service form must hold.
#pragma once

#include "domain/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salonbox::domain {

struct ServiceForm {
    std::string_view name;
    std::string_view duration_minutes;  // whole minutes
    std::string_view price;             // "55", "55.00", "55,5" in the salon's currency
    std::string_view tax_rate;          // percent: "20", "5.5"
    bool active = true;
    // Names in languages other than the salon's: language code ("fr") and the typed name, which may be empty.
    std::vector<std::pair<std::string, std::string_view>> other_names;
};

struct CheckedService {
    std::string name;
    int duration_minutes = 0;
    std::int64_t price_minor = 0;
    std::int64_t tax_rate_bp = 0;
    bool active = true;
    std::map<std::string, std::string> other_names;  // trimmed; a language whose name was left empty has none
};

// The first error names its field: name empty (error.name_required) or over 100 characters or with control
// characters (admin.services.error.name_too_long); duration not a whole number of minutes from 5 to 720
// (admin.services.error.duration); price not an amount of `currency` (admin.services.error.price);
// tax rate not a percentage from 0 to 100 with at most two decimals (admin.services.error.tax_rate); a
// name in another language over 100 characters or with control characters (field name_<lang>,
// admin.services.error.name_too_long). An empty tax rate is 0 %; an empty name in another language means
// readers of that language see the salon's.
Result<CheckedService> check_service(const ServiceForm& form, std::string_view currency);

}  // namespace salonbox::domain
