// The salon's services (what appointments and invoice lines are made of): listed, added, edited, archived.
#pragma once

#include "storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::storage {

struct Service {
    std::int64_t id = 0;
    std::string name;
    int duration_minutes = 0;
    std::int64_t price_minor = 0;  // in the salon's currency
    std::int64_t tax_rate_bp = 0;  // basis points: 2000 = 20 %
    bool active = true;            // an inactive service stays on past appointments but is no longer offered
};

namespace service_store {
// Active services first, then by name.
std::vector<Service> list(ReadTx& tx);
std::vector<Service> list_active(ReadTx& tx);
std::optional<Service> find(ReadTx& tx, std::int64_t id);
std::int64_t insert(WriteTx& tx, const Service& service);
// Returns false when there is no such service. Services are never deleted: appointments point at them.
bool update(WriteTx& tx, const Service& service);
}  // namespace service_store

}  // namespace salonbox::storage
