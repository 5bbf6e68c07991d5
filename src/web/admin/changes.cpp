// The salon's answers to customers' change requests in the requests inbox: approve (the change is carried
// out in the same transaction that claims the request) or decline with a message. Of two answers, or an
// answer and the customer's withdrawal, racing on one request exactly one happens: the others get a 409.
#include "domain/customer_rules.h"
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/change_request_store.h"
#include "storage/request_store.h"
#include "domain/time_zone.h"
#include "view/format.h"
#include "web/admin/request_inbox.h"
#include "web/change_approval.h"
#include "web/confirmation.h"
#include "web/emails.h"
#include "web/handlers.h"

#include <algorithm>

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
constexpr int k_list_limit = 200;
constexpr std::size_t k_message_max_chars = 1000;

std::string change_url(const Context& ctx, std::int64_t id, std::string_view action) {
    return ctx.base() + "/admin/changes/" + std::to_string(id) + "/" + std::string(action);
}

view::Data change_item(const Context& ctx, const view::DateFormatter& f, const storage::ChangeRequestDetails& r) {
    view::Data item;
    item.set("id", std::to_string(r.id));
    item.set("customer", r.customer_name);
    item.set("animal", r.animal_name);
    item.set("kind", ctx.t(r.kind == "cancel" ? "admin.changes.kind.cancel" : "admin.changes.kind.reschedule"));
    item.set("current", f.date_time(r.previous_starts_at));
    if (r.asked_starts_at) item.set("asked", f.date_time(*r.asked_starts_at));
    item.set("received", f.date_time(r.created_at));
    view::set_text(item, "reason", r.reason);
    if (r.late)
        item.set("late", domain::fill_placeholders(ctx.t("admin.changes.late"), {{"fee", view::format_money(r.fee_minor, ctx.salon.currency, ctx.locale)}}));
    item.set("status", ctx.t("admin.changes.status." + r.status));
    item.set("decided_by", r.decided_automatically ? ctx.t("admin.changes.automatic") : r.decided_by_name);
    if (r.decided_at) item.set("decided_at", f.date_time(*r.decided_at));
    view::set_text(item, "decision_message", r.decision_message);
    return item;
}

std::string already_settled_text(Context& ctx, std::int64_t id) {
    auto r = ctx.db->read([&](storage::ReadTx& db) { return storage::change_request_store::find(db, id); });
    std::string who = r && r->decided_automatically ? ctx.t("admin.changes.automatic") : r ? r->decided_by_name : "";
    if (r && r->status == "withdrawn") return ctx.t("admin.changes.error.withdrawn");
    return domain::fill_placeholders(ctx.t("admin.requests.error.already_handled"), {{"name", who.empty() ? ctx.t("admin.requests.someone") : who}});
}

std::optional<std::int64_t> change_of_path(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    bool found = id && ctx.db->read([&](storage::ReadTx& db) { return storage::change_request_store::find(db, *id).has_value(); });
    if (!found) {
        ctx.error_page(404, "error.not_found");
        return std::nullopt;
    }
    return id;
}
}  // namespace

void add_change_requests(Context& ctx, view::Data& d) {
    auto now = ctx.now();
    auto [pending, decided] = ctx.db->read([&](storage::ReadTx& db) {
        return std::pair{storage::change_request_store::pending(db, k_list_limit),
                         storage::change_request_store::decided_since(db, now - std::chrono::days(30), k_list_limit)};
    });
    view::DateFormatter f(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);
    auto staff = ctx.db->read([&](storage::ReadTx& db) { return storage::request_store::active_staff(db); });
    view::Data pending_list{view::Data::type::list};
    for (const auto& r : pending) {
        auto item = change_item(ctx, f, r);
        item.set("approve_url", change_url(ctx, r.id, "approve"));
        item.set("decline_url", change_url(ctx, r.id, "decline"));
        if (r.kind == "reschedule") {
            // Book another time: proposed to the customer, who accepts or declines it.
            item.set("propose_url", change_url(ctx, r.id, "reschedule"));
            item.set("propose_start", f.input_value(*r.asked_starts_at));
            view::Data options{view::Data::type::list};
            for (const auto& s : staff) {
                view::Data o;
                o.set("id", std::to_string(s.id));
                o.set("name", s.name);
                o.set("selected", r.staff_user_id == s.id);
                options.push_back(o);
            }
            item.set("staff", options);
        }
        pending_list.push_back(item);
    }
    view::Data decided_list{view::Data::type::list};
    for (const auto& r : decided) decided_list.push_back(change_item(ctx, f, r));
    d.set("pending_changes", pending_list);
    d.set("has_pending_changes", !pending.empty());
    d.set("decided_changes", decided_list);
    d.set("has_decided_changes", !decided.empty());
}

