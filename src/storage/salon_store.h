// The salon's own settings row.
#pragma once

#include "domain/salon_settings.h"

#include "storage/database.h"

namespace salonbox::storage::salon_store {

void insert(WriteTx& tx, const domain::SalonSettings& settings);
domain::SalonSettings load(ReadTx& tx);
void update(WriteTx& tx, const domain::SalonSettings& settings);

}  // namespace salonbox::storage::salon_store
