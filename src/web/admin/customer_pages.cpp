#include "web/admin/customer_pages.h"


#include <algorithm>

namespace salonbox::web::customer_pages {

using view::put, view::put_text;

void add_field_errors(Context& ctx, view::Data& data, const std::vector<domain::Error>& errors) {
    if (errors.empty()) return;
    for (const auto& e : errors)
        if (!e.field.empty()) put_text(data, e.field + "_error", ctx.t(e.message_key));
    const bool one_general = errors.size() == 1 && errors.front().field.empty();
    put_text(data, "error", ctx.t(one_general ? errors.front().message_key : "admin.customers.error.fix_fields"));
}

void add_pager(view::Data& data, const std::string& base_url, int page, int total, int size) {
    const int pages = std::max(1, (total + size - 1) / size);
    if (pages <= 1 && page == 1) return;
    put(data, "pager", true);
    put_text(data, "page", std::to_string(page));
    put_text(data, "pages", std::to_string(pages));
    if (page > 1) put_text(data, "prev_url", base_url + "&page=" + std::to_string(std::min(page - 1, pages)));
    if (page < pages) put_text(data, "next_url", base_url + "&page=" + std::to_string(page + 1));
}

}  // namespace salonbox::web::customer_pages
