// What the portal shows and offers on an upcoming appointment: cancel, reschedule, or the pending change to withdraw.
#pragma once

#include "storage/change_request_store.h"
#include "storage/portal_store.h"
#include "view/templates.h"
#include "web/context.h"

#include <vector>

namespace salonbox::web {

// The customer's terms and their change requests, read once per page.
struct CustomerChanges {
    storage::ChangeSettings settings;
    std::vector<storage::ChangeRequestDetails> requests;  // pending, and those of the last 30 days
    std::vector<storage::ProposedTime> proposals;         // the salon's open proposals
};

CustomerChanges load_customer_changes(storage::ReadTx& db, std::int64_t customer_id, domain::Instant now);

// Adds to an upcoming appointment's item what the customer may do with it at `ctx.now()`: the cancel form
// (naming the late-cancel fee before they confirm when it applies), the reschedule link or why it is not
// offered, or the pending change with its Withdraw button; the last decision on it, and a time the salon
// proposes instead with Accept and Decline.
void add_change_actions(const Context& ctx, view::Data& item, const storage::portal_store::AppointmentRow& appointment,
                        const CustomerChanges& changes);

}  // namespace salonbox::web
