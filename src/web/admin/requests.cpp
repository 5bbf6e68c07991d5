// The requests inbox: customers' appointment requests, and the salon's answers to them (approve, decline,
// book another time). Every answer is one IMMEDIATE transaction: the request is claimed only while still
// pending, the appointment is placed by the staff slot placement (its groomer's time re-checked, the
// overlap triggers last), and the customer's email and the groomer's notification commit with it or not
// at all.
#include "domain/booking.h"
#include "domain/request_state.h"
#include "domain/text.h"
#include "storage/appointment_store.h"
#include "storage/audit_store.h"
#include "storage/booking_store.h"
#include "storage/notification_store.h"
#include "storage/outbox_store.h"
#include "storage/request_store.h"
#include "storage/user_store.h"
#include "view/format.h"
#include "view/status_badges.h"
#include "web/admin/request_inbox.h"
#include "web/confirmation.h"
#include "web/emails.h"
#include "web/handlers.h"


#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <utility>

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace audit = storage::audit_store;

namespace {

constexpr int k_list_limit = 200;

using storage::RequestDetails;

view::DateFormatter dates(const Context& ctx, const std::string& locale) {
    return view::DateFormatter(ctx.services.catalogs, locale, ctx.salon.time_zone);
}

std::string request_url(const Context& ctx, std::int64_t id, std::string_view action) {
    return ctx.base() + "/admin/requests/" + std::to_string(id) + "/" + std::string(action);
}

// The choices of the approve and reschedule forms.
struct Choices {
    std::vector<storage::Choice> staff;
    std::vector<storage::request_store::ServiceChoice> services;
};

Choices load_choices(storage::ReadTx& db) { return {storage::request_store::active_staff(db), storage::request_store::active_services(db)}; }

// The groomer field's value for "anyone free": the placement picks the least busy groomer free then.
constexpr std::string_view k_anyone_free = "any";  // as in the calendar's form

// Who does the appointment, and as which service: what an approval or a new time needs besides the time.
struct Assignment {
    std::int64_t staff_user_id = 0;  // 0: anyone free, until the placement names the groomer
    std::string staff_name;
    std::optional<std::int64_t> service_id;
};

// The form's groomer ("any" for anyone free) and service; a form without them (a groomer left unchosen, no
// service field) takes what the customer chose with the request, which the forms preselect.
domain::Result<Assignment> read_assignment(const Context& ctx, const Choices& choices, const RequestDetails& r) {
    auto staff_text = domain::trim(ctx.form("staff_user_id"));
    Assignment a;
    if (staff_text == k_anyone_free || (staff_text.empty() && !r.chosen_staff_user_id)) {
        a.staff_name = ctx.t("admin.calendar.anyone");
    } else {
        auto staff_id = staff_text.empty() ? r.chosen_staff_user_id : parse_id(staff_text);
        auto staff = std::find_if(choices.staff.begin(), choices.staff.end(), [&](const auto& s) { return staff_id && s.id == *staff_id; });
        if (staff == choices.staff.end()) return domain::Error{"staff_user_id", "admin.requests.error.staff_unknown"};
        a.staff_user_id = staff->id;
        a.staff_name = staff->name;
    }
    if (!ctx.has_form("service_id")) {
        a.service_id = r.chosen_service_id;
        bool known = a.service_id && std::any_of(choices.services.begin(), choices.services.end(), [&](const auto& s) { return s.id == *a.service_id; });
        if (!known) a.service_id.reset();
        return a;
    }
    auto service_text = domain::trim(ctx.form("service_id"));
    if (!service_text.empty()) {
        auto service_id = parse_id(service_text);
        bool known = service_id && std::any_of(choices.services.begin(), choices.services.end(), [&](const auto& s) { return s.id == *service_id; });
        if (!known) return domain::Error{"service_id", "admin.requests.error.service_unknown"};
        a.service_id = service_id;
    }
    return a;
}

view::Data staff_options(const Context& ctx, const Choices& choices, const std::string& chosen) {
    view::Data list{view::Data::type::list};
    view::Data anyone;
    put_text(anyone, "id", std::string(k_anyone_free));
    put_text(anyone, "name", ctx.t("admin.calendar.anyone"));
    put(anyone, "selected", chosen == k_anyone_free);
    append(list, std::move(anyone));
    for (const auto& s : choices.staff) {
        view::Data o;
        put_text(o, "id", std::to_string(s.id));
        put_text(o, "name", s.name);
        put(o, "selected", std::to_string(s.id) == chosen);
        append(list, std::move(o));
    }
    return list;
}

view::Data service_options(const Context& ctx, const Choices& choices, const std::string& chosen) {
    auto list = view::list(choices.services.size());
    for (const auto& s : choices.services) {
        view::Data o;
        put_text(o, "id", std::to_string(s.id));
        put_text(o, "name", domain::fill_placeholders(ctx.t("admin.requests.service_option"), {{"name", s.name}, {"minutes", std::to_string(s.duration_minutes)}}));
        put(o, "selected", std::to_string(s.id) == chosen);
        append(list, std::move(o));
    }
    return list;
}

// The customer's language for the decision email: the customer record's, then the portal account's, then
// the salon's.
std::string customer_locale(const Context& ctx, const RequestDetails& r) {
    return view::choose_locale(r.customer_locale, "", view::choose_locale(r.account_locale, "", ctx.salon.locale));
}

// Puts the decline email in the outbox, inside the caller's transaction; it names the requested time. (An
// approval sends the appointment's confirmation instead: web/emails.h.)
void enqueue_decline_email(storage::WriteTx& db, const Context& ctx, const RequestDetails& r, const std::string& message) {
    if (r.customer_email.empty()) return;  // nobody to write to: the portal still shows the answer
    auto locale = customer_locale(ctx, r);
    auto f = dates(ctx, locale);
    view::Data d;
    put_text(d, "name", greeting_name(db, r.customer_id, r.customer_name));
    put_text(d, "salon_name", ctx.salon.name);
    put_text(d, "animal", r.animal_name);
    put_text(d, "requested_when", f.date_time(r.starts_at));
    put_text(d, "requested_until", f.time(r.ends_at));
    view::set_text(d, "message", message);
    put_text(d, "portal_url", ctx.services.link_base() + ctx.base() + "/account/appointments");
    storage::OutboxMessage m;
    m.to_address = r.customer_email;
    m.to_name = r.customer_name;
    m.subject = domain::fill_placeholders(ctx.services.catalogs.text(locale, "admin.requests.email.declined.subject"),
                                          {{"salon", ctx.salon.name}, {"animal", r.animal_name}});
    set_bodies(m, render_email(ctx.services.templates, ctx.salon, "email/request_declined", locale, std::move(d)));
    storage::outbox_store::enqueue(db, m);
}

// Tells the groomer of a new appointment in their own language. Nobody is told of what they did themselves.
void notify_assigned(storage::WriteTx& db, const Context& ctx, const RequestDetails& r, const Assignment& a, std::int64_t appointment_id,
                     domain::Instant starts_at, domain::Instant ends_at) {
    if (a.staff_user_id == ctx.session->user.id) return;
    auto staff = storage::user_store::find_by_id(db, a.staff_user_id);
    auto locale = view::choose_locale(staff ? staff->locale : "", "", ctx.salon.locale);
    auto f = dates(ctx, locale);
    auto message = domain::fill_placeholders(ctx.services.catalogs.text(locale, "admin.requests.notify.assigned"),
                        {{"animal", r.animal_name}, {"customer", r.customer_name}, {"when", f.date_time(starts_at)}, {"until", f.time(ends_at)}});
    storage::notification_store::add(db, a.staff_user_id, "appointment", message,
                                     ctx.base() + "/admin/appointments/" + std::to_string(appointment_id) + "/edit");
}

enum class Outcome { done, already_handled, overlap, archived };

struct Booked {
    Outcome outcome = Outcome::done;
    std::string decided_by;  // already_handled: who answered first
};

// The approve and reschedule transaction. Claims the request only if it is still pending, then books the
// appointment through the staff slot placement; when the time is taken, everything rolls back and the
// request stays pending.
Booked book(Context& ctx, const RequestDetails& r, const std::string& status, domain::Instant starts_at, domain::Instant ends_at,
            const Assignment& a, const std::string& message) {
    return ctx.db->write([&](storage::WriteTx& db) {
        auto now = ctx.now();
        if (!storage::request_store::decide(db, r.id, status, ctx.session->user.id, now, message)) {
            auto current = storage::request_store::find(db, r.id);
            return Booked{Outcome::already_handled, current ? current->decided_by_name : std::string{}};
        }
        // Archived since the customer asked: the calendar books no archived animal or customer, nor does this.
        if (auto animal = storage::appointment_store::find_animal(db, r.animal_id); !animal || animal->archived) {
            db.cancel();
            return Booked{Outcome::archived, {}};
        }
        storage::Appointment appointment;
        appointment.customer_id = r.customer_id;
        appointment.animal_id = r.animal_id;
        if (a.staff_user_id != 0) appointment.staff_user_id = a.staff_user_id;
        appointment.service_id = a.service_id;
        appointment.starts_at = starts_at;
        appointment.ends_at = ends_at;
        appointment.comments = r.comments;
        auto placed = storage::booking_store::place_as_staff(db, ctx.salon.time_zone, appointment);
        if (!placed) {
            // The groomer's (or the animal's) time is taken: the request stays pending.
            db.cancel();
            return Booked{Outcome::overlap, {}};
        }
        auto appointment_id = placed.value().appointment_id;
        auto assigned = a;
        assigned.staff_user_id = placed.value().staff_user_id;  // the one picked when anyone free would do
        storage::request_store::link_appointment(db, r.id, appointment_id);
        audit::record(db, ctx.session->user.id, "request_" + status, audit::subject(audit::RecordKind::request, r.id),
                      audit::subject(audit::RecordKind::appointment, appointment_id) + ", staff " +
                          audit::subject(audit::RecordKind::user, assigned.staff_user_id),
                      ctx.client_ip);
        // The customer's confirmation, with the calendar file; another time than asked is shown beside the asked one.
        AppointmentNotice notice{AppointmentEvent::approved, appointment_id, std::nullopt, message};
        if (status == "rescheduled") notice = {AppointmentEvent::moved, appointment_id, r.starts_at, message};
        email_appointment_notice(db, ctx.services, ctx.salon, notice);
        notify_assigned(db, ctx, r, assigned, appointment_id, starts_at, ends_at);
        return Booked{};
    });
}

// The page-wide message of a refused answer.
std::string already_handled_text(const Context& ctx, const std::string& decided_by) {
    return domain::fill_placeholders(ctx.t("admin.requests.error.already_handled"), {{"name", decided_by.empty() ? ctx.t("admin.requests.someone") : decided_by}});
}

std::string archived_text(const Context& ctx, const RequestDetails& r) {
    return domain::fill_placeholders(ctx.t("admin.requests.error.archived"), {{"customer", r.customer_name}, {"animal", r.animal_name}});
}

std::string overlap_text(Context& ctx, const RequestDetails& r, const Assignment& a, domain::Instant starts_at, domain::Instant ends_at) {
    auto clash = ctx.db->read([&](storage::ReadTx& db) { return storage::request_store::clash(db, a.staff_user_id, r.animal_id, starts_at, ends_at); });
    if (clash == storage::Clash::animal) return domain::fill_placeholders(ctx.t("admin.requests.error.animal_busy"), {{"animal", r.animal_name}});
    if (clash == storage::Clash::staff) return domain::fill_placeholders(ctx.t("admin.requests.error.staff_busy"), {{"staff", a.staff_name}});
    // Anyone free found nobody, or the groomer chosen is the last one left for an appointment without one.
    return ctx.t("admin.requests.error.nobody_free");
}

// What went wrong with one request's form: its fields keep what was typed and show the reason.
struct FormProblem {
    std::int64_t request_id = 0;
    std::string form;  // "approve"
    std::string field; // the field the message belongs to, "" for the whole form
    std::string message;
};

// What the forms of a request preselect: the groomer and service the customer chose, as option values ("anyone
// free" when the customer left the groomer to the salon).
std::string chosen_staff(const RequestDetails& r) {
    return r.chosen_staff_user_id ? std::to_string(*r.chosen_staff_user_id) : std::string(k_anyone_free);
}
std::string chosen_service(const RequestDetails& r) { return r.chosen_service_id ? std::to_string(*r.chosen_service_id) : ""; }

view::Data request_item(const Context& ctx, const view::DateFormatter& f, const RequestDetails& r) {
    view::Data item;
    put_text(item, "id", std::to_string(r.id));
    put_text(item, "customer", r.customer_name);
    put_text(item, "animal", r.animal_name);
    put_text(item, "when", f.date_time(r.starts_at));
    put_text(item, "until", f.time(r.ends_at));
    put_text(item, "received", f.date_time(r.created_at));
    view::set_text(item, "comments", r.comments);
    auto badge = view::request_badge(domain::parse_request_status(r.status));
    put_text(item, "status", ctx.t(badge.label_key));
    put_text(item, "status_class", badge.css);
    return item;
}

void show_inbox(Context& ctx, int status, const std::optional<FormProblem>& problem, const std::string& alert) {
    auto now = ctx.now();
    struct Lists {
        std::vector<RequestDetails> pending, decided;
        Choices choices;
    };
    auto lists = ctx.db->read([&](storage::ReadTx& db) {
        return Lists{storage::request_store::pending(db, k_list_limit),
                     storage::request_store::decided_since(db, now - std::chrono::days(30), k_list_limit), load_choices(db)};
    });
    auto f = dates(ctx, ctx.locale);
    auto pending = view::list(lists.pending.size());
    for (const auto& r : lists.pending) {
        auto item = request_item(ctx, f, r);
        bool failed = problem && problem->request_id == r.id;
        put_text(item, "approve_url", request_url(ctx, r.id, "approve"));
        put_text(item, "decline_url", request_url(ctx, r.id, "decline"));
        put_text(item, "reschedule_url", request_url(ctx, r.id, "reschedule"));
        bool approve_failed = failed && problem->form == "approve";
        put(item, "staff", staff_options(ctx, lists.choices, approve_failed ? ctx.form("staff_user_id") : chosen_staff(r)));
        put(item, "services", service_options(ctx, lists.choices, approve_failed ? ctx.form("service_id") : chosen_service(r)));
        if (failed) {
            if (problem->field.empty()) put_text(item, "form_error", problem->message);
            else put_text(item, problem->field + "_error", problem->message);
        }
        append(pending, std::move(item));
    }
    auto decided = view::list(lists.decided.size());
    for (const auto& r : lists.decided) {
        auto item = request_item(ctx, f, r);
        put_text(item, "decided_by", r.decided_by_name);
        put_text(item, "decided_at", f.date_time(r.decided_at.value_or(r.created_at)));
        view::set_text(item, "decision_message", r.decision_message);
        append(decided, std::move(item));
    }
    auto d = ctx.page_data(ctx.t("admin.requests.title"), "requests");
    put(d, "pending", std::move(pending));
    put(d, "has_pending", !lists.pending.empty());
    put(d, "decided", std::move(decided));
    put(d, "has_decided", !lists.decided.empty());
    add_change_requests(ctx, d);
    view::set_text(d, "alert", alert);
    if (status == 200)
        ctx.notice_from_done(d, {{"approved", "admin.requests.done.approved"},
                                 {"declined", "admin.requests.done.declined"},
                                 {"rescheduled", "admin.requests.done.rescheduled"},
                                 {"change_approved", "admin.changes.done.approved"},
                                 {"change_declined", "admin.changes.done.declined"},
                                 {"change_proposed", "admin.changes.done.proposed"}});
    ctx.render(status, "admin/request_inbox", std::move(d));
}

// Why the request's state refuses `action` now; nothing when it applies. The transaction that answers claims
// the request only while it is still pending, so a refusal that arises meanwhile is caught there too.
std::optional<domain::RequestRefusal> refusal(const Context& ctx, const RequestDetails& r, domain::RequestAction action) {
    return domain::request_refusal({domain::parse_request_status(r.status), r.starts_at}, action, ctx.now());
}

// The request of the route's {id}, or a 404 page (and nothing).
std::optional<RequestDetails> request_of_path(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<RequestDetails> r;
    if (id) r = ctx.db->read([&](storage::ReadTx& db) { return storage::request_store::find(db, *id); });
    if (!r) ctx.error_page(404, "error.not_found");
    return r;
}

// The form to book another time. `staff_conflict` is shown next to the groomer field (and above the form);
// a request no longer pending shows who answered it instead of the form.
void show_reschedule_form(Context& ctx, int status, const RequestDetails& r, const std::optional<domain::Error>& error,
                          const std::string& staff_conflict = "", bool still_pending = true) {
    auto choices = ctx.db->read([&](storage::ReadTx& db) { return load_choices(db); });
    auto f = dates(ctx, ctx.locale);
    auto d = ctx.page_data(ctx.t("admin.requests.reschedule.title"), "requests");
    put(d, "request", request_item(ctx, f, r));
    put_text(d, "action", request_url(ctx, r.id, "reschedule"));
    bool posted = ctx.req.method == "POST";
    put_text(d, "start", posted ? ctx.form("start") : f.input_value(r.starts_at));
    put_text(d, "end", posted ? ctx.form("end") : f.input_value(r.ends_at));
    put_text(d, "min", f.input_value(std::chrono::ceil<std::chrono::hours>(ctx.now())));
    put_text(d, "time_zone", ctx.salon.time_zone);
    put(d, "staff", staff_options(ctx, choices, posted ? ctx.form("staff_user_id") : chosen_staff(r)));
    put(d, "services", service_options(ctx, choices, posted ? ctx.form("service_id") : chosen_service(r)));
    view::set_text(d, "message", ctx.form("message"));
    if (still_pending && !refusal(ctx, r, domain::RequestAction::reschedule)) {
        put(d, "open", true);
    } else {
        put_text(d, "alert", already_handled_text(ctx, r.decided_by_name));
    }
    if (error) add_error(ctx, d, *error);
    if (!staff_conflict.empty()) {
        put_text(d, "alert", staff_conflict);
        put_text(d, "staff_user_id_error", staff_conflict);
    }
    ctx.render(status, "admin/request_reschedule", std::move(d));
}

}  // namespace

