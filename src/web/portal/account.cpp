// The customer's own pages: overview, animals, appointments (and requesting one), invoices, receipts and their PDFs.
#include "domain/availability.h"
#include "domain/booking.h"
#include "domain/packages.h"
#include "domain/request_limits.h"
#include "domain/text.h"
#include "storage/booking_store.h"
#include "storage/invoice_store.h"
#include "storage/notification_store.h"
#include "storage/portal_store.h"
#include "storage/receipt_store.h"
#include "storage/service_store.h"
#include "view/format.h"
#include "view/status_badges.h"
#include "web/emails.h"
#include "web/handlers.h"
#include "web/invoice_pdf.h"
#include "web/list_pages.h"
#include "web/portal/change_actions.h"
#include "web/portal/package_items.h"
#include "web/portal/request_sending.h"
#include "web/portal/typed_text.h"

#include <charconv>

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace {
constexpr int k_past_per_page = 20;
constexpr int k_invoices_per_page = 25;
constexpr int k_receipts_per_page = 25;

std::int64_t customer_of(const Context& ctx) { return ctx.session->user.customer_id.value_or(-1); }

view::DateFormatter dates(const Context& ctx) { return view::DateFormatter(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone); }

view::Data portal_page(const Context& ctx, const std::string& title_key, const std::string& section) {
    auto d = ctx.page_data(ctx.t(title_key), section);
    put(d, "portal_nav", true);
    return d;
}

// The rows are moved from: their texts go into the page without a copy.
view::Data appointment_item(const Context& ctx, const view::DateFormatter& f, storage::portal_store::AppointmentRow& a) {
    view::Data item;
    put_text(item, "when", f.date_time(a.starts_at));
    put_text(item, "until", f.time(a.ends_at));
    put_text(item, "animal", std::move(a.animal_name));
    view::set_text(item, "service", std::move(a.service));
    view::set_text(item, "comments", std::move(a.comments));
    if (!a.staff_name.empty()) put_text(item, "staff", domain::fill_placeholders(ctx.t("portal.appointment.with"), {{"groomer", a.staff_name}}));
    put_text(item, "status", ctx.t(view::appointment_badge(domain::parse_appointment_status(a.status)).label_key));
    if (a.bookable_service_id)
        put_text(item, "rebook_url", ctx.base() + "/book?service=" + std::to_string(*a.bookable_service_id) + "&animal=" + std::to_string(a.animal_id));
    return item;
}

}  // namespace

void portal_overview(Context& ctx) {
    auto customer = customer_of(ctx);
    auto now = ctx.now();
    auto [upcoming, pending, due, changes] = ctx.db->read([&](storage::ReadTx& db) {
        return std::tuple{storage::portal_store::upcoming_appointments(db, customer, now, ctx.locale), storage::portal_store::recent_requests(db, customer, now),
                          storage::portal_store::amount_due(db, customer), load_customer_changes(db, customer, now)};
    });
    auto [packages, credit_balance, movements] = ctx.db->read([&](storage::ReadTx& db) {
        return std::tuple{storage::package_store::of_customer(db, customer), storage::credit_store::balance(db, customer),
                          storage::credit_store::entries(db, customer, 3)};
    });
    auto f = dates(ctx);
    auto d = portal_page(ctx, "portal.overview.title", "overview");
    put_text(d, "first_name", ctx.session->user.display_name.substr(0, ctx.session->user.display_name.find(' ')));
    if (!upcoming.empty()) {
        auto next = appointment_item(ctx, f, upcoming.front());
        add_change_actions(ctx, next, upcoming.front(), changes);
        view::set_text(next, "salon_address", ctx.salon.address);
        put(d, "next", std::move(next));
    }
    int open_requests = 0;
    for (const auto& r : pending) open_requests += domain::parse_request_status(r.status) == domain::RequestStatus::pending;
    std::string currency = ctx.salon.currency;
    put_text(d, "open_requests", std::to_string(open_requests));
    put(d, "has_open_requests", open_requests > 0);
    put_text(d, "amount_due", view::format_money(due, currency, ctx.locale));
    put(d, "has_amount_due", due > 0);

    // Account credit and active packages at a glance; the packages page has the rest.
    put_text(d, "credit_balance", view::format_money(credit_balance, currency, ctx.locale));
    auto recent = view::list(movements.size());
    for (const auto& e : movements) append(recent, portal_items::credit_item(ctx, f, e));
    put(d, "credit_movements", std::move(recent));
    put(d, "has_credit_movements", !movements.empty());
    auto today = domain::day_of(now, ctx.salon.time_zone);
    auto active = view::list(packages.size());
    bool has_active = false;
    for (auto it = packages.rbegin(); it != packages.rend(); ++it) {
        if (domain::package_state(it->sessions, it->used, it->expires_on, today) != domain::PackageState::active) continue;
        append(active, portal_items::package_item(ctx, f, *it));
        has_active = true;
    }
    put(d, "active_packages", std::move(active));
    put(d, "has_active_packages", has_active);
    ctx.render(200, "portal/overview", std::move(d));
}

