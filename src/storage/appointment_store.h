// Appointments: the calendar of the salon.
#pragma once

#include "domain/clock.h"
#include "storage/database.h"
#include "storage/store_result.h"


#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// One line of the admin calendar: an appointment with the names it points at.
struct CalendarEntry {
    Appointment appointment;
    std::string animal_name;
    std::string customer_name;  // "Alice Martin"
    std::string service_name;   // empty without a service
    std::string staff_name;     // empty when unassigned
};

// An appointment as its customer is told of it (confirmation emails): the names it points at, in the words
// the customer sees (no staff email in place of a missing name), and how to reach the customer.
struct CustomerAppointment {
    Appointment appointment;
    std::string animal_name;
    std::string service_name;    // in the salon's language, empty without a service (emails use service_store::name_in)
    std::string staff_name;      // the groomer's display name; empty when unassigned or unnamed
    std::string customer_name;   // "Bob Durand"
    std::string customer_email;  // the customer record's, else the portal account's; empty when neither has one
    std::string customer_locale; // the customer record's language, "" when not set
    std::string account_locale;  // the portal account's language, "" without an account
    bool has_account = false;    // an active portal account: the email may point at the portal
};

// An animal as the appointment form offers it: "Buddy (Alice Martin)"; its owner is the appointment's customer.
struct AnimalChoice {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::string animal_name;
    std::string customer_name;
    bool archived = false;  // the animal or its owner is archived: no new appointments
};

// Which existing appointment a scheduled one would collide with.
enum class Conflict { none, staff, animal };

namespace appointment_store {
// The new id, or StoreError::staff_overlap / animal_overlap when a scheduled appointment would overlap another
// scheduled one of the same staff member or the same animal (schema.sql's triggers decide, inside the write
// transaction, so the check and the write cannot be interleaved).
StoreResult<std::int64_t> insert(WriteTx& tx, const Appointment& appointment, std::optional<domain::Instant> booked_at = std::nullopt);
int count_upcoming(ReadTx& tx, domain::Instant now);

std::optional<Appointment> find(ReadTx& tx, std::int64_t id);
std::optional<CustomerAppointment> find_for_customer(ReadTx& tx, std::int64_t id);
// Every appointment overlapping [from, to), whatever its status, by start time (then id); only those of
// `staff_user_id` when given.
std::vector<CalendarEntry> calendar(ReadTx& tx, domain::Instant from, domain::Instant to,
                                    std::optional<std::int64_t> staff_user_id = std::nullopt);
// Changes customer, animal, service, staff, times and texts (not the status); false when there is no such
// appointment. Refused like insert when the new times overlap.
StoreResult<bool> update(WriteTx& tx, const Appointment& appointment);
// Moves a scheduled appointment to "completed", "cancelled" or "no_show"; false when it was not scheduled.
// A cancelled appointment no longer holds its slot.
bool close(WriteTx& tx, std::int64_t id, const std::string& status);
// What `candidate` (a scheduled appointment; its own id is ignored) overlaps: another scheduled appointment
// of its staff member first, else one of its animal.
Conflict find_conflict(ReadTx& tx, const Appointment& candidate);

// Animals not archived, of customers not archived, by animal then owner name; plus `also_id` in any state
// (the animal of the appointment being edited).
std::vector<AnimalChoice> animal_choices(ReadTx& tx, std::optional<std::int64_t> also_id = std::nullopt);
std::optional<AnimalChoice> find_animal(ReadTx& tx, std::int64_t animal_id);
}  // namespace appointment_store

}  // namespace salonbox::storage
