// The admin panel's home, the front desk's "today": today's appointments with their actions, the requests
// waiting for an answer, what customers owe, and the salon's health (backups, mail). Each count links to
// where it is handled, and each person sees only what their role lets them open.
#include "domain/appointment_rules.h"
#include "domain/appointment_state.h"
#include "domain/roles.h"
#include "storage/appointment_store.h"
#include "storage/backup_record_store.h"
#include "storage/booking_store.h"
#include "storage/check_in_store.h"
#include "storage/change_request_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/request_store.h"
#include "view/format.h"
#include "view/status_badges.h"
#include "web/handlers.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace {
// Older than this, the dashboard warns that the salon is not being backed up (the timer runs daily).
constexpr auto k_backup_overdue = std::chrono::hours(48);
// Requests answered from the dashboard; the inbox holds the rest.
constexpr int k_requests_shown = 5;

struct Today {
    int customers = 0, upcoming = 0, pending = 0;
    std::optional<domain::Instant> last_backup;
    std::vector<storage::CalendarEntry> appointments;
    std::map<std::int64_t, domain::Instant> arrivals;  // by appointment id
    std::vector<storage::RequestDetails> requests;
    std::vector<std::optional<storage::booking_store::RequestService>> request_services;  // one per request
    std::vector<storage::Choice> staff;
    storage::invoice_store::UnpaidSummary unpaid;
};

view::Data appointment_items(const Context& ctx, const view::DateFormatter& f, const Today& today, bool manager) {
    auto list = view::list(today.appointments.size());
    const auto& me = ctx.session->user;
    for (const auto& e : today.appointments) {
        const auto& a = e.appointment;
        view::Data item;
        const auto id = std::to_string(a.id);
        put_text(item, "id", id);
        put_text(item, "from", f.time(a.starts_at));
        put_text(item, "to", f.time(a.ends_at));
        put_text(item, "animal", e.animal_name);
        put_text(item, "customer", e.customer_name);
        view::set_text(item, "service", e.service_name);
        view::set_text(item, "staff", e.staff_name);
        const auto status = domain::parse_appointment_status(a.status);
        auto badge = view::appointment_badge(status);
        put_text(item, "status", ctx.t(badge.label_key));
        put_text(item, "status_class", badge.css);
        auto arrived = today.arrivals.find(a.id);
        if (arrived != today.arrivals.end()) put_text(item, "arrived", f.time(arrived->second));
        if (domain::may_change_appointment(me.role, me.id, a.staff_user_id)) {
            put_text(item, "open_url", ctx.base() + "/admin/appointments/" + id + "/edit");
            if (domain::appointment_actions(status).has(domain::AppointmentAction::complete)) {
                put_text(item, "complete_url", ctx.base() + "/admin/appointments/" + id + "/complete");
                // Check in first, then mark done: the next step of the visit is the prominent one.
                if (arrived == today.arrivals.end()) put_text(item, "check_in_url", ctx.base() + "/admin/appointments/" + id + "/check-in");
            }
        }
        // Invoices are the managers' (and the cancelled appointment is not billed from here).
        if (manager && a.status != "cancelled") put_text(item, "invoice_url", ctx.base() + "/admin/invoices/new?appointment=" + id);
        append(list, std::move(item));
    }
    return list;
}

view::Data request_items(const Context& ctx, const view::DateFormatter& f, const Today& today) {
    auto list = view::list(today.requests.size());
    for (std::size_t i = 0; i < today.requests.size(); ++i) {
        const auto& r = today.requests[i];
        const auto& service = today.request_services[i];
        view::Data item;
        const auto id = std::to_string(r.id);
        put_text(item, "id", id);
        put_text(item, "when", f.date_time(r.starts_at) + " – " + f.time(r.ends_at));
        put_text(item, "animal", r.animal_name);
        put_text(item, "customer", r.customer_name);
        put_text(item, "approve_url", ctx.base() + "/admin/requests/" + id + "/approve");
        put_text(item, "decline_url", ctx.base() + "/admin/requests/" + id + "/decline");
        if (service) put_text(item, "service_id", std::to_string(service->service_id));
        auto staff = view::list(today.staff.size());
        for (const auto& s : today.staff) {
            view::Data o;
            put_text(o, "id", std::to_string(s.id));
            put_text(o, "name", s.name);
            put(o, "selected", service && service->staff_user_id == s.id);
            append(staff, std::move(o));
        }
        put(item, "staff", std::move(staff));
        // Anyone free is preselected when the customer left the groomer to the salon, as in the inbox.
        put(item, "anyone", !service || !service->staff_user_id);
        append(list, std::move(item));
    }
    return list;
}
}  // namespace

