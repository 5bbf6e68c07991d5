// Appointment requests customers send from the portal, and the salon's decisions on them.
#pragma once

#include "domain/clock.h"

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// A request as the inbox shows it, with what a decision needs: who to write to, in which language.
struct RequestDetails {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::int64_t animal_id = 0;
    std::string customer_name, animal_name;
    domain::Instant starts_at{}, ends_at{}, created_at{};
    std::string comments, status, decision_message;
    std::optional<std::int64_t> decided_by;
    std::string decided_by_name;  // the staff member's display name, else their email; "" while pending
    std::optional<domain::Instant> decided_at;
    std::optional<std::int64_t> appointment_id;
    // Where the decision email goes: the customer's email, else their portal account's; "" when neither.
    std::string customer_email;
    std::string customer_locale, account_locale;  // customers.locale and the portal account's users.locale
    // What the customer chose with the request (the booking page, the portal's form); none for older requests
    // or "anyone".
    std::optional<std::int64_t> chosen_service_id, chosen_staff_user_id;
};

// One line of a choice list (a staff member, a service).
struct Choice {
    std::int64_t id = 0;
    std::string name;
};

// Which rule an appointment at a time would break: the staff member's or the animal's calendar.
enum class Clash { none, staff, animal };

namespace request_store {
std::int64_t insert(WriteTx& tx, const AppointmentRequest& request);
int count_pending(ReadTx& tx);

std::optional<RequestDetails> find(ReadTx& tx, std::int64_t id);
// Pending requests, newest first.
std::vector<RequestDetails> pending(ReadTx& tx, int limit);
// Requests decided at or after `since`, the latest decision first.
std::vector<RequestDetails> decided_since(ReadTx& tx, domain::Instant since, int limit);

// Records a decision ("approved", "declined" or "rescheduled") if, and only if, the request is still
// pending: the UPDATE itself checks it, so of two deciders racing inside IMMEDIATE transactions exactly one
// gets true. False changes nothing (decided by someone else, or no such request).
bool decide(WriteTx& tx, std::int64_t id, std::string_view status, std::int64_t decided_by, domain::Instant decided_at,
            std::string_view message);
// The appointment a decision created; call in the same transaction as decide().
void link_appointment(WriteTx& tx, std::int64_t id, std::int64_t appointment_id);

// Active staff accounts (owner, manager, staff) by name: who can be given an appointment.
std::vector<Choice> active_staff(ReadTx& tx);
// Active services by name, "Full groom (90 min)" style names left to the caller.
struct ServiceChoice {
    std::int64_t id = 0;
    std::string name;
    int duration_minutes = 0;
};
std::vector<ServiceChoice> active_services(ReadTx& tx);

// Why an appointment of `staff_user_id` for `animal_id` over [starts_at, ends_at) would be refused by the
// overlap triggers, looking at scheduled appointments: the staff member's calendar is reported first.
Clash clash(ReadTx& tx, std::int64_t staff_user_id, std::int64_t animal_id, domain::Instant starts_at, domain::Instant ends_at);
}  // namespace request_store

}  // namespace salonbox::storage