void portal_animals(Context& ctx) {
    auto animals = ctx.db->read([&](storage::ReadTx& db) { return storage::portal_store::animals(db, customer_of(ctx), ctx.locale, ctx.now()); });
    auto list = view::list(animals.size());
    for (auto& a : animals) {
        view::Data item;
        put_text(item, "name", std::move(a.name));
        put_text(item, "species", std::move(a.species));
        view::set_text(item, "breed", std::move(a.breed));
        view::set_text(item, "breed_detail", std::move(a.breed_detail));
        put_text(item, "visits", std::to_string(a.past_appointments));
        append(list, std::move(item));
    }
    auto d = portal_page(ctx, "portal.animals.title", "animals");
    put(d, "animals", std::move(list));
    put(d, "has_animals", !animals.empty());
    ctx.render(200, "portal/animals", std::move(d));
}

void portal_appointments(Context& ctx) {
    auto customer = customer_of(ctx);
    auto now = ctx.now();
    const int page = page_number(ctx);
    auto [upcoming, past, requests, changes] = ctx.db->read([&](storage::ReadTx& db) {
        return std::tuple{storage::portal_store::upcoming_appointments(db, customer, now, ctx.locale),
                          storage::portal_store::past_appointments(db, customer, now, ctx.locale, page_offset(page, k_past_per_page), k_past_per_page),
                          storage::portal_store::recent_requests(db, customer, now), load_customer_changes(db, customer, now)};
    });
    auto f = dates(ctx);
    auto request_list = view::list(requests.size());
    for (auto& r : requests) {
        view::Data item;
        put_text(item, "when", f.date_time(r.starts_at));
        put_text(item, "until", f.time(r.ends_at));
        put_text(item, "animal", std::move(r.animal_name));
        view::set_text(item, "comments", std::move(r.comments));
        auto badge = view::request_badge(domain::parse_request_status(r.status));
        put_text(item, "status", ctx.t(badge.label_key));
        put_text(item, "status_class", std::move(badge.css));
        view::set_text(item, "decision_message", std::move(r.decision_message));
        append(request_list, std::move(item));
    }
    auto d = portal_page(ctx, "portal.appointments.title", "appointments");
    auto upcoming_list = view::list(upcoming.size());
    for (auto& a : upcoming) {
        auto item = appointment_item(ctx, f, a);
        add_change_actions(ctx, item, a, changes);
        append(upcoming_list, std::move(item));
    }
    put(d, "upcoming", std::move(upcoming_list));
    put(d, "has_upcoming", !upcoming.empty());
    auto past_list = view::list(past.rows.size());
    for (auto& a : past.rows) append(past_list, appointment_item(ctx, f, a));
    put(d, "past", std::move(past_list));
    put(d, "has_past", !past.rows.empty());
    add_newer_older(d, ctx.base() + "/account/appointments?", page, past.more);
    put(d, "requests", std::move(request_list));
    put(d, "has_requests", !requests.empty());
    ctx.notice_from_done(d, {{"requested", "portal.request.sent"},
                             {"booked", "booking.booked"},
                             {"cancel_asked", "portal.changes.done.cancel_asked"},
                             {"reschedule_asked", "portal.changes.done.reschedule_asked"},
                             {"cancelled", "portal.changes.done.cancelled"},
                             {"rescheduled", "portal.changes.done.rescheduled"},
                             {"withdrawn", "portal.changes.done.withdrawn"},
                             {"proposal_declined", "portal.changes.done.proposal_declined"}});
    ctx.render(200, "portal/appointments", std::move(d));
}

