// Package types (managers): the list, new and edit forms, archiving. A type is archived, never deleted: the
// packages sold from it keep pointing at it and stay usable.
#include "domain/money_input.h"
#include "domain/packages.h"
#include "domain/salon_settings.h"
#include "storage/audit_store.h"
#include "storage/package_store.h"
#include "storage/service_store.h"
#include "view/format.h"
#include "web/handlers.h"

#include <algorithm>

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
std::string packages_url(const Context& ctx) { return ctx.base() + "/admin/packages"; }


struct TypeFields {
    std::string name, sessions, price, tax_rate, validity_days;
    std::vector<std::int64_t> service_ids;
};

TypeFields typed(const Context& ctx) {
    TypeFields v{ctx.form("name"), ctx.form("sessions"), ctx.form("price"), ctx.form("tax_rate"), ctx.form("validity_days"), {}};
    auto [from, to] = ctx.req.form.equal_range("service_id");
    for (auto it = from; it != to; ++it)
        if (auto id = parse_id(it->second)) v.service_ids.push_back(*id);
    return v;
}

void show_form(Context& ctx, int status, std::optional<std::int64_t> id, const TypeFields& v, const std::optional<domain::Error>& error) {
    auto services = ctx.db->read([](storage::ReadTx& db) { return storage::service_store::list(db); });
    auto d = ctx.page_data(ctx.t(id ? "admin.packages.edit_title" : "admin.packages.new_title"), "packages");
    d.set("action", packages_url(ctx) + (id ? "/" + std::to_string(*id) + "/edit" : std::string("/new")));
    if (id) d.set("archive_url", packages_url(ctx) + "/" + std::to_string(*id) + "/archive");
    d.set("name", v.name);
    d.set("sessions", v.sessions);
    d.set("price", v.price);
    d.set("tax_rate", v.tax_rate);
    d.set("validity_days", v.validity_days);
    view::Data list{view::Data::type::list};
    for (const auto& s : services) {
        bool chosen = std::find(v.service_ids.begin(), v.service_ids.end(), s.id) != v.service_ids.end();
        if (!s.active && !chosen) continue;
        view::Data item;
        item.set("id", std::to_string(s.id));
        item.set("name", s.name);
        item.set("checked", chosen);
        list.push_back(item);
    }
    d.set("services", list);
    if (error) add_error(ctx, d, *error);
    ctx.render(status, "admin/package_form", std::move(d));
}

void save_type(Context& ctx, std::optional<std::int64_t> id) {
    auto v = typed(ctx);
    auto checked = domain::check_package_type({v.name, v.sessions, v.price, v.tax_rate, v.validity_days, v.service_ids}, ctx.salon.currency);
    if (!checked) return show_form(ctx, 422, id, v, checked.error());
    const auto& c = checked.value();
    storage::PackageType t;
    t.id = id.value_or(0);
    t.name = c.name;
    t.sessions = c.sessions;
    t.price_minor = c.price_minor;
    t.tax_rate_bp = c.tax_rate_bp;
    t.validity_days = c.validity_days;
    t.service_ids = c.service_ids;
    enum class Outcome { saved, not_found, unknown_service };
    auto out = ctx.db->write([&](storage::WriteTx& db) {
        for (auto service_id : t.service_ids)
            if (!storage::service_store::find(db, service_id)) return Outcome::unknown_service;
        if (id) {
            if (!storage::package_store::update_type(db, t)) return Outcome::not_found;
        } else {
            t.id = storage::package_store::insert_type(db, t);
        }
        audit::record(db, ctx.session->user.id, id ? "package_type_updated" : "package_type_created",
                      audit::subject(audit::RecordKind::package_type, t.id), t.name, ctx.client_ip);
        return Outcome::saved;
    });
    if (out == Outcome::not_found) return ctx.error_page(404, "error.not_found");
    if (out == Outcome::unknown_service) return show_form(ctx, 422, id, v, domain::Error{"services", "admin.packages.error.services"});
    ctx.redirect(packages_url(ctx) + "?done=saved");
}

std::optional<storage::PackageType> type_of_path(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return std::nullopt;
    return ctx.db->read([&](storage::ReadTx& db) { return storage::package_store::find_type(db, *id); });
}
}  // namespace

void admin_packages(Context& ctx) {
    auto types = ctx.db->read([](storage::ReadTx& db) { return storage::package_store::types(db, true); });
    view::Data list{view::Data::type::list};
    for (const auto& t : types) {
        view::Data item;
        item.set("name", t.name);
        item.set("sessions", std::to_string(t.sessions));
        item.set("price", view::format_money(t.price_minor, ctx.salon.currency, ctx.locale));
        item.set("validity_days", std::to_string(t.validity_days));
        std::string covered;
        for (const auto& s : t.service_names) covered += (covered.empty() ? "" : ", ") + s;
        item.set("services", covered);
        item.set("archived", t.archived);
        item.set("edit_url", packages_url(ctx) + "/" + std::to_string(t.id) + "/edit");
        list.push_back(item);
    }
    auto d = ctx.page_data(ctx.t("admin.packages.title"), "packages");
    d.set("types", list);
    d.set("has_types", !types.empty());
    d.set("new_url", packages_url(ctx) + "/new");
    ctx.notice_from_done(d, {{"saved", "admin.packages.done.saved"}, {"archived", "admin.packages.done.archived"}});
    ctx.render(200, "admin/package_list", std::move(d));
}

void admin_package_new_form(Context& ctx) {
    TypeFields v;
    v.sessions = "5";
    v.validity_days = "365";
    v.tax_rate = "0";
    show_form(ctx, 200, std::nullopt, v, std::nullopt);
}

void admin_package_new_submit(Context& ctx) { save_type(ctx, std::nullopt); }

void admin_package_edit_form(Context& ctx) {
    auto t = type_of_path(ctx);
    if (!t) return ctx.error_page(404, "error.not_found");
    int digits = std::max(0, domain::currency_minor_digits(ctx.salon.currency));
    TypeFields v{t->name, std::to_string(t->sessions), domain::decimal_text(t->price_minor, digits, view::decimal_mark(ctx.locale)),
                 domain::percent_text(t->tax_rate_bp, view::decimal_mark(ctx.locale)), std::to_string(t->validity_days), t->service_ids};
    show_form(ctx, 200, t->id, v, std::nullopt);
}

void admin_package_edit_submit(Context& ctx) {
    auto t = type_of_path(ctx);
    if (!t) return ctx.error_page(404, "error.not_found");
    save_type(ctx, t->id);
}

void admin_package_archive(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    bool found = id && ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::package_store::set_archived(db, *id, true)) return false;
        audit::record(db, ctx.session->user.id, "package_type_archived", audit::subject(audit::RecordKind::package_type, *id), "", ctx.client_ip);
        return true;
    });
    if (!found) return ctx.error_page(404, "error.not_found");
    ctx.redirect(packages_url(ctx) + "?done=archived");
}

}  // namespace salonbox::web
