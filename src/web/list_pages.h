// Pages of a long list: which page a request asks for, and the "Newer"/"Older" links that work without script.
#pragma once

#include "web/context.h"

#include <string>

namespace salonbox::web {

// The ?page= of the request: 1 when absent or not a number, at most 100000.
int page_number(const Context& ctx);
// The row a page starts at.
inline int page_offset(int page, int size) { return (page - 1) * size; }
// "newer_url" (page - 1) and "older_url" (page + 1, when `more` rows follow) for a list shown newest first;
// `base_url` already holds its query ("...?status=x" or "...?") and gets "&page=N".
void add_newer_older(view::Data& data, const std::string& base_url, int page, bool more);

}  // namespace salonbox::web
