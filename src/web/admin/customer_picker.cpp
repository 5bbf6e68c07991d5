#include "web/admin/customer_picker.h"

#include "domain/text.h"

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace {
// Enough to find anyone by a few letters of the name, short enough for a phone screen.
constexpr int k_picker_matches = 20;
}  // namespace

CustomerPicker load_customer_picker(storage::ReadTx& db, std::string query, std::optional<std::int64_t> chosen) {
    CustomerPicker p;
    p.query = domain::trim(query);
    if (p.query.size() > 200) p.query.resize(200);
    if (chosen) p.chosen = storage::customer_store::find(db, *chosen);
    auto found = storage::customer_store::search(db, p.query, false, 0, k_picker_matches + 1);
    for (auto& row : found.rows) {
        if (p.chosen && row.id == p.chosen->id) continue;
        if (static_cast<int>(p.matches.size()) == k_picker_matches) break;
        p.matches.push_back(std::move(row));
    }
    p.more = found.total > k_picker_matches;
    return p;
}

void add_customer_picker(Context& ctx, view::Data& data, const CustomerPicker& picker,
                         const std::function<std::string(const std::string& first, const std::string& last, const std::string& email)>& label) {
    view::Data options{view::Data::type::list};
    auto add = [&](std::int64_t id, const std::string& text, bool selected) {
        view::Data item;
        put_text(item, "id", std::to_string(id));
        put_text(item, "label", text);
        put(item, "selected", selected);
        append(options, std::move(item));
    };
    if (const auto& c = picker.chosen)
        add(c->id, label(c->first_name, c->last_name, c->email) + (c->archived ? " (" + ctx.t("admin.customers.archived") + ")" : ""), true);
    for (const auto& m : picker.matches) add(m.id, label(m.first_name, m.last_name, m.email), false);
    put_text(data, "picker_query", picker.query);
    put(data, "picker_searched", !picker.query.empty());
    put(data, "picker_options", std::move(options));
    put(data, "picker_chosen", picker.chosen.has_value());
    put(data, "picker_none", !picker.chosen && picker.matches.empty());
    put(data, "picker_more", picker.more);
}

}  // namespace salonbox::web
