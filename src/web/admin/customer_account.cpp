// The customer page's account credit and packages: the sections and the POSTs of their forms. Both POSTs
// answer 404 for an unknown customer before anything else, then 403 to staff members (the sale adds to an
// invoice, and money is a manager's business), then the page again with the field's error (422).
#include "web/admin/customer_account.h"

#include "domain/account_credit.h"
#include "domain/invoice_input.h"
#include "domain/packages.h"
#include "domain/roles.h"
#include "domain/time_zone.h"
#include "storage/audit_store.h"
#include "storage/credit_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/package_store.h"
#include "view/format.h"
#include "web/admin/customer_pages.h"
#include "web/handlers.h"

#include <variant>

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace audit = storage::audit_store;

namespace {
constexpr int k_credit_history = 50;

std::string customer_url(const Context& ctx, std::int64_t id) { return ctx.base() + "/admin/customers/" + std::to_string(id); }

struct NotFound {};
struct Forbidden {};
struct Done {};
using Outcome = std::variant<Done, NotFound, Forbidden, domain::Error>;

// Runs `change` for the customer of the path in one write transaction after the checks every form shares;
// then the redirect with ?done=`done`, or the refusal.
template <class Change>
void change_account(Context& ctx, const std::string& done, Change&& change) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    Outcome outcome = ctx.db->write([&](storage::WriteTx& db) -> Outcome {
        auto customer = storage::customer_store::find(db, *id);
        if (!customer) return NotFound{};
        if (!domain::is_manager(ctx.session->user.role)) return Forbidden{};
        if (customer->archived) return domain::Error{"account", "credit.error.archived"};
        return change(db, *id);
    });
    if (std::holds_alternative<NotFound>(outcome)) return ctx.error_page(404, "error.not_found");
    if (std::holds_alternative<Forbidden>(outcome)) return ctx.error_page(403, "error.forbidden");
    if (auto* error = std::get_if<domain::Error>(&outcome)) return customer_pages::show_customer_file(ctx, 422, *id, *error);
    ctx.redirect(customer_url(ctx, *id) + "?done=" + done + "#account");
}
}  // namespace

void customer_account::add_to_page(Context& ctx, view::Data& d, std::int64_t customer_id, bool archived, const std::optional<domain::Error>& error) {
    struct Loaded {
        std::int64_t balance = 0;
        std::vector<storage::CreditRow> entries;
        std::vector<storage::CustomerPackage> packages;
        std::vector<storage::PackageType> types;
    };
    auto l = ctx.db->read([&](storage::ReadTx& db) {
        return Loaded{storage::credit_store::balance(db, customer_id), storage::credit_store::entries(db, customer_id, k_credit_history),
                      storage::package_store::of_customer(db, customer_id), storage::package_store::types(db, false)};
    });
    view::DateFormatter dates(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);
    auto money = [&](std::int64_t minor) { return view::format_money(minor, ctx.salon.currency, ctx.locale); };
    const bool manager = domain::is_manager(ctx.session->user.role);

    // Groomers see no money (the page's "sees_money"): the credit balance and its history are for managers.
    if (manager) put_text(d, "credit_balance", money(l.balance));
    view::Data entries{view::Data::type::list};
    for (const auto& e : manager ? l.entries : std::vector<storage::CreditRow>{}) {
        view::Data item;
        put_text(item, "date", dates.short_date(e.at));
        put_text(item, "kind", ctx.t("credit.kind." + std::string(domain::to_string(e.kind))));
        put_text(item, "amount", (e.amount_minor > 0 ? "+" : "") + money(e.amount_minor));
        view::set_text(item, "note", e.note);
        view::set_text(item, "invoice", e.invoice_number);
        if (e.invoice_id && manager) put_text(item, "invoice_url", ctx.base() + "/admin/invoices/" + std::to_string(*e.invoice_id));
        view::set_text(item, "recorded_by", e.recorded_by);
        append(entries, std::move(item));
    }
    put(d, "credit_entries", std::move(entries));
    put(d, "has_credit_entries", manager && !l.entries.empty());

    auto today = domain::day_of(ctx.now(), ctx.salon.time_zone);
    view::Data packages{view::Data::type::list};
    for (const auto& p : l.packages) {
        view::Data item;
        put_text(item, "name", p.name);
        put_text(item, "left", std::to_string(p.sessions - p.used));
        put_text(item, "total", std::to_string(p.sessions));
        put_text(item, "expires", dates.medium_day(p.expires_on));
        auto state = domain::package_state(p.sessions, p.used, p.expires_on, today);
        put_text(item, "state", ctx.t("packages.state." + std::string(domain::to_string(state))));
        put(item, "active", state == domain::PackageState::active);
        if (p.last_used_at) put_text(item, "last_used", dates.short_date(*p.last_used_at));
        view::set_text(item, "last_animal", p.last_animal);
        append(packages, std::move(item));
    }
    put(d, "packages", std::move(packages));
    put(d, "has_packages", !l.packages.empty());

    if (manager && !archived) {
        put(d, "can_record_credit", true);
        auto typed = [&](const std::string& field, const std::string& fallback) { return error && ctx.has_form(field) ? ctx.form(field) : fallback; };
        put_text(d, "credit_amount", typed("amount", ""));
        put_text(d, "credit_note", typed("note", ""));
        auto kind = typed("kind", "prepayment");
        view::Data kinds{view::Data::type::list};
        for (auto k : {domain::CreditKind::prepayment, domain::CreditKind::gift}) {
            view::Data item;
            put_text(item, "value", std::string(domain::to_string(k)));
            put_text(item, "label", ctx.t("credit.kind." + std::string(domain::to_string(k))));
            put(item, "selected", kind == domain::to_string(k));
            append(kinds, std::move(item));
        }
        put(d, "credit_kinds", std::move(kinds));
        view::Data types{view::Data::type::list};
        for (const auto& t : l.types) {
            view::Data item;
            put_text(item, "id", std::to_string(t.id));
            put_text(item, "label", t.name + " – " + money(t.price_minor));
            append(types, std::move(item));
        }
        put(d, "package_types", std::move(types));
        put(d, "can_sell_package", !l.types.empty());
    }
    if (error) {
        add_error(ctx, d, *error);
        put_text(d, "account_error", ctx.t(error->message_key));
    }
}

