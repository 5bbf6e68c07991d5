#include "domain/booking.h"

#include "domain/appointment_rules.h"
#include "domain/text.h"
#include "domain/time_zone.h"

#include <algorithm>

namespace salonbox::domain {

Result<RequestedSlot> check_request(std::string_view start, std::string_view end, std::string_view comments,
                                    std::string_view time_zone, Instant now) {
    auto start_local = parse_local_datetime(trim(start));
    std::optional<Instant> starts_at = start_local ? from_local(*start_local, time_zone) : std::nullopt;
    if (!starts_at) return Error{"start", "error.date_invalid"};
    auto end_local = parse_local_datetime(trim(end));
    std::optional<Instant> ends_at = end_local ? from_local(*end_local, time_zone) : std::nullopt;
    if (!ends_at) return Error{"end", "error.date_invalid"};
    if (*starts_at <= now) return Error{"start", "error.start_in_past"};
    if (*starts_at > now + std::chrono::days(366)) return Error{"start", "error.start_too_far"};
    if (*ends_at <= *starts_at) return Error{"end", "error.end_before_start"};
    if (*ends_at - *starts_at > k_longest_appointment) return Error{"end", "error.too_long"};
    auto text = trim(comments);
    if (text.size() > 4000 || code_points(text) > 1000)
        return Error{"comments", "error.comments_too_long"};
    if (has_stray_control_characters(text)) return Error{"comments", "error.control_characters"};
    return RequestedSlot{*starts_at, *ends_at, text};
}

}  // namespace salonbox::domain