namespace {
// Requests this customer has waiting and sent in the last day, as the limits of domain/request_limits.h count them.
domain::RequestCounts request_counts(storage::ReadTx& db, const Context& ctx) {
    return storage::portal_store::request_counts(db, customer_of(ctx), ctx.now() - std::chrono::hours(24));
}

void show_request_form(Context& ctx, int status, const std::optional<domain::Error>& error, std::optional<std::string> limit_key = {}) {
    auto now = ctx.now();
    auto [animals, services, policy] = ctx.db->read([&](storage::ReadTx& db) {
        return std::tuple{storage::portal_store::animals(db, customer_of(ctx), ctx.locale, now), storage::service_store::list_active(db, ctx.locale),
                          storage::booking_store::load_policy(db)};
    });
    // What was chosen: the posted form, else the query string of the "free times" step (a GET, no script needed).
    auto value = [&](const std::string& name) { return ctx.has_form(name) ? ctx.form(name) : ctx.query(name); };
    auto chosen = value("animal_id");
    view::Data list{view::Data::type::list};
    for (const auto& a : animals) {
        view::Data item;
        item.set("id", std::to_string(a.id));
        item.set("name", a.name);
        item.set("selected", std::to_string(a.id) == chosen);
        list.push_back(item);
    }
    auto d = portal_page(ctx, "portal.request.title", "appointments");
    d.set("animals", list);
    d.set("has_animals", !animals.empty());
    auto service_id = parse_id(value("service_id"));
    view::Data service_list{view::Data::type::list};
    const storage::Service* service = nullptr;
    for (const auto& s : services) {
        view::Data item;
        item.set("id", std::to_string(s.id));
        item.set("name", domain::fill_placeholders(ctx.t("portal.request.service_option"), {{"name", s.name}, {"minutes", std::to_string(s.duration_minutes)}}));
        item.set("selected", service_id && *service_id == s.id);
        if (service_id && *service_id == s.id) service = &s;
        service_list.push_back(item);
    }
    d.set("services", service_list);
    // Without free-form requests a service is needed (its free times are the only ones taken).
    d.set("free_form", policy.requests_outside_slots);
    d.set("has_services", !services.empty());
    d.set("start", value("start"));
    d.set("end", value("end"));
    d.set("comments", typed_text(ctx.form("comments")));
    auto f = dates(ctx);
    // The free times of the chosen service and day, each filling start and end.
    auto day = domain::parse_local_date(value("date"));
    if (!day)
        if (auto start = domain::parse_local_datetime(value("start"))) day = domain::LocalDate{start->year, start->month, start->day};
    d.set("date", day ? domain::format_local_date(*day) : std::string{});
    if (service && day) {
        auto starts = ctx.db->read([&](storage::ReadTx& db) { return storage::booking_store::free_starts(db, ctx.salon.time_zone, service->id, *day, now); });
        view::Data times{view::Data::type::list};
        for (const auto& s : starts) {
            view::Data item;
            auto end = domain::to_local(s.starts_at + std::chrono::minutes(service->duration_minutes), ctx.salon.time_zone);
            item.set("label", f.time(s.starts_at));
            item.set("url", ctx.base() + "/account/appointments/new?service_id=" + std::to_string(service->id) + "&date=" + domain::format_local_date(*day) +
                                "&start=" + domain::format_local_datetime(s.local) + "&end=" + domain::format_local_datetime(end) +
                                (chosen.empty() ? "" : "&animal_id=" + url_encode(chosen)));
            times.push_back(item);
        }
        d.set("free_times_shown", true);
        d.set("free_times", times);
        d.set("has_free_times", !starts.empty());
    }
    // The earliest time the picker offers: the next full hour, salon time.
    d.set("min", f.input_value(std::chrono::ceil<std::chrono::hours>(now)));
    d.set("time_zone", ctx.salon.time_zone);
    if (error) add_error(ctx, d, *error);
    if (!limit_key) limit_key = ctx.db->read([&](storage::ReadTx& db) { return domain::request_limit_reached(request_counts(db, ctx)); });
    if (limit_key) {
        d.set(*limit_key == "error.request_limit_open" ? "limit_open" : "limit_day", true);
        d.set("limit", std::to_string(*limit_key == "error.request_limit_open" ? domain::k_max_open_requests : domain::k_max_requests_per_day));
    }
    ctx.render(status, "portal/request_new", std::move(d));
}
}  // namespace

