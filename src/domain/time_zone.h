// Salon-local time: converting between UTC instants and the wall clock of the salon's IANA zone.
#pragma once

#include "domain/clock.h"

#include <optional>
#include <string>
#include <string_view>

namespace salonbox::domain {

struct LocalDateTime {
    int year;
    unsigned month, day, hour, minute;
};

LocalDateTime to_local(Instant t, std::string_view time_zone);
// A wall-clock time in the zone; nothing when it does not exist (spring-forward gap). An ambiguous time
// (autumn fall-back) takes the earlier instant.
std::optional<Instant> from_local(const LocalDateTime& local, std::string_view time_zone);
// The same wall-clock time `days` calendar days later (or earlier).
LocalDateTime add_days(const LocalDateTime& local, int days);
// Parses "YYYY-MM-DDTHH:MM" (the HTML datetime-local format).
std::optional<LocalDateTime> parse_local_datetime(std::string_view text);
std::string format_local_datetime(const LocalDateTime& local);  // "YYYY-MM-DDTHH:MM"

// Where the zone database is read from when salonbox is built with date's own reader of the tz source files
// (Windows); Linux builds read the system's /usr/share/zoneinfo and ignore it. Call before any zone is used.
void set_time_zone_database_folder(const std::string& folder);

}  // namespace salonbox::domain
