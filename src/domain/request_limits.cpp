#include "domain/request_limits.h"

namespace salonbox::domain {

std::optional<std::string> request_limit_reached(const RequestCounts& counts) {
    if (counts.open >= k_max_open_requests) return "error.request_limit_open";
    if (counts.last_day >= k_max_requests_per_day) return "error.request_limit_day";
    return std::nullopt;
}

}  // namespace salonbox::domain