void admin_customer_add_credit(Context& ctx) {
    change_account(ctx, "credit_recorded", [&](storage::WriteTx& db, std::int64_t customer_id) -> Outcome {
        auto typed = domain::check_credit_deposit(ctx.form("amount"), ctx.form("kind"), ctx.form("note"), ctx.salon.currency);
        if (!typed) return typed.error();
        const auto& c = typed.value();
        storage::CreditEntry entry{customer_id, c.amount_minor, c.kind, c.note, std::nullopt, std::nullopt, ctx.session->user.id};
        if (!storage::credit_store::add(db, entry)) return domain::Error{"amount", "credit.error.short"};  // a deposit never is
        audit::record(db, ctx.session->user.id, "credit_recorded", audit::subject(audit::RecordKind::customer, customer_id),
                      std::string(domain::to_string(c.kind)) + " " + std::to_string(c.amount_minor), ctx.client_ip);
        return Done{};
    });
}

void admin_customer_sell_package(Context& ctx) {
    change_account(ctx, "package_sold", [&](storage::WriteTx& db, std::int64_t customer_id) -> Outcome {
        auto type_id = parse_id(ctx.form("package_id"));
        auto type = type_id ? storage::package_store::find_type(db, *type_id) : std::nullopt;
        if (!type || type->archived) return domain::Error{"package_id", "admin.packages.error.choose"};
        // The sale is a line of the customer's open draft, so it is paid with whatever else they owe today.
        auto invoice_id = storage::invoice_store::newest_draft_of(db, customer_id);
        if (!invoice_id) invoice_id = storage::invoice_store::create_draft(db, customer_id, std::nullopt, ctx.salon.currency);
        if (!domain::line_fits_invoice(storage::invoice_store::state(db, *invoice_id)->facts.totals.net_minor, 1, type->price_minor)) {
            db.cancel();  // the draft made just now, if any
            return domain::Error{"package_id", "admin.invoices.error.invoice_too_large"};
        }
        storage::invoice_store::add_line(db, *invoice_id, {type->name, 1, type->price_minor, type->tax_rate_bp});
        storage::NewSale sale{customer_id,
                              type->id,
                              type->name,
                              type->sessions,
                              type->price_minor,
                              domain::package_expiry(db.now(), type->validity_days, ctx.salon.time_zone),
                              invoice_id,
                              ctx.session->user.id,
                              db.now()};
        auto sale_id = storage::package_store::record_sale(db, sale);
        audit::record(db, ctx.session->user.id, "package_sold", audit::subject(audit::RecordKind::customer, customer_id),
                      "sale " + std::to_string(sale_id) + " on " + audit::subject(audit::RecordKind::invoice, *invoice_id), ctx.client_ip);
        return Done{};
    });
}

}  // namespace salonbox::web
