// The customer's packages page: active packages (sessions left, expiry, last session), then past ones, and
// their account credit with its movements. Everything is read by the signed-in customer's id in SQL.
#include "domain/packages.h"
#include "web/handlers.h"
#include "web/portal/package_items.h"

namespace salonbox::web {

namespace {
constexpr int k_credit_movements = 20;
}  // namespace

view::Data portal_items::package_item(const Context& ctx, const view::DateFormatter& dates, const storage::CustomerPackage& p) {
    using view::put, view::put_text;
    view::Data item;
    put(item, "name", p.name);
    put_text(item, "left", std::to_string(p.sessions - p.used));
    put_text(item, "total", std::to_string(p.sessions));
    put_text(item, "expires", dates.medium_day(p.expires_on));
    auto state = domain::package_state(p.sessions, p.used, p.expires_on, domain::day_of(ctx.now(), ctx.salon.time_zone));
    put_text(item, "state", ctx.t("packages.state." + std::string(domain::to_string(state))));
    if (p.last_used_at) {
        put_text(item, "last_used", dates.medium_date(*p.last_used_at));
        view::set_text(item, "last_animal", p.last_animal);
    }
    return item;
}

view::Data portal_items::credit_item(const Context& ctx, const view::DateFormatter& dates, const storage::CreditRow& e) {
    using view::put_text;
    view::Data item;
    put_text(item, "date", dates.short_date(e.at));
    put_text(item, "kind", ctx.t("credit.kind." + std::string(domain::to_string(e.kind))));
    put_text(item, "amount", (e.amount_minor > 0 ? "+" : "") + view::format_money(e.amount_minor, ctx.salon.currency, ctx.locale));
    view::set_text(item, "note", e.note);
    view::set_text(item, "invoice", e.invoice_number);  // the customer's own invoice (or credit note), when the movement has one
    return item;
}

void portal_packages(Context& ctx) {
    auto customer = ctx.session->user.customer_id.value_or(-1);
    auto [packages, balance, movements] = ctx.db->read([&](storage::ReadTx& db) {
        return std::tuple{storage::package_store::of_customer(db, customer), storage::credit_store::balance(db, customer),
                          storage::credit_store::entries(db, customer, k_credit_movements)};
    });
    view::DateFormatter dates(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);
    auto today = domain::day_of(ctx.now(), ctx.salon.time_zone);
    using view::append, view::put;
    auto active = view::list(packages.size()), past = view::list(packages.size());
    bool has_active = false, has_past = false;
    // of_customer lists the packages expiring last first; active ones read best expiring first.
    for (auto it = packages.rbegin(); it != packages.rend(); ++it) {
        if (domain::package_state(it->sessions, it->used, it->expires_on, today) == domain::PackageState::active) {
            append(active, portal_items::package_item(ctx, dates, *it));
            has_active = true;
        }
    }
    for (const auto& p : packages) {
        if (domain::package_state(p.sessions, p.used, p.expires_on, today) != domain::PackageState::active) {
            append(past, portal_items::package_item(ctx, dates, p));
            has_past = true;
        }
    }
    auto credit = view::list(movements.size());
    for (const auto& e : movements) append(credit, portal_items::credit_item(ctx, dates, e));

    auto d = ctx.page_data(ctx.t("portal.packages.title"), "packages");
    put(d, "portal_nav", true);
    put(d, "active", std::move(active));
    put(d, "has_active", has_active);
    put(d, "past", std::move(past));
    put(d, "has_past", has_past);
    view::put_text(d, "credit_balance", view::format_money(balance, ctx.salon.currency, ctx.locale));
    put(d, "credit", std::move(credit));
    put(d, "has_credit", !movements.empty());
    ctx.render(200, "portal/packages", std::move(d));
}

}  // namespace salonbox::web
