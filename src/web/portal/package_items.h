// How the portal shows a customer's package and a credit movement: shared by the overview and the packages page.
#pragma once

#include "storage/credit_store.h"
#include "storage/package_store.h"
#include "view/format.h"
#include "web/context.h"

namespace salonbox::web::portal_items {

// name, left, total, expires, last_used and last_animal (when a session was used), state.
view::Data package_item(const Context& ctx, const view::DateFormatter& dates, const storage::CustomerPackage& p);
// date, kind, amount (signed), note: never who recorded it.
view::Data credit_item(const Context& ctx, const view::DateFormatter& dates, const storage::CreditRow& e);

}  // namespace salonbox::web::portal_items
