// "Invite customers to the portal": a short email telling customers without a portal account where the portal is
// and that they sign in with an emailed code. Each customer gets it once from the bulk send; staff may send it
// again to one customer by hand from the customer's page.
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/customer_store.h"
#include "storage/outbox_store.h"
#include "storage/portal_announcement_store.h"
#include "view/i18n.h"
#include "web/emails.h"
#include "web/handlers.h"

#include <set>

namespace salonbox::web {

namespace audit = storage::audit_store;
namespace announcements = storage::portal_announcement_store;

namespace {
constexpr int k_listed = 200;  // the page lists this many by name; "send to all" reaches every one
constexpr int k_every_candidate = 1'000'000;

// Enqueues the announcement for one candidate and records it, inside the caller's write transaction.
void announce(Context& ctx, storage::WriteTx& db, const announcements::Candidate& to) {
    const auto locale = view::choose_locale(to.locale, "", ctx.salon.locale);
    view::Data d;
    d.set("name", greeting_name(db, to.customer_id, to.name));
    d.set("salon_name", ctx.salon.name);
    d.set("email", to.email);
    d.set("portal_url", ctx.services.link_base() + ctx.base() + "/login");
    storage::OutboxMessage m;
    m.to_address = to.email;
    m.to_name = to.name;
    m.subject = domain::fill_placeholders(ctx.services.catalogs.text(locale, "email.announcement.subject"), {{"salon", ctx.salon.name}});
    set_bodies(m, render_email(ctx.services.templates, ctx.salon, "email/portal_announcement", locale, std::move(d)));
    storage::outbox_store::enqueue(db, m);
    announcements::mark_announced(db, to.customer_id, db.now());
    audit::record(db, ctx.session->user.id, "portal_announced", audit::subject(audit::RecordKind::customer, to.customer_id), "",
                  ctx.client_ip);
}
}  // namespace

void admin_portal_announcement_form(Context& ctx) {
    if (!domain::allows_code_sign_in(ctx.salon) || !ctx.salon.portal_enabled) return ctx.error_page(409, "admin.announcement.needs_codes");
    auto [listed, total] = ctx.db->read([&](storage::ReadTx& db) {
        return std::pair{announcements::not_yet_announced(db, k_listed), announcements::count_not_yet_announced(db)};
    });
    auto d = ctx.page_data(ctx.t("admin.announcement.title"), "customers");
    view::Data list{view::Data::type::list};
    for (const auto& c : listed) {
        view::Data item;
        item.set("id", std::to_string(c.customer_id));
        item.set("name", c.name);
        item.set("email", c.email);
        list.push_back(item);
    }
    d.set("candidates", list);
    d.set("has_candidates", !listed.empty());
    d.set("count", std::to_string(total));
    d.set("portal_url", ctx.services.link_base() + ctx.base() + "/login");
    if (total > static_cast<int>(listed.size())) d.set("more", std::to_string(total - static_cast<int>(listed.size())));
    ctx.render(200, "admin/portal_announcement", std::move(d));
}

void admin_portal_announcement_send(Context& ctx) {
    if (!domain::allows_code_sign_in(ctx.salon) || !ctx.salon.portal_enabled) return ctx.error_page(409, "admin.announcement.needs_codes");
    const bool everyone = ctx.form("scope") == "all";
    std::set<std::int64_t> chosen;
    for (auto [it, end] = ctx.req.form.equal_range("customer_id"); it != end; ++it)
        if (auto id = parse_id(it->second)) chosen.insert(*id);
    // Only customers still waiting for it are sent it: a second click, or a stale page, sends nobody twice.
    int sent = ctx.db->write([&](storage::WriteTx& db) {
        int n = 0;
        for (const auto& c : announcements::not_yet_announced(db, k_every_candidate)) {
            if (!everyone && !chosen.count(c.customer_id)) continue;
            announce(ctx, db, c);
            ++n;
        }
        return n;
    });
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/admin/email-log?announced=" + std::to_string(sent));
}

void admin_customer_portal_announce(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    if (!domain::allows_code_sign_in(ctx.salon) || !ctx.salon.portal_enabled) return ctx.error_page(409, "admin.announcement.needs_codes");
    enum class Outcome { sent, no_such_customer, not_a_candidate };
    auto outcome = ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::customer_store::find(db, *id)) return Outcome::no_such_customer;
        auto c = announcements::candidate(db, *id);
        if (!c) return Outcome::not_a_candidate;
        announce(ctx, db, *c);
        return Outcome::sent;
    });
    if (outcome == Outcome::no_such_customer) return ctx.error_page(404, "error.not_found");
    if (outcome == Outcome::not_a_candidate) return ctx.error_page(409, "admin.announcement.not_a_candidate");
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/admin/customers/" + std::to_string(*id) + "?done=announced");
}

}  // namespace salonbox::web