void show_request_inbox(Context& ctx, int status, const std::string& alert) { show_inbox(ctx, status, std::nullopt, alert); }

void admin_requests(Context& ctx) { show_inbox(ctx, 200, std::nullopt, ""); }

void admin_request_approve(Context& ctx) {
    auto r = request_of_path(ctx);
    if (!r) return;
    auto refused = refusal(ctx, *r, domain::RequestAction::approve);
    if (refused == domain::RequestRefusal::already_answered) return show_inbox(ctx, 409, std::nullopt, already_handled_text(ctx, r->decided_by_name));
    auto choices = ctx.db->read([&](storage::ReadTx& db) { return load_choices(db); });
    auto assignment = read_assignment(ctx, choices, *r);
    if (!assignment) {
        const auto& e = assignment.error();
        return show_inbox(ctx, 422, FormProblem{r->id, "approve", e.field, ctx.t(e.message_key)}, "");
    }
    // Shown on the request's form like a field error: the team answers it another way.
    if (refused == domain::RequestRefusal::time_passed)
        return show_inbox(ctx, 422, FormProblem{r->id, "approve", "", ctx.t("admin.requests.error.time_passed")}, "");
    auto booked = book(ctx, *r, "approved", r->starts_at, r->ends_at, assignment.value(), "");
    if (booked.outcome == Outcome::already_handled) return show_inbox(ctx, 409, std::nullopt, already_handled_text(ctx, booked.decided_by));
    if (booked.outcome == Outcome::archived) {
        auto text = archived_text(ctx, *r);
        return show_inbox(ctx, 409, FormProblem{r->id, "approve", "", text}, text);
    }
    if (booked.outcome == Outcome::overlap) {
        auto text = overlap_text(ctx, *r, assignment.value(), r->starts_at, r->ends_at);
        return show_inbox(ctx, 409, FormProblem{r->id, "approve", "staff_user_id", text}, text);
    }
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/admin/requests?done=approved");
}

