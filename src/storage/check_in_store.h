// The front desk's check-ins: when an animal arrived for its scheduled appointment, and who noted it.
#pragma once

#include "domain/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <map>
#include <vector>

namespace salonbox::storage::check_in_store {

// Notes the arrival for `appointment_id` at `at`; false when the appointment is not scheduled or was already
// checked in (the first arrival stays).
bool check_in(WriteTx& tx, std::int64_t appointment_id, domain::Instant at, std::int64_t by_user_id);

// When each of `appointment_ids` was checked in; those never checked in are absent.
std::map<std::int64_t, domain::Instant> arrivals(ReadTx& tx, const std::vector<std::int64_t>& appointment_ids);

}  // namespace salonbox::storage::check_in_store
