// The booking engine's data: opening hours, closures, team availability, the booking policy, the services of
// requests, and the one slot placement every booking path goes through.
#pragma once

#include "domain/availability.h"
#include "storage/appointment_store.h"
#include "storage/database.h"
#include "storage/service_store.h"
#include "storage/store_result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

struct StoredClosure {
    std::int64_t id = 0;
    domain::Closure closure;
};

// A team member's booking terms as the team member page edits them.
struct TeamAvailability {
    std::int64_t user_id = 0;
    bool takes_bookings = false;
    bool own_hours = false;
    domain::WeeklyHours hours;  // meaningful when own_hours
    bool every_service = true;
    std::vector<std::int64_t> service_ids;
};

// A team member who takes bookings, with the name customers see.
struct BookableName {
    std::int64_t user_id = 0;
    std::string name;
};

// What to book: a new appointment, or a move of `appointment_id` to another time (and team member).
struct SlotRequest {
    std::int64_t customer_id = 0;
    std::int64_t animal_id = 0;
    std::int64_t service_id = 0;
    std::optional<std::int64_t> staff_user_id;  // nothing: anyone who performs the service
    domain::Instant starts_at{};
    std::string comments;
    std::optional<std::int64_t> appointment_id;
    // Staff placing a booking themselves may book sooner than the customers' notice allows.
    bool ignore_notice = false;
};

struct Placement {
    std::int64_t appointment_id = 0;
    std::int64_t staff_user_id = 0;
    domain::Instant starts_at{};
    domain::Instant ends_at{};
};

namespace booking_store {
// The policy row, or the defaults of domain::BookingPolicy when there is none.
domain::BookingPolicy load_policy(ReadTx& tx);
void save_policy(WriteTx& tx, const domain::BookingPolicy& policy);

domain::WeeklyHours load_hours(ReadTx& tx);
void save_hours(WriteTx& tx, const domain::WeeklyHours& hours);

// Closures by first day.
std::vector<StoredClosure> closures(ReadTx& tx);
std::int64_t add_closure(WriteTx& tx, const domain::Closure& closure);
bool delete_closure(WriteTx& tx, std::int64_t id);

// A staff account's terms; the defaults (takes no bookings) when never set.
TeamAvailability load_team_member(ReadTx& tx, std::int64_t user_id);
void save_team_member(WriteTx& tx, const TeamAvailability& terms);
// Active staff accounts that take bookings, by name, optionally only those performing `service_id`.
std::vector<BookableName> bookable_names(ReadTx& tx, std::optional<std::int64_t> service_id = std::nullopt);

// Hours, closures, the bookable team and their scheduled appointments around `day` (all but `except_id`):
// what domain::free_starts needs for that day.
domain::SalonCalendar load_calendar(ReadTx& tx, const std::string& time_zone, const domain::LocalDate& day,
                                    std::optional<std::int64_t> except_id = std::nullopt);

// The free starts of an active service on a day, as customers are offered them (policy and clock applied).
std::vector<domain::FreeStart> free_starts(ReadTx& tx, const std::string& time_zone, std::int64_t service_id, const domain::LocalDate& day,
                                           domain::Instant now, std::optional<std::int64_t> staff_user_id = std::nullopt);

// Why `start` is not among the free starts customers are offered for `service` with `staff_user_id` (or anyone)
// on its day, under the salon's policy at `now`: the check of a crafted or stale time before it is sent.
domain::Refusal why_not_offered(ReadTx& tx, const std::string& time_zone, const Service& service, std::optional<std::int64_t> staff_user_id,
                                domain::Instant now, domain::Instant start);

// The admin calendar's free cells of a day: for each team member who takes bookings, the starts (one slot
// step long, from now on) when they work and are free, whatever the service.
std::map<std::int64_t, std::vector<domain::Instant>> free_cells(ReadTx& tx, const std::string& time_zone, const domain::LocalDate& day,
                                                                 domain::Instant now);

// Books the slot inside the caller's write transaction: re-checks it against the same availability (at
// tx.now()), picks the team member when none was chosen (the one with the fewest appointments that day, then
// the lowest id), then inserts the appointment or moves `appointment_id`. Refusals: slot_taken when the time
// is no longer free (or the service is unknown or inactive), staff_overlap/animal_overlap from the triggers.
// A refusal changes nothing this function wrote.
StoreResult<Placement> place(WriteTx& tx, const std::string& time_zone, const SlotRequest& request);

// The staff mode of the slot placement (admin calendar, request approvals): the salon decides, so opening
// hours, closures and notice do not apply and the times are the staff's own. A scheduled `appointment` is
// re-checked against its groomer's other appointments (slot_taken when one overlaps) and against the
// appointments without a groomer (domain::UnassignedCapacity: slot_taken when taking that groomer would leave
// one of them nobody). Every scheduled appointment has a groomer: without one ("anyone"), the least busy
// bookable team member performing its service who is free then is assigned (slot_taken when none is). Then it is inserted (id 0) or updated; the
// triggers have the last word (staff_overlap / animal_overlap / staff_missing). Returns the appointment's id
// and groomer (0: none, only for an appointment that is no longer scheduled).
StoreResult<Placement> place_as_staff(WriteTx& tx, const std::string& time_zone, Appointment appointment);

// The service (and chosen team member) a request was sent for.
void set_request_service(WriteTx& tx, std::int64_t request_id, std::int64_t service_id, std::optional<std::int64_t> staff_user_id);
struct RequestService {
    std::int64_t service_id = 0;
    std::optional<std::int64_t> staff_user_id;
};
std::optional<RequestService> request_service(ReadTx& tx, std::int64_t request_id);
}  // namespace booking_store

}  // namespace salonbox::storage
