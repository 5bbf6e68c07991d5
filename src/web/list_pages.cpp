#include "web/list_pages.h"

#include "domain/customer_rules.h"

namespace salonbox::web {

int page_number(const Context& ctx) {
    auto page = domain::parse_record_id(ctx.query("page"));
    return page && *page <= 100000 ? static_cast<int>(*page) : 1;
}

void add_newer_older(view::Data& data, const std::string& base_url, int page, bool more) {
    const char* joint = base_url.ends_with('?') ? "" : "&";
    if (page > 1) data.set("newer_url", base_url + joint + "page=" + std::to_string(page - 1));
    if (more) data.set("older_url", base_url + joint + "page=" + std::to_string(page + 1));
    data.set("has_pages", page > 1 || more);
}

}  // namespace salonbox::web