namespace {
// The confirmation step of declining request `r`, with the message to the customer.
Confirmation decline_confirmation(Context& ctx, const RequestDetails& r, std::optional<domain::Error> error = std::nullopt) {
    auto c = decline_step(ctx, request_url(ctx, r.id, "decline"));
    c.title = ctx.t("admin.confirm.decline_request.title");
    c.consequence = domain::fill_placeholders(ctx.t("admin.confirm.decline_request.consequence"),
                                              {{"customer", r.customer_name}, {"animal", r.animal_name}, {"when", dates(ctx, ctx.locale).date_time(r.starts_at)}});
    c.detail = ctx.t("admin.confirm.decline_request.detail");
    c.error = std::move(error);
    return c;
}
}  // namespace

Confirmation decline_step(const Context& ctx, const std::string& action_url) {
    Confirmation c;
    c.action_url = action_url;
    c.confirm_label = ctx.t("admin.requests.decline.submit");
    c.back_url = ctx.base() + "/admin/requests";
    c.back_label = ctx.t("admin.confirm.back_to_inbox");
    c.nav_tab = "requests";
    c.text_field = "message";
    c.text_label = ctx.t("admin.requests.decline.message");
    c.text_value = ctx.form("message");
    return c;
}

void admin_request_decline_form(Context& ctx) {
    auto r = request_of_path(ctx);
    if (!r) return;
    if (refusal(ctx, *r, domain::RequestAction::decline)) return show_inbox(ctx, 409, std::nullopt, already_handled_text(ctx, r->decided_by_name));
    show_confirmation(ctx, 200, decline_confirmation(ctx, *r));
}

