// The staff account a /admin/staff/{id}/... path names, shared by the team and booking-terms screens.
#pragma once

#include "storage/user_store.h"
#include "web/context.h"

#include <optional>

namespace salonbox::web {

// The staff account of the path's {id}; nothing after sending the 404 page when there is no such staff
// account (a customer's user id included).
std::optional<storage::User> staff_of_path(Context& ctx);

}  // namespace salonbox::web
