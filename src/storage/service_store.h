// The salon's services (what appointments and invoice lines are made of): listed, added, edited, archived.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

struct Service {
    std::int64_t id = 0;
    std::string name;
    int duration_minutes = 0;
    std::int64_t price_minor = 0;  // in the salon's currency
    std::int64_t tax_rate_bp = 0;  // basis points: 2000 = 20 %
    bool active = true;            // an inactive service stays on past appointments but is no longer offered
};

namespace service_store {
// Active services first, then by name.
std::vector<Service> list(SQLite::Database& db);
std::vector<Service> list_active(SQLite::Database& db);
std::optional<Service> find(SQLite::Database& db, std::int64_t id);
std::int64_t insert(SQLite::Database& db, const Service& service);
// Returns false when there is no such service. Services are never deleted: appointments point at them.
bool update(SQLite::Database& db, const Service& service);
}  // namespace service_store

}  // namespace salonbox::storage
