// The admin calendar: day and week views by staff member; creating, editing, cancelling and completing
// appointments, and their receipts. Staff members see everything but change only their own appointments.
#include "domain/appointment_rules.h"
#include "domain/appointment_state.h"
#include "domain/text.h"
#include "domain/day_grid.h"
#include "domain/time_zone.h"
#include "storage/appointment_store.h"
#include "storage/audit_store.h"
#include "storage/booking_store.h"
#include "storage/check_in_store.h"
#include "storage/receipt_store.h"
#include "storage/package_store.h"
#include "storage/service_store.h"
#include "storage/user_store.h"
#include "view/format.h"
#include "view/status_badges.h"
#include "web/confirmation.h"
#include "web/emails.h"
#include "web/handlers.h"
#include "web/invoice_pdf.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <map>

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace audit = storage::audit_store;

namespace {
// The team member choice that lets the slot placement pick a free groomer.
constexpr std::string_view k_anyone = "any";

view::DateFormatter dates(const Context& ctx) { return view::DateFormatter(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone); }

std::string staff_name(const storage::User& u) { return u.display_name.empty() ? u.email : u.display_name; }

// A catalog text with its {{variable}} filled in (the page escapes the result like any other value).
std::string fill(std::string text, const std::string& variable, const std::string& value) {
    const std::string key = "{{" + variable + "}}";
    if (auto pos = text.find(key); pos != std::string::npos) text.replace(pos, key.size(), value);
    return text;
}

bool may_change(const Context& ctx, const storage::Appointment& a) {
    return domain::may_change_appointment(ctx.session->user.role, ctx.session->user.id, a.staff_user_id);
}

// Staff members book only for themselves: whatever the form says, their appointments are theirs.
bool books_for_self_only(const Context& ctx) { return !domain::is_manager(ctx.session->user.role); }

std::string calendar_url(const Context& ctx, const domain::Day& day, const std::string& extra = "") {
    return ctx.base() + "/admin/appointments?date=" + domain::format_day(day) + extra;
}

void set_status(const Context& ctx, view::Data& d, const storage::Appointment& a) {
    auto badge = view::appointment_badge(domain::parse_appointment_status(a.status));
    put_text(d, "status", ctx.t(badge.label_key));
    put_text(d, "status_class", badge.css);
}

view::Data entry_item(const Context& ctx, const view::DateFormatter& f, const storage::CalendarEntry& e, bool with_staff) {
    const auto& a = e.appointment;
    view::Data item;
    put_text(item, "id", std::to_string(a.id));
    put_text(item, "from", f.time(a.starts_at));
    put_text(item, "to", f.time(a.ends_at));
    put_text(item, "animal", e.animal_name);
    put_text(item, "customer", e.customer_name);
    view::set_text(item, "service", e.service_name);
    if (with_staff) view::set_text(item, "staff", e.staff_name);
    set_status(ctx, item, a);
    view::set_text(item, "comments", a.comments);
    view::set_text(item, "internal_notes", a.internal_notes);
    if (may_change(ctx, a)) put_text(item, "edit_url", ctx.base() + "/admin/appointments/" + std::to_string(a.id) + "/edit");
    return item;
}

view::Data entry_list(const Context& ctx, const view::DateFormatter& f, const std::vector<const storage::CalendarEntry*>& entries,
                      bool with_staff) {
    auto list = view::list(entries.size());
    for (const auto* e : entries) append(list, entry_item(ctx, f, *e, with_staff));
    return list;
}
}  // namespace