void admin_change_approve(Context& ctx) {
    auto id = change_of_path(ctx);
    if (!id) return;
    auto approved = ctx.db->write([&](storage::WriteTx& db) { return approve_change(db, ctx, *id, ctx.session->user.id, ""); });
    if (!approved) {
        if (approved.error() == storage::StoreError::already_settled) return show_request_inbox(ctx, 409, already_settled_text(ctx, *id));
        if (approved.error() == storage::StoreError::appointment_closed)
            return show_request_inbox(ctx, 409, ctx.t("admin.changes.error.appointment_closed"));
        return show_request_inbox(ctx, 409, ctx.t("admin.changes.error.taken"));
    }
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/admin/requests?done=change_approved");
}

namespace {
// The confirmation step of declining change request `id`, with the message to the customer; the inbox with the
// reason (409) when it is settled already.
void confirm_change_decline(Context& ctx, std::int64_t id, std::optional<domain::Error> error = std::nullopt) {
    auto r = ctx.db->read([&](storage::ReadTx& db) { return storage::change_request_store::find(db, id); });
    if (!r || r->status != "pending") return show_request_inbox(ctx, 409, already_settled_text(ctx, id));
    view::DateFormatter f(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);
    auto c = decline_step(ctx, change_url(ctx, id, "decline"));
    c.title = ctx.t("admin.confirm.decline_change.title");
    c.consequence = domain::fill_placeholders(ctx.t(r->kind == "cancel" ? "admin.confirm.decline_change.consequence_cancel"
                                                                        : "admin.confirm.decline_change.consequence_reschedule"),
                                              {{"customer", r->customer_name}, {"animal", r->animal_name}, {"when", f.date_time(r->previous_starts_at)}});
    c.detail = ctx.t("admin.confirm.decline_change.detail");
    const int status = error ? 422 : 200;
    c.error = std::move(error);
    show_confirmation(ctx, status, c);
}
}  // namespace

void admin_change_decline_form(Context& ctx) {
    auto id = change_of_path(ctx);
    if (!id) return;
    confirm_change_decline(ctx, *id);
}

void admin_change_decline(Context& ctx) {
    auto id = change_of_path(ctx);
    if (!id) return;
    if (!confirmed(ctx)) return confirm_change_decline(ctx, *id);
    auto message = domain::trim(ctx.form("message"));
    if (confirmation_text_too_long(message)) return confirm_change_decline(ctx, *id, domain::Error{"message", "admin.requests.error.message_too_long"});
    bool declined = ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::change_request_store::decline(db, *id, ctx.session->user.id, message)) return false;
        audit::record(db, ctx.session->user.id, "change_declined", audit::subject(audit::RecordKind::change_request, *id), "", ctx.client_ip);
        if (auto r = storage::change_request_store::find(db, *id))
            email_change_answer(db, ctx.services, ctx.salon, r->appointment_id, std::nullopt, std::nullopt, message);
        return true;
    });
    if (!declined) return show_request_inbox(ctx, 409, already_settled_text(ctx, *id));
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/admin/requests?done=change_declined");
}

void admin_change_reschedule(Context& ctx) {
    auto id = change_of_path(ctx);
    if (!id) return;
    auto [r, staff] = ctx.db->read([&](storage::ReadTx& db) {
        return std::pair{storage::change_request_store::find(db, *id), storage::request_store::active_staff(db)};
    });
    auto local = domain::parse_local_datetime(domain::trim(ctx.form("start")));
    auto starts_at = local ? domain::from_local(*local, ctx.salon.time_zone) : std::nullopt;
    if (!starts_at || *starts_at <= ctx.now()) return show_request_inbox(ctx, 422, ctx.t("admin.changes.error.start"));
    auto staff_id = parse_id(ctx.form("staff_user_id"));
    if (!staff_id || std::none_of(staff.begin(), staff.end(), [&](const auto& s) { return s.id == *staff_id; }))
        return show_request_inbox(ctx, 422, ctx.t("admin.requests.error.staff_unknown"));
    auto message = domain::trim(ctx.form("message"));
    if (message.size() > 4 * k_message_max_chars || domain::code_points(message) > k_message_max_chars)
        return show_request_inbox(ctx, 422, ctx.t("admin.requests.error.message_too_long"));
    auto ends_at = *starts_at + (r->ends_at - r->starts_at);
    auto proposed = ctx.db->write([&](storage::WriteTx& db) {
        auto p = storage::change_request_store::propose_instead(db, *id, ctx.session->user.id, *starts_at, ends_at, staff_id, message);
        if (!p) return p;
        audit::record(db, ctx.session->user.id, "change_declined", audit::subject(audit::RecordKind::change_request, *id),
                      "another time proposed: " + std::to_string(domain::to_unix(*starts_at)) + ", proposal:" + std::to_string(p.value()),
                      ctx.client_ip);
        email_change_answer(db, ctx.services, ctx.salon, r->appointment_id, *starts_at, ends_at, message);
        return p;
    });
    if (!proposed) {
        if (proposed.error() == storage::StoreError::already_settled) return show_request_inbox(ctx, 409, already_settled_text(ctx, *id));
        return show_request_inbox(ctx, 409, ctx.t("admin.changes.error.proposal_open"));
    }
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/admin/requests?done=change_proposed");
}

}  // namespace salonbox::web
