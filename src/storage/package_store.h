// Packages: the types the salon sells, the packages sold to customers, and the sessions completed appointments
// use from them.
#pragma once

#include "domain/appointment_rules.h"
#include "domain/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

struct PackageType {
    std::int64_t id = 0;
    std::string name;
    int sessions = 1;
    std::int64_t price_minor = 0;
    std::int64_t tax_rate_bp = 0;
    int validity_days = 365;
    bool archived = false;                  // no longer sold; packages already sold stay usable
    std::vector<std::int64_t> service_ids;  // the services a session covers
    std::vector<std::string> service_names; // in the order of service_ids (read only)
};

// A package as sold: a copy of its type's name, sessions and price, frozen at the sale.
struct NewSale {
    std::int64_t customer_id = 0;
    std::int64_t package_type_id = 0;
    std::string name;
    int sessions = 1;
    std::int64_t price_minor = 0;
    domain::Day expires_on{};  // the last salon day it can be used
    std::optional<std::int64_t> invoice_id, sold_by;
    domain::Instant sold_at{};
};

// One customer's package as the customer page and the portal show it.
struct CustomerPackage {
    std::int64_t sale_id = 0;
    std::string name;
    int sessions = 0, used = 0;
    domain::Day expires_on{};
    domain::Instant sold_at{};
    std::optional<domain::Instant> last_used_at;  // the start of the appointment of the last session
    std::string last_animal;                      // "" when the last session named no animal
};

// A package a completed appointment may take its session from.
struct PackageChoice {
    std::int64_t sale_id = 0;
    std::string name;
    int sessions = 0, used = 0;
    domain::Day expires_on{};
};

// The session an appointment used, for its receipt: "session 3 of 5 of <name>".
struct PackageSession {
    std::int64_t sale_id = 0;
    std::string name;
    int number = 0;  // 1 for the first session used from the package
    int sessions = 0;
};

namespace package_store {
// Types by name; archived ones last, only when `with_archived`.
std::vector<PackageType> types(ReadTx& tx, bool with_archived);
std::optional<PackageType> find_type(ReadTx& tx, std::int64_t id);
std::int64_t insert_type(WriteTx& tx, const PackageType& type);
// False when there is no such type. Its services are replaced by type.service_ids.
bool update_type(WriteTx& tx, const PackageType& type);
// Archives (archived = true) or brings back a type; false when there is no such type.
bool set_archived(WriteTx& tx, std::int64_t id, bool archived);

std::int64_t record_sale(WriteTx& tx, const NewSale& sale);
// The customer's packages, the ones that expire last first. Filtered by `customer_id` in SQL: the portal's scoping.
std::vector<CustomerPackage> of_customer(ReadTx& tx, std::int64_t customer_id);

// Packages of the appointment's customer that cover its service, have a session left and are not expired on
// `day` (the appointment's salon day): the one expiring first first. Empty for an appointment without service.
std::vector<PackageChoice> usable_for(ReadTx& tx, std::int64_t appointment_id, const domain::Day& day);
// Takes one session for appointment `appointment_id` from package `sale_id`, or when empty from the first of
// usable_for(). The choice and the count are one INSERT ... SELECT inside the caller's write transaction, and
// an appointment holds at most one session (UNIQUE), so completing twice, or two completions at once, never
// take more sessions than there are. Returns the package used; nothing when none applies (or the appointment
// already holds a session).
std::optional<std::int64_t> redeem(WriteTx& tx, std::int64_t appointment_id, std::optional<std::int64_t> sale_id,
                                   const domain::Day& day, std::optional<std::int64_t> recorded_by);
// Records a session used outside salonbox's appointments (a visit from before it): `animal_id` may be empty.
// False when the package has no session left.
bool redeem_by_hand(WriteTx& tx, std::int64_t sale_id, std::optional<std::int64_t> animal_id, domain::Instant used_at,
                    std::optional<std::int64_t> recorded_by);
// Gives back the session appointment `appointment_id` used (the appointment is no longer completed); false
// when it used none.
bool release(WriteTx& tx, std::int64_t appointment_id);
// The session appointment `appointment_id` used, or nothing: for its receipt.
std::optional<PackageSession> session_of_appointment(ReadTx& tx, std::int64_t appointment_id);
}  // namespace package_store

}  // namespace salonbox::storage
