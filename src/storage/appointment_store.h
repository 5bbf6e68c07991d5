// Appointments: the calendar of the salon.
#pragma once

#include "domain/clock.h"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>

namespace salonbox::storage {

struct Appointment {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::int64_t animal_id = 0;
    std::optional<std::int64_t> service_id;
    std::optional<std::int64_t> staff_user_id;
    domain::Instant starts_at{};
    domain::Instant ends_at{};
    std::string status = "scheduled";
    std::string comments;        // shown to the customer
    std::string internal_notes;  // never leaves the admin panel
};

namespace appointment_store {
std::int64_t insert(SQLite::Database& db, const Appointment& appointment);
int count_upcoming(SQLite::Database& db, domain::Instant now);
}  // namespace appointment_store


}  // namespace salonbox::storage
