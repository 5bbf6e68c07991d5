// The salon's services (what appointments and invoice lines are made of): listed, added, edited, archived, and
// named in each language the salon's customers read.
#pragma once

#include "storage/database.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::storage {

struct Service {
    std::int64_t id = 0;
    std::string name;  // in the language asked for; in the salon's language when there is none in it (or none asked)
    int duration_minutes = 0;
    std::int64_t price_minor = 0;  // in the salon's currency
    std::int64_t tax_rate_bp = 0;  // basis points: 2000 = 20 %
    bool active = true;            // an inactive service stays on past appointments but is no longer offered
};

// A service's names in languages other than the salon's, by language code ("fr"); services.name holds the
// salon's own.
using ServiceNames = std::map<std::string, std::string>;

namespace service_store {
// `lang` picks the name (see Service::name); "" reads the salon's language. Active services first, then by name.
std::vector<Service> list(ReadTx& tx, std::string_view lang = {});
std::vector<Service> list_active(ReadTx& tx, std::string_view lang = {});
std::optional<Service> find(ReadTx& tx, std::int64_t id, std::string_view lang = {});
// The name of service `id` in `lang`, in the salon's language when it has none in `lang`; "" when no such service.
std::string name_in(ReadTx& tx, std::int64_t id, std::string_view lang);
// `service.name` is the salon's language's name.
std::int64_t insert(WriteTx& tx, const Service& service);
// Returns false when there is no such service. Services are never deleted: appointments point at them.
bool update(WriteTx& tx, const Service& service);

ServiceNames other_names(ReadTx& tx, std::int64_t id);
// Replaces every name of service `id` in other languages with `names` (empty names are left out).
void set_other_names(WriteTx& tx, std::int64_t id, const ServiceNames& names);

// SQL for the name of the service aliased `service` in the language given by the SQL expression `lang` (a column
// such as a customer's locale, or a parameter), falling back to the salon's; for the stores that join services.
std::string localized_name_sql(std::string_view service, std::string_view lang);
}  // namespace service_store

}  // namespace salonbox::storage