namespace {
// Where the day grid puts things: rows and spans are CSS classes (the CSP allows no inline styles), and the
// stylesheet defines them for every row of a whole day.
std::string placement(const domain::GridSpan& span, int from_minute, int to_minute) {
    int first = span.row_of(from_minute);
    int rows = std::max(1, (std::min(to_minute, span.end_minute) - std::max(from_minute, span.first_minute) + domain::k_grid_row_minutes - 1) /
                               domain::k_grid_row_minutes);
    return "at-" + std::to_string(first) + " span-" + std::to_string(std::min(rows, span.rows() - first + 1));
}

// The local minutes of an appointment on `day`, clipped to the day (an appointment may cross midnight).
domain::TimeRange minutes_on(const storage::Appointment& a, const domain::Day& day, const std::string& zone) {
    auto minute_of = [&](domain::Instant t, int if_before, int if_after) {
        auto local = domain::to_local(t, zone);
        domain::Day d{local.year, local.month, local.day};
        if (d == day) return static_cast<int>(local.hour * 60 + local.minute);
        return domain::start_of_day(d, zone) < domain::start_of_day(day, zone) ? if_before : if_after;
    };
    return {minute_of(a.starts_at, 0, 24 * 60), minute_of(a.ends_at, 0, 24 * 60)};
}

// One column of the day grid: a team member (or nobody, for appointments without one) and their appointments.
struct GridColumn {
    std::string name;
    std::optional<std::int64_t> user_id;
    bool takes_bookings = false;
    std::vector<const storage::CalendarEntry*> entries;
};

// Which team member's appointments the calendar shows: the `staff` of the query ("all" for everyone); a
// groomer who takes bookings starts on their own column, managers on everyone's.
std::optional<std::int64_t> shown_staff(const Context& ctx, const std::vector<storage::BookableName>& bookable) {
    auto asked = ctx.query("staff");
    if (!asked.empty()) return parse_id(asked);
    const auto& me = ctx.session->user;
    bool takes_bookings = std::any_of(bookable.begin(), bookable.end(), [&](const auto& b) { return b.user_id == me.id; });
    if (!domain::is_manager(me.role) && takes_bookings) return me.id;
    return std::nullopt;
}

void add_day_grid(Context& ctx, view::Data& d, const domain::Day& day, const std::vector<storage::CalendarEntry>& entries,
                  const std::vector<storage::BookableName>& bookable, const std::vector<storage::User>& team,
                  std::optional<std::int64_t> staff_filter) {
    const auto& zone = ctx.salon.time_zone;
    const auto now = ctx.now();
    const domain::LocalDate local_day{day.year, day.month, day.day};
    auto [calendar, cells, step_minutes] = ctx.db->read([&](storage::ReadTx& db) {
        return std::tuple{storage::booking_store::load_calendar(db, zone, local_day), storage::booking_store::free_cells(db, zone, local_day, now),
                          storage::booking_store::load_policy(db).slot_step_minutes};
    });
    const auto step = std::chrono::minutes(step_minutes);
    auto f = dates(ctx);

    // Columns: who takes bookings (or the one asked for), then anyone else with appointments that day, then the
    // appointments without a team member: nothing on the day is ever left out.
    std::vector<GridColumn> columns;
    for (const auto& b : bookable)
        if (!staff_filter || staff_filter == b.user_id) columns.push_back({b.name, b.user_id, true, {}});
    for (const auto& e : entries) {
        const auto& who = e.appointment.staff_user_id;
        if (staff_filter && who != staff_filter) continue;
        auto column = std::find_if(columns.begin(), columns.end(), [&](const GridColumn& c) { return c.user_id == who; });
        if (column == columns.end()) {
            std::string name = ctx.t("admin.calendar.unassigned");
            if (who) {
                auto u = std::find_if(team.begin(), team.end(), [&](const storage::User& t) { return t.id == *who; });
                name = u != team.end() ? staff_name(*u) : e.staff_name;
            }
            columns.push_back({name, who, false, {}});
            column = columns.end() - 1;
        }
        column->entries.push_back(&e);
    }

    // The rows: the salon's hours and its team's that day, widened to every appointment shown.
    std::vector<domain::TimeRange> hours = domain::working_ranges(calendar, local_day, std::nullopt), shown;
    for (const auto& c : columns)
        if (c.user_id)
            for (const auto& r : domain::working_ranges(calendar, local_day, c.user_id)) hours.push_back(r);
    for (const auto& e : entries) shown.push_back(minutes_on(e.appointment, day, zone));
    const auto span = domain::day_span(hours, shown);

    const auto today = domain::day_of(now, zone);
    const auto now_local = domain::to_local(now, zone);
    const int now_minute = static_cast<int>(now_local.hour * 60 + now_local.minute);
    const bool now_shown = day == today && now_minute >= span.first_minute && now_minute < span.end_minute;
    // A cell is past once it has ended; the current one still takes a booking.
    auto cell_past = [&](int minute) {
        if (day == today) return minute + domain::k_grid_row_minutes <= now_minute;
        return domain::start_of_day(day, zone) < domain::start_of_day(today, zone);
    };
    const std::string now_classes = now_shown ? "at-" + std::to_string(span.row_of(now_minute)) + " now-" +
                                                    std::to_string((now_minute - span.first_minute) % domain::k_grid_row_minutes)
                                              : "";

    view::Data hour_labels{view::Data::type::list};
    for (int m = span.first_minute; m < span.end_minute; m += 60) {
        view::Data h;
        put_text(h, "label", domain::format_time_of_day(m));
        put_text(h, "place", placement(span, m, m + 60));
        append(hour_labels, std::move(h));
    }
    put(d, "hours", std::move(hour_labels));
    if (now_shown) {
        put_text(d, "now_place", now_classes);
        put_text(d, "now_time", f.time(now));
    }

    auto list = view::list(columns.size());
    int index = 0;
    for (const auto& column : columns) {
        ++index;
        view::Data c;
        put_text(c, "name", column.name);
        put_text(c, "column_id", "column-" + std::to_string(index));
        put(c, "has_entries", !column.entries.empty());
        // Cancelled appointments free their time: they are listed under the column, not drawn in it.
        std::vector<const storage::CalendarEntry*> drawn, cancelled;
        for (const auto* e : column.entries) (e->appointment.status == "cancelled" ? cancelled : drawn).push_back(e);
        std::vector<domain::TimeRange> intervals;
        for (const auto* e : drawn) intervals.push_back(minutes_on(e->appointment, day, zone));
        auto blocks = domain::stack_blocks(intervals);
        auto block_list = view::list(blocks.size());
        for (const auto& b : blocks) {
            view::Data block;
            put_text(block, "place", placement(span, b.span.opens_minute, b.span.closes_minute));
            std::vector<const storage::CalendarEntry*> members;
            for (auto i : b.members) members.push_back(drawn[i]);
            put(block, "entries", entry_list(ctx, f, members, false));
            put(block, "short", b.span.closes_minute - b.span.opens_minute <= 2 * domain::k_grid_row_minutes);
            append(block_list, std::move(block));
        }
        put(c, "blocks", std::move(block_list));
        put(c, "cancelled", entry_list(ctx, f, cancelled, false));
        put(c, "has_cancelled", !cancelled.empty());

        // Free cells: a link to a new appointment at that time for that team member. In their hours and free by
        // the booking engine's availability, or outside their hours (staff may book then; drawn apart).
        std::set<int> available;
        if (column.user_id)
            if (auto it = cells.find(*column.user_id); it != cells.end())
                for (auto t : it->second) {
                    auto local = domain::to_local(t, zone);
                    available.insert(static_cast<int>(local.hour * 60 + local.minute));
                }
        view::Data cell_list{view::Data::type::list};
        if (column.takes_bookings) {
            for (int m = span.first_minute; m < span.end_minute; m += domain::k_grid_row_minutes) {
                bool covered = std::any_of(blocks.begin(), blocks.end(), [&](const domain::GridBlock& b) {
                    return m < b.span.closes_minute && m + domain::k_grid_row_minutes > b.span.opens_minute;
                });
                if (covered || cell_past(m)) continue;
                view::Data cell;
                put_text(cell, "place", placement(span, m, m + domain::k_grid_row_minutes));
                put_text(cell, "time", domain::format_time_of_day(m));
                put(cell, "off_hours", available.count(m) == 0);
                put_text(cell, "url", ctx.base() + "/admin/appointments/new?start=" + domain::format_day(day) + "T" + domain::format_time_of_day(m) +
                                    "&staff=" + std::to_string(*column.user_id));
                append(cell_list, std::move(cell));
            }
        }
        put(c, "cells", std::move(cell_list));
        // The same free time in words, merged into runs (for a screen reader, and a phone scrolled sideways).
        view::Data runs{view::Data::type::list};
        bool has_free = false;
        if (column.user_id)
            if (auto it = cells.find(*column.user_id); it != cells.end()) {
                const auto& starts = it->second;
                for (std::size_t i = 0; i < starts.size();) {
                    std::size_t j = i;
                    while (j + 1 < starts.size() && starts[j + 1] - starts[j] <= step) ++j;
                    view::Data run;
                    put_text(run, "from", f.time(starts[i]));
                    put_text(run, "to", f.time(starts[j] + step));
                    append(runs, std::move(run));
                    has_free = true;
                    i = j + 1;
                }
            }
        put(c, "has_free", has_free);
        put(c, "free", std::move(runs));
        put_text(c, "now_place", now_classes);
        put(c, "now_shown", now_shown);
        append(list, std::move(c));
    }
    put(d, "columns", std::move(list));
    put_text(d, "column_count", std::to_string(columns.size()));
}
}  // namespace

