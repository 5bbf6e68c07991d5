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
    view::Data list{view::Data::type::list};
    const auto& me = ctx.session->user;
    for (const auto& e : today.appointments) {
        const auto& a = e.appointment;
        view::Data item;
        const auto id = std::to_string(a.id);
        item.set("id", id);
        item.set("from", f.time(a.starts_at));
        item.set("to", f.time(a.ends_at));
        item.set("animal", e.animal_name);
        item.set("customer", e.customer_name);
        view::set_text(item, "service", e.service_name);
        view::set_text(item, "staff", e.staff_name);
        const auto status = domain::parse_appointment_status(a.status);
        auto badge = view::appointment_badge(status);
        item.set("status", ctx.t(badge.label_key));
        item.set("status_class", badge.css);
        auto arrived = today.arrivals.find(a.id);
        if (arrived != today.arrivals.end()) item.set("arrived", f.time(arrived->second));
        if (domain::may_change_appointment(me.role, me.id, a.staff_user_id)) {
            item.set("open_url", ctx.base() + "/admin/appointments/" + id + "/edit");
            if (domain::appointment_actions(status).has(domain::AppointmentAction::complete)) {
                item.set("complete_url", ctx.base() + "/admin/appointments/" + id + "/complete");
                // Check in first, then mark done: the next step of the visit is the prominent one.
                if (arrived == today.arrivals.end()) item.set("check_in_url", ctx.base() + "/admin/appointments/" + id + "/check-in");
            }
        }
        // Invoices are the managers' (and the cancelled appointment is not billed from here).
        if (manager && a.status != "cancelled") item.set("invoice_url", ctx.base() + "/admin/invoices/new?appointment=" + id);
        list.push_back(item);
    }
    return list;
}

view::Data request_items(const Context& ctx, const view::DateFormatter& f, const Today& today) {
    view::Data list{view::Data::type::list};
    for (std::size_t i = 0; i < today.requests.size(); ++i) {
        const auto& r = today.requests[i];
        const auto& service = today.request_services[i];
        view::Data item;
        const auto id = std::to_string(r.id);
        item.set("id", id);
        item.set("when", f.date_time(r.starts_at) + " – " + f.time(r.ends_at));
        item.set("animal", r.animal_name);
        item.set("customer", r.customer_name);
        item.set("approve_url", ctx.base() + "/admin/requests/" + id + "/approve");
        item.set("decline_url", ctx.base() + "/admin/requests/" + id + "/decline");
        if (service) item.set("service_id", std::to_string(service->service_id));
        view::Data staff{view::Data::type::list};
        for (const auto& s : today.staff) {
            view::Data o;
            o.set("id", std::to_string(s.id));
            o.set("name", s.name);
            o.set("selected", service && service->staff_user_id == s.id);
            staff.push_back(o);
        }
        item.set("staff", staff);
        // Anyone free is preselected when the customer left the groomer to the salon, as in the inbox.
        item.set("anyone", !service || !service->staff_user_id);
        list.push_back(item);
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
    d.set("today", f.long_date(now));
    d.set("calendar_url", ctx.base() + "/admin/appointments?date=" + domain::format_day(day) + "&view=day");
    d.set("week_url", ctx.base() + "/admin/appointments?date=" + domain::format_day(day) + "&view=week");
    d.set("appointments", appointment_items(ctx, f, today, manager));
    d.set("has_appointments", !today.appointments.empty());
    d.set("appointment_count", std::to_string(today.appointments.size()));
    d.set("customer_count", std::to_string(today.customers));
    d.set("upcoming_count", std::to_string(today.upcoming));
    // Managers and owners answer requests, bill, and get mail and backups set up; staff would only be worried by it.
    if (manager) {
        d.set("manager_view", true);
        d.set("pending_count", std::to_string(today.pending));
        d.set("requests", request_items(ctx, f, today));
        d.set("has_requests", !today.requests.empty());
        d.set("more_requests", today.pending > static_cast<int>(today.requests.size()));
        d.set("unpaid_count", std::to_string(today.unpaid.count));
        d.set("unpaid_total", view::format_money(today.unpaid.due_minor, ctx.salon.currency, ctx.locale));
        d.set("unpaid_url", ctx.base() + "/admin/invoices?status=unpaid");
        if (today.unpaid.oldest) {
            const auto& oldest = *today.unpaid.oldest;
            d.set("oldest_url", ctx.base() + "/admin/invoices/" + std::to_string(oldest.id));
            d.set("oldest_number", oldest.number);
            d.set("oldest_customer", oldest.customer_name);
            d.set("oldest_due", view::format_money(oldest.due_minor, oldest.currency, ctx.locale));
            d.set("oldest_date", f.medium_date(oldest.date));
        }
        if (ctx.services.mail_delivery == MailDelivery::outbox_only) d.set("mail_notice", ctx.t("admin.dashboard.mail_not_set_up"));
        if (ctx.services.mail_delivery == MailDelivery::console) d.set("mail_notice", ctx.t("admin.dashboard.mail_console"));
        if (today.last_backup) d.set("last_backup", f.date_time(*today.last_backup));
        if (!today.last_backup || now - *today.last_backup > k_backup_overdue)
            d.set("backup_notice", ctx.t(today.last_backup ? "admin.dashboard.backup_overdue" : "admin.dashboard.backup_never"));
    }
    ctx.render(200, "admin/dashboard", std::move(d));
}

}  // namespace salonbox::web
