// The salon's record of its backups: written by `salonbox backup` after each verified copy, read by the dashboard.
#pragma once

#include "domain/clock.h"
#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace salonbox::storage::backup_record_store {

// Notes that a verified copy of this salon, `bytes` long, was written to `file` at `taken`.
void record(WriteTx& tx, domain::Instant taken, const std::string& file, std::int64_t bytes);

// When the newest recorded backup was taken; nothing when none was ever recorded.
std::optional<domain::Instant> last_taken(ReadTx& tx);

}  // namespace salonbox::storage::backup_record_store