void admin_calendar(Context& ctx) {
    const auto& zone = ctx.salon.time_zone;
    auto now = ctx.now();
    // `date` is the contract's name; `day` is what older links carry.
    auto asked_day = ctx.query("date").empty() ? ctx.query("day") : ctx.query("date");
    auto day = domain::parse_day(asked_day).value_or(domain::day_of(now, zone));
    bool week = ctx.query("view") == "week";
    auto [team, bookable] = ctx.db->read([&](storage::ReadTx& db) {
        return std::pair{storage::user_store::list_staff(db), storage::booking_store::bookable_names(db)};
    });
    auto staff_filter = shown_staff(ctx, bookable);
    auto first = week ? domain::monday_of(day) : day;
    auto after = domain::add_days(first, week ? 7 : 1);
    auto entries = ctx.db->read([&](storage::ReadTx& db) {
        return storage::appointment_store::calendar(db, domain::start_of_day(first, zone), domain::start_of_day(after, zone), staff_filter);
    });
    auto f = dates(ctx);
    auto noon = [&](const domain::Day& d) { return domain::start_of_day(d, zone) + std::chrono::hours(12); };
    const auto today = domain::day_of(now, zone);

    auto d = ctx.page_data();
    put(d, "nav_calendar", true);
    const std::string view_param = week ? "&view=week" : "";
    const std::string staff_param = staff_filter ? "&staff=" + std::to_string(*staff_filter) : (ctx.query("staff").empty() ? "" : "&staff=all");
    put_text(d, "day", domain::format_day(day));
    put_text(d, "previous_url", calendar_url(ctx, domain::add_days(day, week ? -7 : -1), view_param + staff_param));
    put_text(d, "next_url", calendar_url(ctx, domain::add_days(day, week ? 7 : 1), view_param + staff_param));
    put_text(d, "today_url", calendar_url(ctx, today, view_param + staff_param));
    put_text(d, "other_view_url", calendar_url(ctx, day, (week ? std::string{} : std::string{"&view=week"}) + staff_param));
    put_text(d, "new_url", ctx.base() + "/admin/appointments/new?date=" + domain::format_day(day));
    put(d, "week_selected", week);
    put(d, "showing_today", week ? (domain::start_of_day(first, zone) <= domain::start_of_day(today, zone) &&
                                   domain::start_of_day(today, zone) < domain::start_of_day(after, zone))
                                : day == today);
    ctx.notice_from_done(d, {{"saved", "admin.calendar.saved"}, {"cancelled", "admin.calendar.cancelled"}, {"completed", "admin.calendar.completed"}});

    // The chooser: everyone, or one team member who takes bookings (one column at a time on a phone).
    view::Data chooser{view::Data::type::list};
    auto chooser_item = [&](const std::string& name, const std::string& param, bool current) {
        view::Data o;
        put_text(o, "name", name);
        put_text(o, "url", calendar_url(ctx, day, view_param + param));
        put(o, "current", current);
        append(chooser, std::move(o));
    };
    chooser_item(ctx.t("admin.calendar.everyone"), "&staff=all", !staff_filter);
    for (const auto& b : bookable) chooser_item(b.name, "&staff=" + std::to_string(b.user_id), staff_filter == b.user_id);
    put(d, "chooser", std::move(chooser));
    auto staff_options = view::list(team.size());
    for (const auto& u : team) {
        if (!u.active) continue;
        view::Data o;
        put_text(o, "id", std::to_string(u.id));
        put_text(o, "name", staff_name(u));
        put(o, "selected", staff_filter == u.id);
        append(staff_options, std::move(o));
    }
    put(d, "staff_options", std::move(staff_options));

    if (week) {
        auto heading = fill(ctx.t("admin.calendar.week_of"), "date", f.long_date(noon(first)));
        put_text(d, "title", heading);
        put_text(d, "heading", heading);
        auto days = view::list(7);
        for (int i = 0; i < 7; ++i) {
            auto this_day = domain::add_days(first, i);
            std::vector<const storage::CalendarEntry*> of_day;
            for (const auto& e : entries)
                if (domain::day_of(e.appointment.starts_at, zone) == this_day) of_day.push_back(&e);
            view::Data item;
            put_text(item, "date", f.long_date(noon(this_day)));
            put_text(item, "day_url", calendar_url(ctx, this_day, staff_param));
            put(item, "entries", entry_list(ctx, f, of_day, true));
            put(item, "has_entries", !of_day.empty());
            put(item, "is_today", this_day == today);
            append(days, std::move(item));
        }
        put(d, "week", std::move(days));
    } else {
        put_text(d, "title", f.long_date(noon(day)));
        put_text(d, "heading", f.long_date(noon(day)));
        add_day_grid(ctx, d, day, entries, bookable, team, staff_filter);
    }
    put(d, "day_view", !week);
    ctx.render(200, "admin/calendar_view", std::move(d));
}

