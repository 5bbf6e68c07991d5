// A salon created from scratch in a temporary data directory, as `salonbox salon create` makes it.
#pragma once

#include "storage/animal_type_store.h"
#include "storage/appointment_store.h"
#include "storage/booking_store.h"
#include "storage/customer_store.h"
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

// A customer "<first_name> X" with nothing else. Its id.
inline std::int64_t add_customer(salonbox::storage::WriteTx& tx, const char* first_name) {
    salonbox::storage::Customer k;
    k.first_name = first_name;
    k.last_name = "X";
    return salonbox::storage::customer_store::insert(tx, k);
}

// A dog called `name` belonging to customer `owner`. Its id.
inline std::int64_t add_dog(salonbox::storage::WriteTx& tx, std::int64_t owner, const char* name) {
    salonbox::storage::Animal a;
    a.customer_id = owner;
    a.name = name;
    a.species_id = salonbox::storage::animal_type_store::species_id(tx, "dog").value();
    return salonbox::storage::animal_store::insert(tx, a);
}

// Opening hours Monday to Friday, 09:00-18:00, closed at the weekend.
inline void open_weekdays_nine_to_six(salonbox::storage::WriteTx& tx) {
    salonbox::domain::WeeklyHours h;
    for (int d = 1; d <= 5; ++d) h[d] = {{9 * 60, 18 * 60}};
    salonbox::storage::booking_store::save_hours(tx, h);
}