void admin_request_decline(Context& ctx) {
    auto r = request_of_path(ctx);
    if (!r) return;
    if (refusal(ctx, *r, domain::RequestAction::decline)) return show_inbox(ctx, 409, std::nullopt, already_handled_text(ctx, r->decided_by_name));
    if (!confirmed(ctx)) return show_confirmation(ctx, 200, decline_confirmation(ctx, *r));
    auto message = domain::trim(ctx.form("message"));
    if (confirmation_text_too_long(message))
        return show_confirmation(ctx, 422, decline_confirmation(ctx, *r, domain::Error{"message", "admin.requests.error.message_too_long"}));
    std::string decided_by;
    bool decided = ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::request_store::decide(db, r->id, "declined", ctx.session->user.id, ctx.now(), message)) {
            auto current = storage::request_store::find(db, r->id);
            decided_by = current ? current->decided_by_name : "";
            return false;
        }
        audit::record(db, ctx.session->user.id, "request_declined", audit::subject(audit::RecordKind::request, r->id), "", ctx.client_ip);
        enqueue_decline_email(db, ctx, *r, message);
        return true;
    });
    if (!decided) return show_inbox(ctx, 409, std::nullopt, already_handled_text(ctx, decided_by));
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/admin/requests?done=declined");
}

void admin_request_reschedule_form(Context& ctx) {
    auto r = request_of_path(ctx);
    if (!r) return;
    show_reschedule_form(ctx, 200, *r, std::nullopt, "");
}

