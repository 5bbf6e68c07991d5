// Account credit and packages on the admin customer page: what the page shows of them, and its two forms
// (record a prepayment or gift credit, sell a package), which owners and managers use.
#pragma once

#include "domain/result.h"
#include "web/context.h"

#include <cstdint>
#include <optional>

namespace salonbox::web::customer_account {

// Adds the customer's credit balance and history, their packages and, for managers of a customer who is not
// archived, the forms, to the data of the customer page. `error` goes next to its field of one of the forms.
void add_to_page(Context& ctx, view::Data& data, std::int64_t customer_id, bool archived, const std::optional<domain::Error>& error);

}  // namespace salonbox::web::customer_account
