// Pieces shared by the customer and animal screens: field errors, page numbers and the pager of a list.
#pragma once

#include "domain/result.h"
#include "web/context.h"
#include "web/list_pages.h"

#include <string>
#include <string_view>
#include <vector>

namespace salonbox::web::customer_pages {

using web::page_number;

// Puts each message next to its field ("<field>_error") and a summary in "error" for the top of the form.
void add_field_errors(Context& ctx, view::Data& data, const std::vector<domain::Error>& errors);
// "pager", "page", "pages", "prev_url" and "next_url" for page `page` of `total` items, `size` a page;
// `base_url` already holds its query ("...?q=x") and gets "&page=N". Nothing when everything fits one page.
void add_pager(view::Data& data, const std::string& base_url, int page, int total, int size);

// The customer page of customer `id` (404 when there is none) with `account_error` next to the credit or
// package form it belongs to (admin/customers.cpp).
void show_customer_file(Context& ctx, int status, std::int64_t id, const domain::Error& account_error);

}  // namespace salonbox::web::customer_pages