namespace {
// What the appointment form shows: the choices, and the values typed (or stored).
struct FormValues {
    std::string animal_id, service_id, staff_user_id, start, end, comments, internal_notes;
    bool notify = true;  // email the customer; an unchecked box sends no field at all
};

// Whether a posted form asks to email the customer (its "notify" checkbox).
bool notify_checked(const Context& ctx) { return ctx.form("notify") == "1"; }

FormValues typed(const Context& ctx) {
    return {ctx.form("animal_id"), ctx.form("service_id"), ctx.form("staff_user_id"), ctx.form("start"),
            ctx.form("end"),       ctx.form("comments"),   ctx.form("internal_notes"), notify_checked(ctx)};
}

// The packages completing `a` may use, for the completion form: the one expiring first is preselected, and
// "no package" is always offered. Nothing when none covers the appointment.
void add_package_choices(Context& ctx, view::Data& d, const storage::Appointment& a) {
    auto day = domain::day_of(a.starts_at, ctx.salon.time_zone);
    auto usable = ctx.db->read([&](storage::ReadTx& db) { return storage::package_store::usable_for(db, a.id, day); });
    if (usable.empty()) return;
    view::DateFormatter f(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);
    view::Data choices{view::Data::type::list};
    for (const auto& p : usable) {
        view::Data item;
        put_text(item, "value", std::to_string(p.sale_id));
        put_text(item, "label", fill(fill(fill(ctx.t("admin.calendar.package_option"), "name", p.name), "left", std::to_string(p.sessions - p.used)),
                               "expires", f.medium_day(p.expires_on)));
        append(choices, std::move(item));
    }
    put(d, "package_choices", std::move(choices));
    put(d, "has_package_choices", true);
}

void show_form(Context& ctx, int status, const std::optional<storage::Appointment>& existing, const FormValues& v,
               const std::optional<domain::Error>& error, const std::string& error_text = "") {
    auto current_animal = existing ? std::optional<std::int64_t>{existing->animal_id} : std::nullopt;
    auto [animals, services, team] = ctx.db->read([&](storage::ReadTx& db) {
        return std::tuple{storage::appointment_store::animal_choices(db, current_animal), storage::service_store::list(db),
                          storage::user_store::list_staff(db)};
    });
    auto d = ctx.page_data();
    put(d, "nav_calendar", true);
    put_text(d, "title", ctx.t(existing ? "admin.calendar.edit_title" : "admin.calendar.new_title"));
    view::Data animal_list{view::Data::type::list};
    for (const auto& a : animals) {
        view::Data o;
        put_text(o, "id", std::to_string(a.id));
        put_text(o, "label", a.animal_name + " (" + a.customer_name + ")");
        put(o, "selected", std::to_string(a.id) == v.animal_id);
        append(animal_list, std::move(o));
    }
    put(d, "animals", std::move(animal_list));
    view::Data service_list{view::Data::type::list};
    for (const auto& s : services) {
        bool chosen = std::to_string(s.id) == v.service_id;
        if (!s.active && !chosen) continue;
        view::Data o;
        put_text(o, "id", std::to_string(s.id));
        put_text(o, "label", fill(fill(ctx.t("admin.calendar.service_option"), "name", s.name), "minutes", std::to_string(s.duration_minutes)));
        put(o, "selected", chosen);
        append(service_list, std::move(o));
    }
    put(d, "services", std::move(service_list));
    if (books_for_self_only(ctx)) {
        put(d, "self_only", true);
        put_text(d, "self_name", staff_name(ctx.session->user));
    } else {
        view::Data staff_list{view::Data::type::list};
        for (const auto& u : team) {
            bool chosen = std::to_string(u.id) == v.staff_user_id;
            if (!u.active && !chosen) continue;
            view::Data o;
            put_text(o, "id", std::to_string(u.id));
            put_text(o, "name", staff_name(u));
            put(o, "selected", chosen);
            append(staff_list, std::move(o));
        }
        put(d, "staff", std::move(staff_list));
        put(d, "anyone", v.staff_user_id == k_anyone);
    }
    put_text(d, "start", v.start);
    put_text(d, "end", v.end);
    put_text(d, "comments", v.comments);
    put_text(d, "internal_notes", v.internal_notes);
    put(d, "notify", v.notify);
    put_text(d, "time_zone", ctx.salon.time_zone);
    if (existing) {
        auto id = std::to_string(existing->id);
        put_text(d, "action", ctx.base() + "/admin/appointments/" + id + "/edit");
        put(d, "editing", true);
        // The status this form was opened with: a save finding another one refuses (save_appointment).
        put_text(d, "opened_status", existing->status);
        set_status(ctx, d, *existing);
        auto allowed = domain::appointment_actions(domain::parse_appointment_status(existing->status));
        if (allowed.has(domain::AppointmentAction::cancel)) put_text(d, "cancel_url", ctx.base() + "/admin/appointments/" + id + "/cancel");
        if (allowed.has(domain::AppointmentAction::complete)) {
            put_text(d, "complete_url", ctx.base() + "/admin/appointments/" + id + "/complete");
            add_package_choices(ctx, d, *existing);
        }
        // Invoicing is for managers; the link opens the appointment's draft when it has one already.
        if (domain::is_manager(ctx.session->user.role) && existing->status != "cancelled")
            put_text(d, "invoice_url", ctx.base() + "/admin/invoices/new?appointment=" + id);
        put_text(d, "back_url", calendar_url(ctx, domain::day_of(existing->starts_at, ctx.salon.time_zone)));
    } else {
        put_text(d, "action", ctx.base() + "/admin/appointments/new");
        auto day = domain::parse_local_datetime(v.start);
        put_text(d, "back_url", day ? calendar_url(ctx, domain::Day{day->year, day->month, day->day}) : ctx.base() + "/admin/appointments");
    }
    // An error without a field is about the whole form: said above it, in place of "correct the fields".
    if (error && error->field.empty()) put_text(d, "form_error", ctx.t(error->message_key));
    else if (error) add_error(ctx, d, *error);
    if (error && !error_text.empty()) {
        put_text(d, "error", error_text);
        put_text(d, error->field + "_error", error_text);
    }
    ctx.render(status, "admin/calendar_form", std::move(d));
}

// Checks the form and writes the appointment (a new one when `existing` is empty); answers the page.
void save_appointment(Context& ctx, const std::optional<storage::Appointment>& existing) {
    auto v = typed(ctx);
    auto fail = [&](const std::string& field, const std::string& key) { show_form(ctx, 422, existing, v, domain::Error{field, key}); };
    const auto self = ctx.session->user.id;
    if (books_for_self_only(ctx)) v.staff_user_id = std::to_string(self);

    struct Lookups {
        std::optional<storage::AnimalChoice> animal;
        std::optional<storage::Service> service;
        std::optional<storage::User> staff;
    };
    auto animal_id = parse_id(v.animal_id);
    auto service_id = parse_id(v.service_id);
    // "any" (or nothing chosen): the placement picks a free groomer, as every scheduled appointment has one.
    const bool anyone = v.staff_user_id == k_anyone || v.staff_user_id.empty();
    auto staff_id = parse_id(v.staff_user_id);
    auto found = ctx.db->read([&](storage::ReadTx& db) {
        Lookups l;
        if (animal_id) l.animal = storage::appointment_store::find_animal(db, *animal_id);
        if (service_id) l.service = storage::service_store::find(db, *service_id);
        if (staff_id) l.staff = storage::user_store::find_by_id(db, *staff_id);
        return l;
    });
    // What was already on the appointment stays acceptable even if archived since; new choices must be current.
    bool same_animal = existing && found.animal && existing->animal_id == found.animal->id;
    if (!found.animal || (found.animal->archived && !same_animal)) return fail("animal_id", "admin.calendar.error.animal");
    bool same_service = existing && found.service && existing->service_id == found.service->id;
    if (!v.service_id.empty() && (!found.service || (!found.service->active && !same_service)))
        return fail("service_id", "admin.calendar.error.service");
    bool same_staff = existing && found.staff && existing->staff_user_id == found.staff->id;
    if (!anyone &&
        (!found.staff || !domain::is_staff(found.staff->role) || (!found.staff->active && !same_staff)))
        return fail("staff_user_id", "admin.calendar.error.staff");

    domain::StaffAppointmentForm form{v.start, v.end, std::nullopt, v.comments, v.internal_notes};
    if (found.service) form.service_minutes = found.service->duration_minutes;
    auto checked = domain::check_staff_appointment(form, ctx.salon.time_zone);
    if (!checked) return show_form(ctx, 422, existing, v, checked.error());

    storage::Appointment a = existing.value_or(storage::Appointment{});
    a.animal_id = found.animal->id;
    a.customer_id = found.animal->customer_id;
    a.service_id = found.service ? std::optional<std::int64_t>{found.service->id} : std::nullopt;
    a.staff_user_id = found.staff ? std::optional<std::int64_t>{found.staff->id} : std::nullopt;
    a.starts_at = checked.value().starts_at;
    a.ends_at = checked.value().ends_at;
    a.comments = checked.value().comments;
    a.internal_notes = checked.value().internal_notes;

    bool emailed = false;
    // The status the form was opened with (its hidden field; a form without it, the one read just now). Someone
    // who cancelled or completed the appointment meanwhile wins: saving over it would quietly move a cancelled
    // appointment the editor believes is still booked.
    const auto opened_status = existing ? (ctx.has_form("opened_status") ? ctx.form("opened_status") : existing->status) : std::string{};
    bool changed_meanwhile = false;
    auto refused = ctx.db->write([&](storage::WriteTx& db) -> std::optional<storage::StoreError> {
        if (existing) {
            auto current = storage::appointment_store::find(db, a.id);
            if (!current || current->status != opened_status) {
                changed_meanwhile = true;
                return std::nullopt;
            }
            a.status = current->status;
        }
        // The staff slot placement re-checks the groomer's time (and picks one for "anyone"); the triggers of
        // schema.sql have the last word on overlaps whoever writes.
        auto placed = storage::booking_store::place_as_staff(db, ctx.salon.time_zone, a);
        if (!placed) return placed.error();
        a.id = placed.value().appointment_id;
        if (placed.value().staff_user_id != 0) a.staff_user_id = placed.value().staff_user_id;
        audit::record(db, self, existing ? "appointment_updated" : "appointment_created", audit::subject(audit::RecordKind::appointment, a.id),
                      domain::format_day(domain::day_of(a.starts_at, ctx.salon.time_zone)), ctx.client_ip);
        // The customer hears of a new appointment, and of a scheduled one that changes time or groomer.
        if (v.notify && !existing) emailed = email_appointment_notice(db, ctx.services, ctx.salon, {AppointmentEvent::booked, a.id, std::nullopt, ""});
        if (v.notify && existing && a.status == "scheduled" &&
            (existing->starts_at != a.starts_at || existing->ends_at != a.ends_at || existing->staff_user_id != a.staff_user_id))
            emailed = email_appointment_notice(db, ctx.services, ctx.salon, {AppointmentEvent::moved, a.id, existing->starts_at, ""});
        return std::nullopt;
    });
    if (changed_meanwhile) {
        auto current = ctx.db->read([&](storage::ReadTx& db) { return storage::appointment_store::find(db, a.id); });
        if (!current) return ctx.error_page(404, "error.not_found");
        return show_form(ctx, 409, current, v, domain::Error{"", "admin.calendar.error.changed_meanwhile"});
    }
    if (refused) {
        auto text = ctx.t("admin.calendar.error.overlap_other");
        bool staff_taken = *refused == storage::StoreError::staff_overlap || *refused == storage::StoreError::slot_taken;
        if (staff_taken && found.staff) text = fill(ctx.t("admin.calendar.error.overlap"), "name", staff_name(*found.staff));
        if (*refused == storage::StoreError::slot_taken && !found.staff) text = ctx.t("admin.calendar.error.nobody_free");
        if (*refused == storage::StoreError::animal_overlap) text = fill(ctx.t("admin.calendar.error.overlap"), "name", found.animal->animal_name);
        return show_form(ctx, 409, existing, v, domain::Error{"start", "admin.calendar.error.overlap_other"}, text);
    }
    if (emailed) ctx.services.wake_mail_sender();
    ctx.redirect(calendar_url(ctx, domain::day_of(a.starts_at, ctx.salon.time_zone), "&done=saved"));
}

// The appointment of the path when this user may change it; otherwise the 404 or 403 page has been sent.
std::optional<storage::Appointment> changeable_appointment(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<storage::Appointment> a;
    if (id) a = ctx.db->read([&](storage::ReadTx& db) { return storage::appointment_store::find(db, *id); });
    if (!a) {
        ctx.error_page(404, "error.not_found");
        return std::nullopt;
    }
    if (!may_change(ctx, *a)) {
        ctx.error_page(403, "error.forbidden");
        return std::nullopt;
    }
    return a;
}

// The confirmation step of cancelling `a`: what the customer loses, a reason, and whether they are told.
Confirmation cancel_confirmation(Context& ctx, const storage::Appointment& a, std::optional<domain::Error> error = std::nullopt) {
    auto who = ctx.db->read([&](storage::ReadTx& db) { return storage::appointment_store::find_animal(db, a.animal_id); });
    auto id = std::to_string(a.id);
    Confirmation c;
    c.title = ctx.t("admin.confirm.cancel.title");
    c.consequence = domain::fill_placeholders(ctx.t("admin.confirm.cancel.consequence"),
                                              {{"animal", who ? who->animal_name : ""}, {"customer", who ? who->customer_name : ""},
                                               {"when", dates(ctx).date_time(a.starts_at)}});
    c.detail = ctx.t("admin.confirm.cancel.detail");
    c.action_url = ctx.base() + "/admin/appointments/" + id + "/cancel";
    c.confirm_label = ctx.t("admin.calendar.cancel");
    c.back_url = ctx.base() + "/admin/appointments/" + id + "/edit";
    c.back_label = ctx.t("admin.confirm.cancel.keep");
    c.nav_tab = "calendar";
    c.text_field = "reason";
    c.text_label = ctx.t("admin.confirm.cancel.reason");
    c.text_help = ctx.t("admin.confirm.cancel.reason_help");
    c.text_value = ctx.form("reason");
    c.checkboxes.push_back({"notify", ctx.t("admin.calendar.notify"), ctx.t("admin.confirm.cancel.notify_help"), checkbox_state(ctx, "notify", true)});
    c.error = std::move(error);
    return c;
}

// The confirmation page of cancelling `a`, or the 409 page when it is closed already.
void offer_cancel_step(Context& ctx, const storage::Appointment& a) {
    if (domain::appointment_refusal(domain::parse_appointment_status(a.status), domain::AppointmentAction::cancel))
        return ctx.error_page(409, "admin.calendar.error.closed");
    show_confirmation(ctx, 200, cancel_confirmation(ctx, a));
}

// Cancels or completes the appointment of the path; 409 when it is no longer scheduled (its state is read
// again in the transaction that closes it). A cancellation happens only once confirmed (web/confirmation.h).
void close_appointment(Context& ctx, domain::AppointmentAction action, const std::string& status) {
    auto a = changeable_appointment(ctx);
    if (!a) return;
    const bool cancelling = action == domain::AppointmentAction::cancel;
    const auto reason = cancelling ? domain::trim(ctx.form("reason")) : std::string{};
    if (cancelling && !confirmed(ctx)) return offer_cancel_step(ctx, *a);
    if (cancelling && confirmation_text_too_long(reason))
        return show_confirmation(ctx, 422, cancel_confirmation(ctx, *a, domain::Error{"reason", "admin.confirm.error.too_long"}));
    // Which package a completion takes its session from (form field package_sale_id): empty or absent, the one
    // expiring first; "none", no package; an id, that package, which must still be usable.
    const auto package_field = ctx.form("package_sale_id");
    const bool use_package = action == domain::AppointmentAction::complete && package_field != "none";
    std::optional<std::int64_t> chosen_package;
    if (use_package && !package_field.empty()) {
        chosen_package = parse_id(package_field);
        if (!chosen_package) return ctx.error_page(409, "admin.calendar.error.package");
    }
    // Only a cancellation is news to the customer, and the staff member may choose to keep it quiet.
    const bool notify = cancelling && notify_checked(ctx);
    bool emailed = false;
    enum class Outcome { closed, not_scheduled, package_unusable };
    auto outcome = ctx.db->write([&](storage::WriteTx& db) {
        auto current = storage::appointment_store::find(db, a->id);
        if (!current || domain::appointment_refusal(domain::parse_appointment_status(current->status), action)) return Outcome::not_scheduled;
        if (!storage::appointment_store::close(db, a->id, status)) return Outcome::not_scheduled;
        std::string detail;
        if (use_package) {
            auto day = domain::day_of(current->starts_at, ctx.salon.time_zone);
            auto used = storage::package_store::redeem(db, a->id, chosen_package, day, ctx.session->user.id);
            if (chosen_package && !used) {
                db.cancel();
                return Outcome::package_unusable;
            }
            if (used) detail = "package sale " + std::to_string(*used);
        }
        if (!reason.empty()) detail = "reason: " + reason;
        audit::record(db, ctx.session->user.id, "appointment_" + status, audit::subject(audit::RecordKind::appointment, a->id), detail, ctx.client_ip);
        if (notify) emailed = email_appointment_notice(db, ctx.services, ctx.salon, {AppointmentEvent::cancelled, a->id, std::nullopt, reason});
        return Outcome::closed;
    });
    if (outcome == Outcome::not_scheduled) return ctx.error_page(409, "admin.calendar.error.closed");
    if (outcome == Outcome::package_unusable) return ctx.error_page(409, "admin.calendar.error.package");
    if (emailed) ctx.services.wake_mail_sender();
    ctx.redirect(calendar_url(ctx, domain::day_of(a->starts_at, ctx.salon.time_zone), "&done=" + status));
}
}  // namespace

