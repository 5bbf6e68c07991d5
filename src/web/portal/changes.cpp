// The customer's own changes: cancel or reschedule an upcoming appointment, withdraw a pending change. Each
// ask is one write transaction that freezes the policy's terms, opens the request and, with auto-approve,
// carries it out at once through the salon's approval path (web/change_approval.h).
#include "domain/appointment_state.h"
#include "domain/availability.h"
#include "domain/change_policy.h"
#include "domain/customer_rules.h"
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/booking_store.h"
#include "storage/notification_store.h"
#include "storage/service_store.h"
#include "view/format.h"
#include "web/change_approval.h"
#include "web/handlers.h"
#include "web/portal/change_actions.h"
#include "web/portal/day_choice.h"
#include "web/portal/typed_text.h"

#include <algorithm>
#include <charconv>

namespace salonbox::web {

namespace audit = storage::audit_store;

namespace {
constexpr std::size_t k_reason_max_chars = 1000;

std::int64_t customer_of(const Context& ctx) { return ctx.session->user.customer_id.value_or(-1); }

view::DateFormatter dates(const Context& ctx) { return view::DateFormatter(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone); }

std::string appointment_url(const Context& ctx, std::int64_t id, std::string_view action) {
    return ctx.base() + "/account/appointments/" + std::to_string(id) + "/" + std::string(action);
}

std::string hours_text(std::chrono::seconds cutoff) { return std::to_string(std::chrono::duration_cast<std::chrono::hours>(cutoff).count()); }

// "Cancelling now, less than 24 hours before, charges the late-cancel fee of €15.00." when cancelling at
// `now` would be late with a fee; "" otherwise.
std::string late_fee_warning(const Context& ctx, const domain::ChangePolicy& policy, const domain::ChangeTerms& terms) {
    if (!terms.late || terms.fee_minor == 0) return {};
    return domain::fill_placeholders(ctx.t("portal.changes.late_fee_warning"),
                                     {{"hours", hours_text(policy.cancel_cutoff)},
                                      {"fee", view::format_money(terms.fee_minor, ctx.salon.currency, ctx.locale)}});
}

// The cancel form's data for `appointment_id` starting at `starts_at`.
void set_cancel_form(const Context& ctx, view::Data& d, const domain::ChangePolicy& policy, std::int64_t appointment_id,
                     domain::Instant starts_at, domain::Instant now) {
    view::put_text(d, "cancel_url", appointment_url(ctx, appointment_id, "cancel"));
    auto terms = domain::change_terms(policy, domain::CustomerChange::cancel, starts_at, now);
    view::set_text(d, "late_fee_warning", late_fee_warning(ctx, policy, terms));
    // The fee this form names, sent back with it: a fee that applies by the time it is posted was not named.
    view::put_text(d, "fee_shown", std::to_string(terms.late ? terms.fee_minor : 0));
    auto until = domain::free_until(policy, domain::CustomerChange::cancel, starts_at);
    if (now <= until && policy.late_cancel_fee_minor > 0)
        view::put_text(d, "free_until", domain::fill_placeholders(ctx.t("portal.changes.free_until"), {{"when", dates(ctx).date_time(until)}}));
}

std::string pending_text(const Context& ctx, const storage::ChangeRequestDetails& r) {
    if (r.kind == "cancel") return ctx.t("portal.changes.pending_cancel");
    return domain::fill_placeholders(ctx.t("portal.changes.pending_reschedule"), {{"when", dates(ctx).date_time(*r.asked_starts_at)}});
}

// The outcome of a customer's ask, as the redirect or the error page tells it.
enum class Asked { pending, approved, not_found, not_allowed, pending_exists, taken, fee_not_shown };

void answer(Context& ctx, Asked asked, domain::CustomerChange kind) {
    bool cancel = kind == domain::CustomerChange::cancel;
    switch (asked) {
        case Asked::pending: return ctx.redirect(ctx.base() + "/account/appointments?done=" + (cancel ? "cancel_asked" : "reschedule_asked"));
        case Asked::approved: return ctx.redirect(ctx.base() + "/account/appointments?done=" + (cancel ? "cancelled" : "rescheduled"));
        case Asked::not_found: return ctx.error_page(404, "error.not_found");
        case Asked::not_allowed: return ctx.error_page(409, "portal.changes.error.not_allowed");
        case Asked::pending_exists: return ctx.error_page(409, "portal.changes.error.pending_exists");
        case Asked::taken: return ctx.error_page(409, "portal.changes.error.taken");
        case Asked::fee_not_shown: return ctx.error_page(409, "portal.changes.error.fee_not_shown");
    }
}

// Asked::approved when `ask` repeats the customer's newest request on the appointment and that one was carried
// out at once (the appointment is cancelled, or at the asked time): a double click or the back button after an
// automatic approval. A repeat of a pending request is answered as any second ask (pending_exists).
std::optional<Asked> repeated_ask(storage::ReadTx& db, std::int64_t customer, const storage::ChangeAsk& ask, const storage::Appointment& appointment) {
    auto last = storage::change_request_store::latest_on_appointment(db, customer, ask.appointment_id);
    bool cancel = ask.kind == domain::CustomerChange::cancel;
    if (!last || last->kind != (cancel ? "cancel" : "reschedule")) return std::nullopt;
    if (!cancel && (last->asked_starts_at != ask.asked_starts_at || last->asked_staff_user_id != ask.asked_staff_user_id)) return std::nullopt;
    if (last->status != "approved") return std::nullopt;
    bool carried_out = cancel ? appointment.status == "cancelled" : appointment.status == "scheduled" && appointment.starts_at == *ask.asked_starts_at;
    return carried_out ? std::optional{Asked::approved} : std::nullopt;
}

// Opens the request for `ask` (its terms computed here, at the transaction's instant) and, when the salon
// auto-approves, carries it out in the same transaction: a refused placement rolls the whole ask back. A fee
// above `fee_shown` (what the customer's form named, when it says) refuses the ask: the form was shown before
// the cutoff passed or before the salon moved the appointment closer, and nobody agrees to a fee unseen.
Asked ask_change(Context& ctx, storage::ChangeAsk ask, std::optional<std::int64_t> fee_shown = std::nullopt) {
    auto customer = customer_of(ctx);
    auto asked = ctx.db->write([&](storage::WriteTx& db) {
        auto appointment = storage::change_request_store::customer_appointment(db, customer, ask.appointment_id);
        if (!appointment) return Asked::not_found;
        if (auto repeated = repeated_ask(db, customer, ask, *appointment)) return *repeated;
        auto settings = storage::change_request_store::load_settings(db);
        auto now = db.now();
        if (domain::customer_change_refusal(settings.policy, ask.kind, domain::parse_appointment_status(appointment->status), appointment->starts_at, now))
            return Asked::not_allowed;
        ask.terms = domain::change_terms(settings.policy, ask.kind, appointment->starts_at, now);
        if (fee_shown && ask.terms.late && ask.terms.fee_minor > *fee_shown) return Asked::fee_not_shown;
        auto opened = storage::change_request_store::open(db, customer, ask);
        if (!opened) return Asked::pending_exists;
        if (opened.value() == 0) return Asked::not_allowed;
        auto id = opened.value();
        std::string detail = std::string(ask.kind == domain::CustomerChange::cancel ? "cancel" : "reschedule") + ", " +
                             audit::subject(audit::RecordKind::appointment, ask.appointment_id);
        if (ask.asked_starts_at) detail += ", to " + std::to_string(domain::to_unix(*ask.asked_starts_at));
        if (ask.terms.late) detail += ", late, fee " + std::to_string(ask.terms.fee_minor);
        audit::record(db, ctx.session->user.id, "change_asked", audit::subject(audit::RecordKind::change_request, id), detail, ctx.client_ip);
        if (!settings.auto_approve) {
            notify_change_asked(db, ctx, id);
            return Asked::pending;
        }
        auto approved = approve_change(db, ctx, id, std::nullopt, "");
        if (!approved) {
            db.cancel();
            return Asked::taken;
        }
        return Asked::approved;
    });
    if (asked == Asked::approved) ctx.services.wake_mail_sender();
    return asked;
}

// The reschedule page: the appointment, then who (the same groomer or anyone), a day, and the free times.
void show_reschedule(Context& ctx, int status, const storage::Appointment& a, const std::string& alert_key) {
    auto now = ctx.now();
    const auto& zone = ctx.salon.time_zone;
    auto f = dates(ctx);
    auto d = ctx.page_data(ctx.t("portal.changes.reschedule_title"), "appointments");
    d.set("portal_nav", true);
    d.set("when", f.date_time(a.starts_at));
    d.set("until", f.time(a.ends_at));
    d.set("appointments_url", ctx.base() + "/account/appointments");
    if (!alert_key.empty()) d.set("alert", ctx.t(alert_key));

    auto [settings, service, team] = ctx.db->read([&](storage::ReadTx& db) {
        std::optional<storage::Service> s;
        if (a.service_id) s = storage::service_store::find(db, *a.service_id, ctx.locale);
        std::vector<storage::BookableName> names;
        if (s && s->active) names = storage::booking_store::bookable_names(db, s->id);
        return std::tuple{storage::change_request_store::load_settings(db), s, names};
    });
    auto refused = domain::customer_change_refusal(settings.policy, domain::CustomerChange::reschedule, domain::parse_appointment_status(a.status),
                                                   a.starts_at, now);
    if (refused == domain::CustomerChangeRefusal::inside_cutoff) {
        // Too close to move online: say so kindly, and offer to cancel instead (with the fee named, if any).
        d.set("inside_cutoff", true);
        d.set("cutoff_text", domain::fill_placeholders(ctx.t("portal.changes.reschedule_inside_cutoff"),
                                                       {{"hours", hours_text(settings.policy.reschedule_cutoff)}}));
        view::set_text(d, "salon_phone", ctx.salon.phone);
        set_cancel_form(ctx, d, settings.policy, a.id, a.starts_at, now);
        return ctx.render(status, "portal/change_reschedule", std::move(d));
    }
    if (refused || !service || !service->active || team.empty()) {
        d.set("not_offered", true);
        view::set_text(d, "salon_phone", ctx.salon.phone);
        return ctx.render(status, "portal/change_reschedule", std::move(d));
    }
    d.set("service_name", service->name);

    // Who: the appointment's groomer when they still take this service, or anyone.
    std::optional<std::int64_t> staff;
    auto same = std::find_if(team.begin(), team.end(), [&](const auto& m) { return a.staff_user_id && m.user_id == *a.staff_user_id; });
    auto chosen = ctx.query("staff");
    if (chosen.empty() && same != team.end()) staff = same->user_id;
    else if (auto id = parse_id(chosen); id && std::any_of(team.begin(), team.end(), [&](const auto& m) { return m.user_id == *id; })) staff = id;
    auto page_url = [&](std::optional<std::int64_t> who, const std::string& date) {
        std::string url = appointment_url(ctx, a.id, "reschedule") + "?staff=" + (who ? std::to_string(*who) : std::string("any"));
        if (!date.empty()) url += "&date=" + date;
        return url;
    };
    auto day = domain::parse_local_date(ctx.query("date"));
    auto date_text = day ? domain::format_local_date(*day) : std::string{};
    view::Data who{view::Data::type::list};
    auto who_item = [&](std::optional<std::int64_t> id, const std::string& name) {
        view::Data item;
        item.set("name", name);
        item.set("url", page_url(id, date_text));
        item.set("current", id == staff);
        who.push_back(item);
    };
    if (same != team.end()) who_item(same->user_id, same->name);
    who_item(std::nullopt, ctx.t("booking.anyone"));
    d.set("team", who);

    auto policy = ctx.db->read([&](storage::ReadTx& db) { return storage::booking_store::load_policy(db); });
    auto choice = choose_day(ctx, f, policy.horizon_days, service->id, staff, day,
                             [&](const std::string& date) { return page_url(staff, date); });
    const auto& day_starts = choice.chosen_starts;
    d.set("days", choice.days);
    d.set("has_days", choice.has_days);
    d.set("choose", true);
    if (day) {
        view::Data times{view::Data::type::list};
        for (const auto& s : day_starts) {
            view::Data item;
            item.set("label", f.time(s.starts_at));
            item.set("start", domain::format_local_datetime(s.local));
            times.push_back(item);
        }
        d.set("step_time", true);
        if (auto midday = domain::from_local({day->year, day->month, day->day, 12, 0}, zone)) d.set("day_label", f.long_date(*midday));
        d.set("times", times);
        d.set("has_times", !day_starts.empty());
        d.set("staff_id", staff ? std::to_string(*staff) : std::string{});
        d.set("action", appointment_url(ctx, a.id, "reschedule"));
    }
    ctx.render(status, "portal/change_reschedule", std::move(d));
}

std::optional<storage::Appointment> appointment_of_path(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<storage::Appointment> a;
    if (id) a = ctx.db->read([&](storage::ReadTx& db) { return storage::change_request_store::customer_appointment(db, customer_of(ctx), *id); });
    if (!a) ctx.error_page(404, "error.not_found");
    return a;
}
}  // namespace

CustomerChanges load_customer_changes(storage::ReadTx& db, std::int64_t customer_id, domain::Instant now) {
    CustomerChanges changes{storage::change_request_store::load_settings(db),
                            storage::change_request_store::for_customer(db, customer_id, now - std::chrono::days(30)),
                            storage::change_request_store::open_proposals(db, customer_id)};
    // A proposed time that has passed is no longer offered (accepting it is refused).
    std::erase_if(changes.proposals, [&](const storage::ProposedTime& p) { return p.starts_at <= now; });
    return changes;
}

void add_change_actions(const Context& ctx, view::Data& item, const storage::portal_store::AppointmentRow& a, const CustomerChanges& changes) {
    auto now = ctx.now();
    const auto& policy = changes.settings.policy;
    using view::put, view::put_text;
    put_text(item, "id", std::to_string(a.id));
    for (const auto& p : changes.proposals) {
        if (p.appointment_id != a.id) continue;
        auto f = dates(ctx);
        put_text(item, "proposal", domain::fill_placeholders(ctx.t("portal.changes.proposal"), {{"when", f.date_time(p.starts_at)}, {"until", f.time(p.ends_at)}}));
        put_text(item, "accept_url", ctx.base() + "/account/proposals/" + std::to_string(p.id) + "/accept");
        put_text(item, "decline_url", ctx.base() + "/account/proposals/" + std::to_string(p.id) + "/decline");
    }
    for (const auto& r : changes.requests) {
        if (r.appointment_id != a.id) continue;
        if (r.status == "pending") {
            put_text(item, "pending_change", pending_text(ctx, r));
            put_text(item, "withdraw_url", ctx.base() + "/account/changes/" + std::to_string(r.id) + "/withdraw");
            return;
        }
        // The latest decision on it (requests come newest first).
        if (r.status == "declined") {
            put(item, "change_declined", true);
            view::set_text(item, "change_message", r.decision_message);
        }
        break;
    }
    auto status = domain::parse_appointment_status(a.status);
    auto offered = domain::customer_changes(policy, status, a.starts_at, now);
    if (offered.has(domain::CustomerChange::cancel)) set_cancel_form(ctx, item, policy, a.id, a.starts_at, now);
    if (!a.bookable_service_id) return;
    if (offered.has(domain::CustomerChange::reschedule)) {
        put_text(item, "reschedule_url", appointment_url(ctx, a.id, "reschedule"));
    } else if (domain::customer_change_refusal(policy, domain::CustomerChange::reschedule, status, a.starts_at, now) ==
               domain::CustomerChangeRefusal::inside_cutoff) {
        put_text(item, "reschedule_closed", domain::fill_placeholders(ctx.t("portal.changes.reschedule_closed"), {{"hours", hours_text(policy.reschedule_cutoff)}}));
    }
}

void portal_change_cancel(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    auto reason = domain::trim(typed_text(ctx.form("reason")));
    if (domain::code_points(reason) > k_reason_max_chars) return ctx.error_page(422, "portal.changes.error.reason_too_long");
    storage::ChangeAsk ask;
    ask.appointment_id = *id;
    ask.kind = domain::CustomerChange::cancel;
    ask.reason = reason;
    std::optional<std::int64_t> fee_shown;
    if (ctx.has_form("fee_shown")) {
        const auto shown = ctx.form("fee_shown");
        fee_shown = 0;  // stays so unless it is a number: no fee was named
        std::from_chars(shown.data(), shown.data() + shown.size(), *fee_shown);
    }
    answer(ctx, ask_change(ctx, ask, fee_shown), ask.kind);
}

void portal_change_reschedule_form(Context& ctx) {
    auto a = appointment_of_path(ctx);
    if (!a) return;
    show_reschedule(ctx, 200, *a, "");
}

void portal_change_reschedule(Context& ctx) {
    auto a = appointment_of_path(ctx);
    if (!a) return;
    const auto& zone = ctx.salon.time_zone;
    auto local = domain::parse_local_datetime(ctx.form("start"));
    auto starts_at = local ? domain::from_local(*local, zone) : std::nullopt;
    if (!starts_at || !a->service_id) return show_reschedule(ctx, 422, *a, "portal.changes.error.taken");
    auto staff = parse_id(ctx.form("staff_id"));
    storage::ChangeAsk ask;
    ask.appointment_id = a->id;
    ask.kind = domain::CustomerChange::reschedule;
    ask.asked_starts_at = *starts_at;
    ask.asked_staff_user_id = staff;
    // Carried out already: the time is the appointment's own now and no longer shows as free.
    if (auto repeated = ctx.db->read([&](storage::ReadTx& db) { return repeated_ask(db, customer_of(ctx), ask, *a); }))
        return answer(ctx, *repeated, ask.kind);
    auto now = ctx.now();
    // The time must be one the page offers, as the booking page checks its own.
    auto [service, offered] = ctx.db->read([&](storage::ReadTx& db) {
        auto s = storage::service_store::find(db, *a->service_id);
        std::vector<domain::FreeStart> starts;
        if (s && s->active) starts = storage::booking_store::free_starts(db, zone, s->id, {local->year, local->month, local->day}, now, staff);
        return std::pair{s, starts};
    });
    if (!service || !domain::find_start(offered, *starts_at, staff)) return show_reschedule(ctx, 409, *a, "portal.changes.error.taken");
    ask.asked_ends_at = *starts_at + std::chrono::minutes(service->duration_minutes);
    auto asked = ask_change(ctx, ask);
    if (asked == Asked::taken) return show_reschedule(ctx, 409, *a, "portal.changes.error.taken");
    if (asked == Asked::not_allowed) return show_reschedule(ctx, 409, *a, "");
    answer(ctx, asked, ask.kind);
}

void portal_proposal_accept(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    auto customer = customer_of(ctx);
    enum class Accepted { done, not_found, settled, taken };
    auto accepted = ctx.db->write([&](storage::WriteTx& db) {
        auto open = storage::change_request_store::open_proposals(db, customer);
        auto proposal = std::find_if(open.begin(), open.end(), [&](const auto& p) { return p.id == *id; });
        if (proposal == open.end()) return Accepted::not_found;
        auto moved = storage::change_request_store::accept_proposal(db, *id, customer);
        if (!moved) return moved.error() == storage::StoreError::already_settled ? Accepted::settled : Accepted::taken;
        accept_proposed_time(db, ctx, *id, *proposal, moved.value());
        return Accepted::done;
    });
    if (accepted == Accepted::not_found) return ctx.error_page(404, "error.not_found");
    if (accepted == Accepted::settled) return ctx.error_page(409, "portal.changes.error.already_settled");
    if (accepted == Accepted::taken) return ctx.error_page(409, "portal.changes.error.taken");
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/account/appointments?done=rescheduled");
}

void portal_proposal_decline(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    auto customer = customer_of(ctx);
    bool declined = ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::change_request_store::decline_proposal(db, *id, customer)) return false;
        audit::record(db, ctx.session->user.id, "proposal_declined", "proposal:" + std::to_string(*id), "", ctx.client_ip);
        storage::notification_store::add_for_managers(db, std::nullopt, "request",
                                                      domain::fill_placeholders(ctx.services.catalogs.text(ctx.salon.locale, "admin.changes.notify.proposal_declined"),
                                                                                {{"customer", ctx.session->user.display_name}}),
                                                      ctx.base() + "/admin/requests");
        return true;
    });
    if (!declined) return ctx.error_page(404, "error.not_found");
    ctx.redirect(ctx.base() + "/account/appointments?done=proposal_declined");
}

void portal_change_withdraw(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    if (!id) return ctx.error_page(404, "error.not_found");
    auto customer = customer_of(ctx);
    enum class Withdrawn { done, not_found, settled };
    auto withdrawn = ctx.db->write([&](storage::WriteTx& db) {
        auto change = storage::change_request_store::find(db, *id, customer);
        if (!change) return Withdrawn::not_found;
        // Sent again (the back button, a double click): it is withdrawn, as asked; the salon answered nothing.
        if (change->status == "withdrawn") return Withdrawn::done;
        if (!storage::change_request_store::withdraw(db, *id, customer)) return Withdrawn::settled;
        audit::record(db, ctx.session->user.id, "change_withdrawn", audit::subject(audit::RecordKind::change_request, *id), "", ctx.client_ip);
        return Withdrawn::done;
    });
    if (withdrawn == Withdrawn::not_found) return ctx.error_page(404, "error.not_found");
    if (withdrawn == Withdrawn::settled) return ctx.error_page(409, "portal.changes.error.already_settled");
    ctx.redirect(ctx.base() + "/account/appointments?done=withdrawn");
}

}  // namespace salonbox::web
