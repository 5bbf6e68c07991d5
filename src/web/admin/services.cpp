// The service catalogue (managers): list, add and edit services; a service is deactivated, never deleted.
#include "domain/money_input.h"
#include "domain/salon_settings.h"
#include "domain/service_rules.h"
#include "storage/audit_store.h"
#include "storage/service_store.h"
#include "view/format.h"
#include "web/handlers.h"

#include <charconv>

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {


struct ServiceFields {
    std::string name, duration_minutes, price, tax_rate;
    bool active = true;
    storage::ServiceNames other_names;  // as typed, by language
};

// The languages the product speaks other than the salon's: a service may have a name in each.
std::vector<std::string> other_languages(const Context& ctx) {
    std::vector<std::string> out;
    for (const auto& lang : domain::supported_locales())
        if (lang != ctx.salon.locale) out.push_back(lang);
    return out;
}

void show_form(Context& ctx, int status, std::optional<std::int64_t> id, const ServiceFields& v, const std::optional<domain::Error>& error) {
    auto d = ctx.page_data();
    d.set("nav_services", true);
    d.set("title", ctx.t(id ? "admin.services.edit_title" : "admin.services.new_title"));
    d.set("action", ctx.base() + "/admin/services/" + (id ? std::to_string(*id) + "/edit" : std::string("new")));
    d.set("name", v.name);
    d.set("duration_minutes", v.duration_minutes);
    d.set("price", v.price);
    d.set("tax_rate", v.tax_rate);
    d.set("active", v.active);
    d.set("currency", ctx.salon.currency);
    view::Data names{view::Data::type::list};
    for (const auto& lang : other_languages(ctx)) {
        view::Data item;
        const auto field = "name_" + lang;
        item.set("field", field);
        item.set("lang", lang);
        item.set("label", ctx.t("admin.services.name_in." + lang));
        auto typed = v.other_names.find(lang);
        item.set("value", typed == v.other_names.end() ? std::string() : typed->second);
        if (error && error->field == field) item.set("problem", ctx.t(error->message_key));
        names.push_back(item);
    }
    d.set("other_names", names);
    if (error) add_error(ctx, d, *error);
    ctx.render(status, "admin/service_form", std::move(d));
}

ServiceFields typed(const Context& ctx) {
    ServiceFields v{ctx.form("name"), ctx.form("duration_minutes"), ctx.form("price"), ctx.form("tax_rate"), !ctx.form("active").empty(), {}};
    for (const auto& lang : other_languages(ctx)) v.other_names[lang] = ctx.form("name_" + lang);
    return v;
}

void save_service(Context& ctx, std::optional<std::int64_t> id) {
    auto v = typed(ctx);
    domain::ServiceForm form{v.name, v.duration_minutes, v.price, v.tax_rate, v.active, {}};
    for (const auto& [lang, name] : v.other_names) form.other_names.emplace_back(lang, name);
    auto checked = domain::check_service(form, ctx.salon.currency);
    if (!checked) return show_form(ctx, 422, id, v, checked.error());
    storage::Service s;
    s.id = id.value_or(0);
    s.name = checked.value().name;
    s.duration_minutes = checked.value().duration_minutes;
    s.price_minor = checked.value().price_minor;
    s.tax_rate_bp = checked.value().tax_rate_bp;
    s.active = checked.value().active;
    bool found = ctx.db->write([&](storage::WriteTx& db) {
        if (id) {
            if (!storage::service_store::update(db, s)) return false;
        } else {
            s.id = storage::service_store::insert(db, s);
        }
        storage::service_store::set_other_names(db, s.id, checked.value().other_names);
        audit::record(db, ctx.session->user.id, id ? "service_updated" : "service_created", audit::subject(audit::RecordKind::service, s.id),
                      s.name, ctx.client_ip);
        return true;
    });
    if (!found) return ctx.error_page(404, "error.not_found");
    ctx.redirect(ctx.base() + "/admin/services?done=saved");
}
}  // namespace

void admin_services(Context& ctx) {
    auto services = ctx.db->read([](storage::ReadTx& db) { return storage::service_store::list(db); });
    view::Data list{view::Data::type::list};
    for (const auto& s : services) {
        view::Data item;
        item.set("name", s.name);
        item.set("duration", std::to_string(s.duration_minutes));
        item.set("price", view::format_money(s.price_minor, ctx.salon.currency, ctx.locale));
        item.set("tax_rate", view::format_percent(s.tax_rate_bp, ctx.locale));
        item.set("active", s.active);
        item.set("edit_url", ctx.base() + "/admin/services/" + std::to_string(s.id) + "/edit");
        list.push_back(item);
    }
    auto d = ctx.page_data();
    d.set("nav_services", true);
    d.set("title", ctx.t("admin.services.title"));
    d.set("services", list);
    d.set("has_services", !services.empty());
    ctx.notice_from_done(d, {{"saved", "admin.services.saved"}});
    ctx.render(200, "admin/service_list", std::move(d));
}

void admin_service_new_form(Context& ctx) {
    ServiceFields v;
    v.tax_rate = "0";
    show_form(ctx, 200, std::nullopt, v, std::nullopt);
}

void admin_service_new_submit(Context& ctx) { save_service(ctx, std::nullopt); }

void admin_service_edit_form(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<storage::Service> s;
    storage::ServiceNames other_names;
    if (id) s = ctx.db->read([&](storage::ReadTx& db) {
        other_names = storage::service_store::other_names(db, *id);
        return storage::service_store::find(db, *id);
    });
    if (!s) return ctx.error_page(404, "error.not_found");
    ServiceFields v{s->name, std::to_string(s->duration_minutes), domain::decimal_text(s->price_minor, domain::currency_minor_digits(ctx.salon.currency), view::decimal_mark(ctx.locale)),
                    domain::percent_text(s->tax_rate_bp, view::decimal_mark(ctx.locale)), s->active, std::move(other_names)};
    show_form(ctx, 200, id, v, std::nullopt);
}

void admin_service_edit_submit(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    bool exists = id && ctx.db->read([&](storage::ReadTx& db) { return storage::service_store::find(db, *id).has_value(); });
    if (!exists) return ctx.error_page(404, "error.not_found");
    save_service(ctx, id);
}

}  // namespace salonbox::web