void admin_appointment_new_form(Context& ctx) {
    FormValues v;
    // `day` is the name links had before `date`: bookmarks of it keep working.
    if (auto day = domain::parse_day(ctx.query(ctx.query("date").empty() ? "day" : "date"))) v.start = domain::format_day(*day) + "T09:00";
    // A free cell of the calendar: its start (salon time) and its team member.
    if (auto start = domain::parse_local_datetime(ctx.query("start"))) v.start = domain::format_local_datetime(*start);
    if (auto animal = parse_id(ctx.query("animal_id"))) v.animal_id = std::to_string(*animal);
    if (!books_for_self_only(ctx)) {
        if (auto staff = parse_id(ctx.query("staff"))) v.staff_user_id = std::to_string(*staff);
    }
    show_form(ctx, 200, std::nullopt, v, std::nullopt);
}

void admin_appointment_new_submit(Context& ctx) { save_appointment(ctx, std::nullopt); }

void admin_appointment_edit_form(Context& ctx) {
    auto a = changeable_appointment(ctx);
    if (!a) return;
    auto f = dates(ctx);
    FormValues v;
    v.animal_id = std::to_string(a->animal_id);
    if (a->service_id) v.service_id = std::to_string(*a->service_id);
    if (a->staff_user_id) v.staff_user_id = std::to_string(*a->staff_user_id);
    v.start = f.input_value(a->starts_at);
    v.end = f.input_value(a->ends_at);
    v.comments = a->comments;
    v.internal_notes = a->internal_notes;
    show_form(ctx, 200, a, v, std::nullopt);
}