SentRequest send_request(storage::WriteTx& db, const Context& ctx, const storage::AppointmentRequest& request) {
    SentRequest sent;
    if (auto same = storage::portal_store::pending_request_like(db, customer_of(ctx), request)) {
        sent.id = *same;
        sent.repeated = true;
        return sent;
    }
    sent.limit_key = domain::request_limit_reached(request_counts(db, ctx));
    if (sent.limit_key) return sent;
    sent.id = storage::portal_store::add_request(db, customer_of(ctx), request);
    if (sent.id == 0) return sent;
    // Owners and managers hear of it in the salon's language, with a link to the inbox.
    auto details = storage::request_store::find(db, sent.id);
    view::DateFormatter f(ctx.services.catalogs, ctx.salon.locale, ctx.salon.time_zone);
    auto message = domain::fill_placeholders(ctx.services.catalogs.text(ctx.salon.locale, "admin.requests.notify.new"),
                                             {{"customer", details->customer_name}, {"animal", details->animal_name}, {"when", f.date_time(details->starts_at)}});
    storage::notification_store::add_for_managers(db, std::nullopt, "request", message, ctx.base() + "/admin/requests");
    // And the customer has it in writing.
    email_request_received(db, ctx.services, ctx.salon, sent.id);
    return sent;
}

void portal_request_form(Context& ctx) { show_request_form(ctx, 200, std::nullopt); }

void portal_request_submit(Context& ctx) {
    auto animal_id = parse_id(ctx.form("animal_id"));
    if (!animal_id) return show_request_form(ctx, 422, domain::Error{"animal_id", "error.animal_unknown"});
    auto slot = domain::check_request(ctx.form("start"), ctx.form("end"), typed_text(ctx.form("comments")), ctx.salon.time_zone, ctx.now());
    if (!slot) return show_request_form(ctx, 422, slot.error());
    std::optional<std::int64_t> service_id;
    if (!domain::trim(ctx.form("service_id")).empty()) {
        service_id = parse_id(domain::trim(ctx.form("service_id")));
        auto service = service_id ? ctx.db->read([&](storage::ReadTx& db) { return storage::service_store::find(db, *service_id); }) : std::nullopt;
        if (!service || !service->active) return show_request_form(ctx, 422, domain::Error{"service_id", "booking.error.service_unknown"});
    }
    // A salon that takes requests only at its free times refuses any other time, with the reason, and the form
    // shows the free times of that day again.
    auto [policy, service] = ctx.db->read([&](storage::ReadTx& db) {
        return std::pair{storage::booking_store::load_policy(db), service_id ? storage::service_store::find(db, *service_id) : std::nullopt};
    });
    if (!policy.requests_outside_slots) {
        if (!service) return show_request_form(ctx, 422, domain::Error{"service_id", "portal.request.error.service_needed"});
        auto refusal = ctx.db->read([&](storage::ReadTx& db) {
            return storage::booking_store::why_not_offered(db, ctx.salon.time_zone, *service, std::nullopt, ctx.now(), slot.value().starts_at);
        });
        if (refusal == domain::Refusal::taken) return show_request_form(ctx, 422, domain::Error{"start", "portal.request.error.not_free"});
        if (refusal != domain::Refusal::none) return show_request_form(ctx, 422, domain::Error{"start", domain::refusal_message_key(refusal)});
        if (slot.value().ends_at != slot.value().starts_at + std::chrono::minutes(service->duration_minutes))
            return show_request_form(ctx, 422, domain::Error{"end", "portal.request.error.end_of_slot"});
    }
    storage::AppointmentRequest request;
    request.animal_id = *animal_id;
    request.starts_at = slot.value().starts_at;
    request.ends_at = slot.value().ends_at;
    request.comments = slot.value().comments;
    auto sent = ctx.db->write([&](storage::WriteTx& db) {
        auto result = send_request(db, ctx, request);
        if (result.id != 0 && !result.repeated && service_id) storage::booking_store::set_request_service(db, result.id, *service_id, std::nullopt);
        return result;
    });
    if (sent.limit_key) return show_request_form(ctx, 429, std::nullopt, sent.limit_key);
    if (sent.id == 0) return show_request_form(ctx, 422, domain::Error{"animal_id", "error.animal_unknown"});
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/account/appointments?done=requested");
}

