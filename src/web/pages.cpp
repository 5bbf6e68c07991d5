// Pages outside any salon: the salon list and the health check.
#include "storage/maintenance.h"
#include "web/handlers.h"

namespace salonbox::web {

void home_page(Context& ctx) {
    auto slugs = ctx.services.registry.slugs();
    if (slugs.size() == 1) return ctx.redirect("/s/" + slugs.front() + "/admin/login");
    view::Data list{view::Data::type::list};
    for (const auto& slug : slugs) {
        auto settings = ctx.services.registry.settings(slug);
        view::Data item;
        item.set("name", settings.name);
        item.set("url", "/s/" + slug + "/admin/login");
        list.push_back(item);
    }
    auto d = ctx.page_data();
    d.set("salons", list);
    d.set("has_salons", slugs.empty() ? view::Data::type::bool_false : view::Data::type::bool_true);
    ctx.render(200, "pages/home", std::move(d));
}

void health(Context& ctx) {
    auto slugs = ctx.services.registry.slugs();
    std::string failing;
    for (const auto& slug : slugs) {
        auto db = ctx.services.registry.open(slug);
        if (!db || !storage::ping(*db)) failing += (failing.empty() ? "\"" : ", \"") + slug + "\"";
    }
    ctx.res.set_header("Cache-Control", "no-store");
    if (failing.empty()) {
        ctx.res.status = 200;
        ctx.res.set_content("{\"status\": \"ok\", \"salons\": " + std::to_string(slugs.size()) + "}\n", "application/json");
    } else {
        ctx.res.status = 503;
        ctx.res.set_content("{\"status\": \"failing\", \"salons\": [" + failing + "]}\n", "application/json");
    }
}

}  // namespace salonbox::web
