// The salon's own settings row.
#pragma once

#include "domain/salon_settings.h"

#include <SQLiteCpp/Database.h>

namespace salonbox::storage::salon_store {

void insert(SQLite::Database& db, const domain::SalonSettings& settings);
domain::SalonSettings load(SQLite::Database& db);
void update(SQLite::Database& db, const domain::SalonSettings& settings);

}  // namespace salonbox::storage::salon_store