void admin_request_reschedule(Context& ctx) {
    auto r = request_of_path(ctx);
    if (!r) return;
    if (refusal(ctx, *r, domain::RequestAction::reschedule)) return show_reschedule_form(ctx, 409, *r, std::nullopt);
    // The same rules as a customer's request: a real future time, end after start, at most 12 hours.
    auto slot = domain::check_request(ctx.form("start"), ctx.form("end"), ctx.form("message"), ctx.salon.time_zone, ctx.now());
    if (!slot) {
        auto e = slot.error();
        if (e.field == "comments") e = {"message", e.message_key == "error.comments_too_long" ? "admin.requests.error.message_too_long" : e.message_key};
        return show_reschedule_form(ctx, 422, *r, e, "");
    }
    auto choices = ctx.db->read([&](storage::ReadTx& db) { return load_choices(db); });
    auto assignment = read_assignment(ctx, choices, *r);
    if (!assignment) return show_reschedule_form(ctx, 422, *r, assignment.error(), "");
    const auto& s = slot.value();
    auto booked = book(ctx, *r, "rescheduled", s.starts_at, s.ends_at, assignment.value(), s.comments);
    if (booked.outcome == Outcome::already_handled) {
        r->decided_by_name = booked.decided_by;
        return show_reschedule_form(ctx, 409, *r, std::nullopt, "", false);
    }
    if (booked.outcome == Outcome::archived) return show_reschedule_form(ctx, 409, *r, std::nullopt, archived_text(ctx, *r));
    if (booked.outcome == Outcome::overlap)
        return show_reschedule_form(ctx, 409, *r, std::nullopt, overlap_text(ctx, *r, assignment.value(), s.starts_at, s.ends_at));
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/admin/requests?done=rescheduled");
}

}  // namespace salonbox::web
