// A salon created from scratch in a temporary data directory, as `salonbox salon create` makes it.
#pragma once

#include "storage/salon_registry.h"
#include "temp_dir.h"

#include <SQLiteCpp/Database.h>  // tests reach under the stores through ReadTx::connection()

struct SalonFixture {
    TempDir dir;
    // 15 June 2026, 10:00 UTC: mid-month and mid-day, so no test meets a month or day boundary; it stands still
    // unless a test moves it.
    salonbox::domain::FixedClock clock{salonbox::domain::from_unix(1781517600)};
    salonbox::storage::SalonRegistry registry{dir.path, clock};
    std::shared_ptr<salonbox::storage::Database> db;

    explicit SalonFixture(const std::string& slug = "demo") {
        salonbox::domain::SalonSettings s;
        s.slug = slug;
        s.name = "Happy Paws";
        s.time_zone = "Europe/Paris";
        s.locale = "en";
        s.currency = "EUR";
        db = registry.create(s);
    }
};