void portal_invoices(Context& ctx) {
    const int page = page_number(ctx);
    auto found = ctx.db->read([&](storage::ReadTx& db) {
        return storage::portal_store::invoices(db, customer_of(ctx), page_offset(page, k_invoices_per_page), k_invoices_per_page);
    });
    const auto& invoices = found.rows;
    auto f = dates(ctx);
    auto list = view::list(invoices.size());
    for (const auto& i : invoices) {
        view::Data item;
        put(item, "number", i.number);
        put_text(item, "date", f.short_date(i.issued_at));
        put_text(item, "total", view::format_money(i.total_minor, i.currency, ctx.locale));
        auto badge = view::invoice_badge(i.status, view::Reader::customer);
        put_text(item, "status", ctx.t(badge.label_key));
        put_text(item, "status_class", std::move(badge.css));
        put(item, "credit_note", i.credit_note);
        put_text(item, "pdf_url", ctx.base() + "/account/invoices/" + std::to_string(i.id) + "/pdf");
        append(list, std::move(item));
    }
    auto d = portal_page(ctx, "portal.invoices.title", "invoices");
    put(d, "invoices", std::move(list));
    put(d, "has_invoices", !invoices.empty());
    add_newer_older(d, ctx.base() + "/account/invoices?", page, found.more);
    ctx.render(200, "portal/invoices", std::move(d));
}

void portal_invoice_pdf(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<storage::InvoiceDocument> invoice;
    int due_days = 0;
    if (id) ctx.db->read([&](storage::ReadTx& db) {
        invoice = storage::invoice_store::load(db, *id, customer_of(ctx));
        due_days = storage::invoice_store::payment_due_days(db);
    });
    if (!invoice) return ctx.error_page(404, "error.not_found");
    send_invoice_pdf(ctx, *invoice, due_days);
}

void portal_receipts(Context& ctx) {
    const int page = page_number(ctx);
    auto found = ctx.db->read([&](storage::ReadTx& db) {
        return storage::receipt_store::list(db, customer_of(ctx), ctx.now(), ctx.locale, page_offset(page, k_receipts_per_page), k_receipts_per_page);
    });
    const auto& receipts = found.rows;
    auto f = dates(ctx);
    auto list = view::list(receipts.size());
    for (const auto& r : receipts) {
        view::Data item;
        put_text(item, "when", f.date_time(r.starts_at));
        put(item, "animal", r.animal_name);
        view::set_text(item, "service", r.service);
        view::set_text(item, "invoice_number", r.invoice_number);
        put_text(item, "pdf_url", ctx.base() + "/account/appointments/" + std::to_string(r.appointment_id) + "/receipt");
        append(list, std::move(item));
    }
    auto d = portal_page(ctx, "portal.receipts.title", "receipts");
    put(d, "receipts", std::move(list));
    put(d, "has_receipts", !receipts.empty());
    add_newer_older(d, ctx.base() + "/account/receipts?", page, found.more);
    ctx.render(200, "portal/receipts", std::move(d));
}

void portal_receipt_pdf(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<storage::receipt_store::Receipt> receipt;
    // Scoped to the signed-in customer in the query itself: another customer's receipt is not found.
    if (id) receipt = ctx.db->read([&](storage::ReadTx& db) { return storage::receipt_store::load(db, *id, customer_of(ctx), ctx.now()); });
    if (!receipt) return ctx.error_page(404, "error.not_found");
    send_receipt_pdf(ctx, *receipt);
}

}  // namespace salonbox::web
