#include "domain/payment_terms.h"

#include "domain/text.h"
#include "domain/time_zone.h"

#include <charconv>

namespace salonbox::domain {

Result<int> parse_due_days(std::string_view text) {
    const std::string trimmed = trim(text);
    int days = -1;
    const auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), days);
    if (trimmed.empty() || error != std::errc{} || end != trimmed.data() + trimmed.size() || days < 0 ||
        days > k_max_due_days)
        return Error{"payment_due_days", "error.payment_due_days"};
    return days;
}

Instant due_date(Instant issued_at, int due_days, std::string_view time_zone) {
    LocalDateTime day = add_days(to_local(issued_at, time_zone), due_days);
    day.hour = 12;
    day.minute = 0;
    // Noon exists on every day of every zone salonbox knows; the fallback keeps the date if one ever lacks it.
    return from_local(day, time_zone).value_or(issued_at + std::chrono::days(due_days));
}

}  // namespace salonbox::domain
