// The customer picker of the admin forms that need one (an animal's owner, a new invoice's customer): a search
// that narrows the choice to a few active customers, without JavaScript, beside the choice already made.
#pragma once

#include "storage/customer_store.h"
#include "web/context.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace salonbox::web {

struct CustomerPicker {
    std::string query;                       // what was searched ("" lists the first customers by name)
    std::optional<storage::Customer> chosen;  // the customer already chosen, archived or not
    std::vector<storage::customer_store::ListRow> matches;  // at most k_picker_matches, without `chosen`
    bool more = false;                       // more customers match than are shown
};

// The picker for the form's search `query` (a GET parameter of the form's own page) and the customer id already
// chosen (unknown ids are dropped). Matches are active customers only: the form still checks the id it receives.
CustomerPicker load_customer_picker(storage::ReadTx& db, std::string query, std::optional<std::int64_t> chosen);

// Sets "picker_query", "picker_searched", "picker_options" (id, label, selected), "picker_chosen", "picker_none" and "picker_more";
// `label` names each customer as the form shows them. The chosen customer is selected and listed first, marked
// "(archived)" when archived.
void add_customer_picker(Context& ctx, view::Data& data, const CustomerPicker& picker,
                         const std::function<std::string(const std::string& first, const std::string& last, const std::string& email)>& label);

}  // namespace salonbox::web
