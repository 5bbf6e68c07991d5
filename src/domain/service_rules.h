// The rules of the salon's service catalogue: what a service form must hold.
#pragma once

#include "domain/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace salonbox::domain {

struct ServiceForm {
    std::string_view name;
    std::string_view duration_minutes;  // whole minutes
    std::string_view price;             // "55", "55.00", "55,5" in the salon's currency
    std::string_view tax_rate;          // percent: "20", "5.5"
    bool active = true;
};

struct CheckedService {
    std::string name;
    int duration_minutes = 0;
    std::int64_t price_minor = 0;
    std::int64_t tax_rate_bp = 0;
    bool active = true;
};

// The first error names its field: name empty (error.name_required) or over 100 characters or with control
// characters (admin.services.error.name_too_long); duration not a whole number of minutes from 5 to 720
// (admin.services.error.duration); price not an amount of `currency` (admin.services.error.price);
// tax rate not a percentage from 0 to 100 with at most two decimals (admin.services.error.tax_rate).
// An empty tax rate is 0 %.
Result<CheckedService> check_service(const ServiceForm& form, std::string_view currency);

}  // namespace salonbox::domain