void admin_appointment_edit_submit(Context& ctx) {
    auto a = changeable_appointment(ctx);
    if (!a) return;
    save_appointment(ctx, a);
}

void admin_appointment_cancel_form(Context& ctx) {
    if (auto a = changeable_appointment(ctx)) offer_cancel_step(ctx, *a);
}

void admin_appointment_cancel(Context& ctx) { close_appointment(ctx, domain::AppointmentAction::cancel, "cancelled"); }

void admin_appointment_complete(Context& ctx) { close_appointment(ctx, domain::AppointmentAction::complete, "completed"); }

// The animal has arrived: noted once, from the dashboard, by whoever may change the appointment; 409 when it
// is no longer scheduled or was already checked in.
void admin_appointment_check_in(Context& ctx) {
    auto a = changeable_appointment(ctx);
    if (!a) return;
    bool noted = ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::check_in_store::check_in(db, a->id, ctx.now(), ctx.session->user.id)) return false;
        audit::record(db, ctx.session->user.id, "appointment_checked_in", audit::subject(audit::RecordKind::appointment, a->id), "", ctx.client_ip);
        return true;
    });
    if (!noted) return ctx.error_page(409, "admin.calendar.error.check_in");
    ctx.redirect(ctx.base() + "/admin?done=checked_in");
}

void admin_appointment_receipt(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    std::optional<storage::receipt_store::Receipt> receipt;
    if (id) receipt = ctx.db->read([&](storage::ReadTx& db) { return storage::receipt_store::load(db, *id, std::nullopt, ctx.now()); });
    if (!receipt) return ctx.error_page(404, "error.not_found");
    send_receipt_pdf(ctx, *receipt);
}

}  // namespace salonbox::web
