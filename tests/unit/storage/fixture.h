// A salon created from scratch in a temporary data directory, as `salonbox salon create` makes it.
#pragma once

#include "storage/appointment_store.h"
#include "storage/salon_registry.h"
#include "storage/user_store.h"
#include "temp_dir.h"

#include <SQLiteCpp/Database.h>  // tests reach under the stores through ReadTx::connection()
#include <SQLiteCpp/Statement.h>

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

// Writes `a` as an appointment kept from before every scheduled appointment had a groomer (the schema now
// refuses a new one without): the insert trigger is set aside for that one statement, inside `tx`. Its id.
inline std::int64_t insert_legacy_appointment(salonbox::storage::WriteTx& tx, const salonbox::storage::Appointment& a) {
    auto& db = tx.connection();
    std::string trigger = db.execAndGet("SELECT sql FROM sqlite_master WHERE name = 'appointments_staff_required_insert'").getString();
    db.exec("DROP TRIGGER appointments_staff_required_insert");
    auto id = salonbox::storage::appointment_store::insert(tx, a).value();
    db.exec(trigger);
    return id;
}

// A groomer's staff account, for fixtures' scheduled appointments: every one needs a groomer. Its id.
inline std::int64_t add_groomer(salonbox::storage::WriteTx& tx, const std::string& email = "groomer@fixture.test") {
    salonbox::storage::User u;
    u.email = email;
    u.display_name = "Groomer";
    u.role = salonbox::domain::Role::staff;
    return salonbox::storage::user_store::insert(tx, u).value();
}
