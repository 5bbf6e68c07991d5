#include "domain/change_policy.h"

namespace salonbox::domain {

Instant free_until(const ChangePolicy& policy, CustomerChange change, Instant starts_at) {
    return starts_at - (change == CustomerChange::cancel ? policy.cancel_cutoff : policy.reschedule_cutoff);
}

ChangeTerms change_terms(const ChangePolicy& policy, CustomerChange change, Instant starts_at, Instant asked_at) {
    ChangeTerms terms;
    terms.free_until = free_until(policy, change, starts_at);
    terms.late = asked_at > terms.free_until;
    if (terms.late && change == CustomerChange::cancel) terms.fee_minor = policy.late_cancel_fee_minor;
    return terms;
}

std::optional<CustomerChangeRefusal> customer_change_refusal(const ChangePolicy& policy, CustomerChange change,
                                                             AppointmentStatus status, Instant starts_at, Instant now) {
    if (status != AppointmentStatus::scheduled) return CustomerChangeRefusal::not_scheduled;
    if (now >= starts_at) return CustomerChangeRefusal::started;
    if (change == CustomerChange::reschedule && change_terms(policy, change, starts_at, now).late)
        return CustomerChangeRefusal::inside_cutoff;
    return std::nullopt;
}

ActionSet<CustomerChange> customer_changes(const ChangePolicy& policy, AppointmentStatus status, Instant starts_at, Instant now) {
    ActionSet<CustomerChange> allowed;
    for (auto change : {CustomerChange::cancel, CustomerChange::reschedule})
        if (!customer_change_refusal(policy, change, status, starts_at, now)) allowed.add(change);
    return allowed;
}

}  // namespace salonbox::domain
