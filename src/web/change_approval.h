// Carrying out a customer's change request: the one path the salon's approval and automatic approval share.
#pragma once

#include "storage/change_request_store.h"
#include "web/context.h"

#include <cstdint>
#include <optional>
#include <string>

namespace salonbox::web {

// Inside the caller's write transaction: claims pending change `id` as approved (by `decided_by`, or by
// automatic approval when nothing), moves or cancels the appointment through the store, puts a late fee on the
// customer's draft invoice, writes the audit row (who, what, before and after), enqueues the customer's
// confirmation with its calendar file and rings the managers and the groomers before and after. A refusal has
// changed nothing (the transaction is cancelled when the store had written). Call wake_mail_sender after.
storage::StoreResult<storage::ChangeOutcome> approve_change(storage::WriteTx& db, const Context& ctx, std::int64_t id,
                                                            std::optional<std::int64_t> decided_by, const std::string& message);

// After the customer accepted `proposal` (change_request_store::accept_proposal gave `outcome`), inside the same
// transaction: the audit row, the customer's confirmation with its calendar file, and the bells.
void accept_proposed_time(storage::WriteTx& db, const Context& ctx, std::int64_t proposal_id, const storage::ProposedTime& proposal,
                          const storage::ChangeOutcome& outcome);

// Rings the managers and the appointment's groomer about a change the customer has just asked for.
void notify_change_asked(storage::WriteTx& db, const Context& ctx, std::int64_t change_id);

}  // namespace salonbox::web
