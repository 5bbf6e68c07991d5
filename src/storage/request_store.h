// Appointment requests customers send from the portal, and the salon's decisions on them.
#pragma once

#include "domain/clock.h"

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>

namespace salonbox::storage {

struct AppointmentRequest {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::int64_t animal_id = 0;
    domain::Instant starts_at{};
    domain::Instant ends_at{};
    std::string comments;
    std::string status = "pending";
};

namespace request_store {
std::int64_t insert(SQLite::Database& db, const AppointmentRequest& request);
int count_pending(SQLite::Database& db);
}  // namespace request_store

}  // namespace salonbox::storage
