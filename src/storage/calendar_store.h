// What keeps an appointment's calendar invitations in step: the salon's UID token and each appointment's SEQUENCE.
#pragma once

#include "storage/database.h"

#include <cstdint>
#include <string>

namespace salonbox::storage::calendar_store {

// The salon's random UID token (16 hex digits), made on first use in this transaction and the same ever after.
std::string uid_token(WriteTx& tx);

// The SEQUENCE for the next calendar message about `appointment_id`: 0 for the first, then one more at each
// call. It belongs in the transaction that enqueues the message, so a rolled-back email uses up no number.
int next_sequence(WriteTx& tx, std::int64_t appointment_id);

}  // namespace salonbox::storage::calendar_store
