// A salon's cutoffs for customers' own cancellations and reschedules, and what they mean for one appointment.
#pragma once

#include "domain/action_set.h"
#include "domain/appointment_state.h"
#include "domain/clock.h"

#include <chrono>
#include <cstdint>
#include <optional>

namespace salonbox::domain {

struct ChangePolicy {
    // Cutoffs are real durations before the start instant: "24 h" is 86,400 seconds whatever the clocks do
    // in between, so a change of clocks never gives or takes an hour. Shown in the salon's zone by the caller.
    std::chrono::seconds cancel_cutoff{std::chrono::hours(24)};
    std::chrono::seconds reschedule_cutoff{std::chrono::hours(24)};
    std::int64_t late_cancel_fee_minor = 0;  // the salon's currency, tax included; 0: late cancellations are free
};

// What the customer may do with an appointment by themselves.
enum class CustomerChange { cancel, reschedule };

enum class CustomerChangeRefusal {
    not_scheduled,   // completed, cancelled or missed
    started,         // its start has come: the salon handles it
    inside_cutoff,   // reschedule only: too close to the start (cancelling stays possible, maybe with a fee)
};

// The terms of one change as they stand at the instant the customer asks. They are frozen onto the change
// request then: a slow approval, or a policy changed meanwhile, never makes an in-time request late nor
// changes its fee.
struct ChangeTerms {
    bool late = false;            // asked after the cutoff
    std::int64_t fee_minor = 0;   // what the salon charges for it: the late-cancel fee when late, else 0
    Instant free_until{};         // the last instant at which this change is free (start - cutoff), inclusive
};

// The last instant at which `change` of an appointment starting at `starts_at` is free (or, for a reschedule,
// offered at all): the start minus the cutoff. Asking at exactly that instant is in time.
Instant free_until(const ChangePolicy& policy, CustomerChange change, Instant starts_at);

// The terms of `change` asked at `asked_at`. A late reschedule is refused before it gets terms
// (customer_change_refusal), so only a cancellation ever carries a fee.
ChangeTerms change_terms(const ChangePolicy& policy, CustomerChange change, Instant starts_at, Instant asked_at);

// Why the customer may not ask for `change` at `now`; nothing when they may (a late cancellation is allowed:
// its terms say so and name the fee before the customer confirms).
std::optional<CustomerChangeRefusal> customer_change_refusal(const ChangePolicy& policy, CustomerChange change,
                                                             AppointmentStatus status, Instant starts_at, Instant now);

// What the portal offers on an appointment at `now`: reschedule only while it is in time, cancel until the start.
ActionSet<CustomerChange> customer_changes(const ChangePolicy& policy, AppointmentStatus status, Instant starts_at, Instant now);

}  // namespace salonbox::domain