void admin_dashboard(Context& ctx) {
    const auto& me = ctx.session->user;
    const bool manager = domain::is_manager(me.role);
    const auto& zone = ctx.salon.time_zone;
    const auto now = ctx.now();
    const auto day = domain::day_of(now, zone);
    auto today = ctx.db->read([&](storage::ReadTx& db) {
        Today t;
        t.customers = storage::customer_store::count_active(db);
        t.upcoming = storage::appointment_store::count_upcoming(db, now);
        // A groomer's day is their own appointments; the managers run everyone's.
        std::optional<std::int64_t> whose = manager ? std::nullopt : std::optional<std::int64_t>{me.id};
        t.appointments = storage::appointment_store::calendar(db, domain::start_of_day(day, zone), domain::start_of_day(domain::add_days(day, 1), zone), whose);
        std::vector<std::int64_t> ids;
        for (const auto& e : t.appointments) ids.push_back(e.appointment.id);
        t.arrivals = storage::check_in_store::arrivals(db, ids);
        if (manager) {
            t.last_backup = storage::backup_record_store::last_taken(db);
            t.pending = storage::request_store::count_pending(db) + storage::change_request_store::count_pending(db);
            t.requests = storage::request_store::pending(db, k_requests_shown);
            for (const auto& r : t.requests) t.request_services.push_back(storage::booking_store::request_service(db, r.id));
            t.staff = storage::request_store::active_staff(db);
            t.unpaid = storage::invoice_store::unpaid_summary(db);
        }
        return t;
    });
    // Only what happens today and is still on: cancelled ones are in the calendar.
    std::erase_if(today.appointments, [&](const storage::CalendarEntry& e) {
        return e.appointment.status == "cancelled" || domain::day_of(e.appointment.starts_at, zone) != day;
    });

    view::DateFormatter f(ctx.services.catalogs, ctx.locale, zone);
    auto d = ctx.page_data(ctx.t("admin.dashboard.title"), "dashboard");
    ctx.notice_from_done(d, {{"checked_in", "admin.dashboard.checked_in"}});
    put_text(d, "today", f.long_date(now));
    put_text(d, "calendar_url", ctx.base() + "/admin/appointments?date=" + domain::format_day(day) + "&view=day");
    put_text(d, "week_url", ctx.base() + "/admin/appointments?date=" + domain::format_day(day) + "&view=week");
    put(d, "appointments", appointment_items(ctx, f, today, manager));
    put(d, "has_appointments", !today.appointments.empty());
    put_text(d, "appointment_count", std::to_string(today.appointments.size()));
    put_text(d, "customer_count", std::to_string(today.customers));
    put_text(d, "upcoming_count", std::to_string(today.upcoming));
    // Managers and owners answer requests, bill, and get mail and backups set up; staff would only be worried by it.
    if (manager) {
        put(d, "manager_view", true);
        put_text(d, "pending_count", std::to_string(today.pending));
        put(d, "requests", request_items(ctx, f, today));
        put(d, "has_requests", !today.requests.empty());
        put(d, "more_requests", today.pending > static_cast<int>(today.requests.size()));
        put_text(d, "unpaid_count", std::to_string(today.unpaid.count));
        put_text(d, "unpaid_total", view::format_money(today.unpaid.due_minor, ctx.salon.currency, ctx.locale));
        put_text(d, "unpaid_url", ctx.base() + "/admin/invoices?status=unpaid");
        if (today.unpaid.oldest) {
            const auto& oldest = *today.unpaid.oldest;
            put_text(d, "oldest_url", ctx.base() + "/admin/invoices/" + std::to_string(oldest.id));
            put_text(d, "oldest_number", oldest.number);
            put_text(d, "oldest_customer", oldest.customer_name);
            put_text(d, "oldest_due", view::format_money(oldest.due_minor, oldest.currency, ctx.locale));
            put_text(d, "oldest_date", f.medium_date(oldest.date));
        }
        if (ctx.services.mail_delivery == MailDelivery::outbox_only) put_text(d, "mail_notice", ctx.t("admin.dashboard.mail_not_set_up"));
        if (ctx.services.mail_delivery == MailDelivery::console) put_text(d, "mail_notice", ctx.t("admin.dashboard.mail_console"));
        if (today.last_backup) put_text(d, "last_backup", f.date_time(*today.last_backup));
        if (!today.last_backup || now - *today.last_backup > k_backup_overdue)
            put_text(d, "backup_notice", ctx.t(today.last_backup ? "admin.dashboard.backup_overdue" : "admin.dashboard.backup_never"));
    }
    ctx.render(200, "admin/dashboard", std::move(d));
}

}  // namespace salonbox::web
