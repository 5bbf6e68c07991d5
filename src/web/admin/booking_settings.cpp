// The booking engine's settings (managers): opening hours and closures, the booking policy, and each team
// member's booking terms (takes bookings, own hours, services).
#include "domain/availability.h"
#include "domain/money_input.h"
#include "domain/salon_settings.h"
#include "domain/roles.h"
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/booking_store.h"
#include "storage/change_request_store.h"
#include "storage/service_store.h"
#include "storage/user_store.h"
#include "web/admin/staff_account.h"
#include "web/handlers.h"

#include <algorithm>
#include <charconv>

namespace salonbox::web {

namespace {
// Weekday names as the catalogs hold them (0 = Sunday) for ISO weekdays 1-7.
std::string weekday_name(const Context& ctx, std::size_t iso) { return ctx.t("date.weekday." + std::to_string(iso % 7)); }

// One text field per weekday ("hours_1" ... "hours_7") holding that day's ranges.
view::Data week_fields(const Context& ctx, const std::array<std::string, 7>& typed, const std::optional<domain::Error>& error) {
    view::Data list{view::Data::type::list};
    for (std::size_t i = 0; i < 7; ++i) {
        view::Data day;
        auto field = "hours_" + std::to_string(i + 1);
        day.set("field", field);
        day.set("label", weekday_name(ctx, i + 1));
        day.set("value", typed[i]);
        if (error && error->field == field) day.set("error", ctx.t(error->message_key));
        list.push_back(day);
    }
    return list;
}

std::array<std::string, 7> typed_week(const domain::WeeklyHours& hours) {
    std::array<std::string, 7> out;
    for (std::size_t i = 0; i < 7; ++i) out[i] = domain::format_day_ranges(hours[i]);
    return out;
}

std::array<std::string, 7> typed_week(const Context& ctx) {
    std::array<std::string, 7> out;
    for (std::size_t i = 0; i < 7; ++i) out[i] = ctx.form("hours_" + std::to_string(i + 1));
    return out;
}

domain::Result<domain::WeeklyHours> parse_week(const std::array<std::string, 7>& typed) {
    domain::WeeklyHours hours;
    for (std::size_t i = 0; i < 7; ++i) {
        auto ranges = domain::parse_day_ranges(typed[i]);
        if (!ranges) return domain::Error{"hours_" + std::to_string(i + 1), "admin.hours.error.ranges"};
        hours[i] = std::move(*ranges);
    }
    return hours;
}

struct ClosureFields {
    std::string first_day, last_day, label;
};

void show_hours(Context& ctx, int status, const std::array<std::string, 7>& typed, const ClosureFields& closure,
                const std::optional<domain::Error>& error) {
    auto closures = ctx.db->read([&](storage::ReadTx& db) { return storage::booking_store::closures(db); });
    auto d = ctx.page_data(ctx.t("admin.hours.title"), "settings");
    d.set("days", week_fields(ctx, typed, error));
    view::Data list{view::Data::type::list};
    for (const auto& c : closures) {
        view::Data item;
        item.set("first_day", domain::format_local_date(c.closure.first_day));
        item.set("last_day", domain::format_local_date(c.closure.last_day));
        item.set("one_day", c.closure.first_day == c.closure.last_day);
        view::set_text(item, "label", c.closure.label);
        item.set("delete_url", ctx.base() + "/admin/settings/hours/closures/" + std::to_string(c.id) + "/delete");
        list.push_back(item);
    }
    d.set("closures", list);
    d.set("has_closures", !closures.empty());
    d.set("first_day", closure.first_day);
    d.set("last_day", closure.last_day);
    d.set("label", closure.label);
    d.set("time_zone", ctx.salon.time_zone);
    ctx.notice_from_done(d, {{"saved", "admin.hours.saved"}, {"closure_added", "admin.hours.closure_added"}, {"closure_deleted", "admin.hours.closure_deleted"}});
    if (error) add_error(ctx, d, *error);
    ctx.render(status, "admin/settings_hours", std::move(d));
}
}  // namespace

void admin_hours_form(Context& ctx) {
    auto hours = ctx.db->read([&](storage::ReadTx& db) { return storage::booking_store::load_hours(db); });
    show_hours(ctx, 200, typed_week(hours), {}, std::nullopt);
}

void admin_hours_submit(Context& ctx) {
    auto typed = typed_week(ctx);
    auto hours = parse_week(typed);
    if (!hours) return show_hours(ctx, 422, typed, {}, hours.error());
    ctx.db->write([&](storage::WriteTx& db) {
        storage::booking_store::save_hours(db, hours.value());
        storage::audit_store::record(db, ctx.session->user.id, "opening_hours_changed", "", "", ctx.client_ip);
    });
    ctx.redirect(ctx.base() + "/admin/settings/hours?done=saved");
}

void admin_closure_add(Context& ctx) {
    ClosureFields typed{domain::trim(ctx.form("first_day")), domain::trim(ctx.form("last_day")), domain::trim(ctx.form("label"))};
    auto current = [&] { return typed_week(ctx.db->read([&](storage::ReadTx& db) { return storage::booking_store::load_hours(db); })); };
    auto first = domain::parse_local_date(typed.first_day);
    if (!first) return show_hours(ctx, 422, current(), typed, domain::Error{"first_day", "admin.hours.error.day"});
    auto last = typed.last_day.empty() ? first : domain::parse_local_date(typed.last_day);
    if (!last) return show_hours(ctx, 422, current(), typed, domain::Error{"last_day", "admin.hours.error.day"});
    if (*last < *first) return show_hours(ctx, 422, current(), typed, domain::Error{"last_day", "admin.hours.error.last_before_first"});
    if (typed.label.size() > 200) return show_hours(ctx, 422, current(), typed, domain::Error{"label", "admin.hours.error.label"});
    ctx.db->write([&](storage::WriteTx& db) {
        auto id = storage::booking_store::add_closure(db, {*first, *last, typed.label});
        storage::audit_store::record(db, ctx.session->user.id, "closure_added", "",
                                     "closure " + std::to_string(id) + ": " + domain::format_local_date(*first) + ".." + domain::format_local_date(*last),
                                     ctx.client_ip);
    });
    ctx.redirect(ctx.base() + "/admin/settings/hours?done=closure_added");
}

void admin_closure_delete(Context& ctx) {
    auto id = parse_id(ctx.path.at("id"));
    bool deleted = id && ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::booking_store::delete_closure(db, *id)) return false;
        storage::audit_store::record(db, ctx.session->user.id, "closure_deleted", "", "closure " + std::to_string(*id), ctx.client_ip);
        return true;
    });
    if (!deleted) return ctx.error_page(404, "error.not_found");
    ctx.redirect(ctx.base() + "/admin/settings/hours?done=closure_deleted");
}

namespace {
struct PolicyFields {
    std::string min_notice_minutes, horizon_days, slot_step_minutes, online_booking;
    bool requests_outside_slots = false;
};

// Customers' own changes: cutoffs in whole hours, the late-cancel fee in the salon's currency, auto-approve.
struct ChangeFields {
    std::string cancel_cutoff_hours, reschedule_cutoff_hours, late_cancel_fee;
    bool auto_approve_changes = false;
};

constexpr int k_max_cutoff_hours = 720;

ChangeFields typed_changes(const Context& ctx, const storage::ChangeSettings& s) {
    auto hours = [](std::chrono::seconds d) { return std::to_string(std::chrono::duration_cast<std::chrono::hours>(d).count()); };
    return {hours(s.policy.cancel_cutoff), hours(s.policy.reschedule_cutoff),
            domain::decimal_text(s.policy.late_cancel_fee_minor, domain::currency_minor_digits(ctx.salon.currency)), s.auto_approve};
}

ChangeFields posted_changes(const Context& ctx) {
    return {ctx.form("cancel_cutoff_hours"), ctx.form("reschedule_cutoff_hours"), ctx.form("late_cancel_fee"), ctx.form("auto_approve_changes") == "1"};
}

PolicyFields typed_policy(const domain::BookingPolicy& p) {
    return {std::to_string(p.min_notice_minutes), std::to_string(p.horizon_days), std::to_string(p.slot_step_minutes), p.online_booking,
            p.requests_outside_slots};
}

std::optional<int> parse_count(std::string_view typed) {
    const std::string text = domain::trim(typed);
    int value = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

domain::Result<domain::BookingPolicy> parse_policy(const PolicyFields& f) {
    domain::BookingPolicy p;
    auto notice = parse_count(f.min_notice_minutes), horizon = parse_count(f.horizon_days), step = parse_count(f.slot_step_minutes);
    if (!notice) return domain::Error{"min_notice_minutes", "error.notice_range"};
    if (!horizon) return domain::Error{"horizon_days", "error.horizon_range"};
    if (!step) return domain::Error{"slot_step_minutes", "error.step_range"};
    p.min_notice_minutes = *notice;
    p.horizon_days = *horizon;
    p.slot_step_minutes = *step;
    p.online_booking = f.online_booking;
    p.requests_outside_slots = f.requests_outside_slots;
    if (auto error = domain::check_policy(p)) return *error;
    return p;
}

domain::Result<storage::ChangeSettings> parse_changes(const Context& ctx, const ChangeFields& f) {
    storage::ChangeSettings s;
    auto cancel = parse_count(f.cancel_cutoff_hours), reschedule = parse_count(f.reschedule_cutoff_hours);
    if (!cancel || *cancel < 0 || *cancel > k_max_cutoff_hours) return domain::Error{"cancel_cutoff_hours", "admin.booking.error.cutoff_range"};
    if (!reschedule || *reschedule < 0 || *reschedule > k_max_cutoff_hours)
        return domain::Error{"reschedule_cutoff_hours", "admin.booking.error.cutoff_range"};
    auto fee = domain::parse_money(f.late_cancel_fee, ctx.salon.currency);
    if (!fee) return domain::Error{"late_cancel_fee", "admin.booking.error.fee"};
    s.policy.cancel_cutoff = std::chrono::hours(*cancel);
    s.policy.reschedule_cutoff = std::chrono::hours(*reschedule);
    s.policy.late_cancel_fee_minor = *fee;
    s.auto_approve = f.auto_approve_changes;
    return s;
}

void show_policy(Context& ctx, int status, const PolicyFields& f, const ChangeFields& changes, const std::optional<domain::Error>& error) {
    auto d = ctx.page_data(ctx.t("admin.booking.title"), "settings");
    d.set("cancel_cutoff_hours", changes.cancel_cutoff_hours);
    d.set("reschedule_cutoff_hours", changes.reschedule_cutoff_hours);
    d.set("late_cancel_fee", changes.late_cancel_fee);
    d.set("currency", ctx.salon.currency);
    d.set("auto_approve_changes", changes.auto_approve_changes);
    d.set("min_notice_minutes", f.min_notice_minutes);
    d.set("horizon_days", f.horizon_days);
    d.set("slot_step_minutes", f.slot_step_minutes);
    d.set("requests_outside_slots", f.requests_outside_slots);
    view::Data modes{view::Data::type::list};
    for (const char* mode : {"off", "request", "instant"}) {
        view::Data o;
        o.set("value", std::string(mode));
        o.set("label", ctx.t(std::string("admin.booking.mode.") + mode));
        o.set("selected", f.online_booking == mode);
        modes.push_back(o);
    }
    d.set("modes", modes);
    ctx.notice_from_done(d, {{"saved", "admin.booking.saved"}});
    if (error) add_error(ctx, d, *error);
    ctx.render(status, "admin/settings_booking", std::move(d));
}
}  // namespace

void admin_booking_settings_form(Context& ctx) {
    auto [policy, changes] = ctx.db->read([&](storage::ReadTx& db) {
        return std::pair{storage::booking_store::load_policy(db), storage::change_request_store::load_settings(db)};
    });
    show_policy(ctx, 200, typed_policy(policy), typed_changes(ctx, changes), std::nullopt);
}

void admin_booking_settings_submit(Context& ctx) {
    PolicyFields f{ctx.form("min_notice_minutes"), ctx.form("horizon_days"), ctx.form("slot_step_minutes"), ctx.form("online_booking"),
                   ctx.form("requests_outside_slots") == "1"};
    // A form without the change terms (posted by a page older than them) leaves those as they are.
    bool with_changes = ctx.has_form("cancel_cutoff_hours");
    auto stored = ctx.db->read([&](storage::ReadTx& db) { return storage::change_request_store::load_settings(db); });
    auto change_fields = with_changes ? posted_changes(ctx) : typed_changes(ctx, stored);
    auto policy = parse_policy(f);
    if (!policy) return show_policy(ctx, 422, f, change_fields, policy.error());
    auto changes = parse_changes(ctx, change_fields);
    if (!changes) return show_policy(ctx, 422, f, change_fields, changes.error());
    ctx.db->write([&](storage::WriteTx& db) {
        storage::booking_store::save_policy(db, policy.value());
        storage::change_request_store::save_settings(db, changes.value());
        const auto& c = changes.value();
        storage::audit_store::record(db, ctx.session->user.id, "booking_policy_changed", "",
                                     "online_booking " + policy.value().online_booking + ", cancel cutoff " + change_fields.cancel_cutoff_hours +
                                         " h, reschedule cutoff " + change_fields.reschedule_cutoff_hours + " h, late-cancel fee " +
                                         std::to_string(c.policy.late_cancel_fee_minor) + ", auto-approve " + (c.auto_approve ? "on" : "off"),
                                     ctx.client_ip);
    });
    ctx.redirect(ctx.base() + "/admin/settings/booking?done=saved");
}

namespace {
void show_terms(Context& ctx, int status, const storage::User& user, const storage::TeamAvailability& terms, const std::array<std::string, 7>& typed,
                const std::optional<domain::Error>& error) {
    auto services = ctx.db->read([&](storage::ReadTx& db) { return storage::service_store::list_active(db); });
    auto d = ctx.page_data(ctx.t("admin.team_booking.title"), "staff");
    d.set("name", user.display_name.empty() ? user.email : user.display_name);
    d.set("action", ctx.base() + "/admin/staff/" + std::to_string(user.id) + "/booking");
    d.set("edit_url", ctx.base() + "/admin/staff/" + std::to_string(user.id) + "/edit");
    d.set("takes_bookings", terms.takes_bookings);
    d.set("own_hours", terms.own_hours);
    d.set("every_service", terms.every_service);
    d.set("days", week_fields(ctx, typed, error));
    view::Data list{view::Data::type::list};
    for (const auto& s : services) {
        view::Data item;
        item.set("id", std::to_string(s.id));
        item.set("name", s.name);
        item.set("checked", std::find(terms.service_ids.begin(), terms.service_ids.end(), s.id) != terms.service_ids.end());
        list.push_back(item);
    }
    d.set("services", list);
    ctx.notice_from_done(d, {{"saved", "admin.team_booking.saved"}});
    if (error) add_error(ctx, d, *error);
    ctx.render(status, "admin/staff_booking", std::move(d));
}
}  // namespace

void admin_staff_booking_form(Context& ctx) {
    auto user = staff_of_path(ctx);
    if (!user) return;
    auto terms = ctx.db->read([&](storage::ReadTx& db) { return storage::booking_store::load_team_member(db, user->id); });
    show_terms(ctx, 200, *user, terms, typed_week(terms.hours), std::nullopt);
}

void admin_staff_booking_submit(Context& ctx) {
    auto user = staff_of_path(ctx);
    if (!user) return;
    storage::TeamAvailability terms;
    terms.user_id = user->id;
    terms.takes_bookings = ctx.form("takes_bookings") == "1";
    terms.own_hours = ctx.form("own_hours") == "1";
    terms.every_service = ctx.form("every_service") == "1";
    auto active = ctx.db->read([&](storage::ReadTx& db) { return storage::service_store::list_active(db); });
    for (auto [it, end] = ctx.req.form.equal_range("service_ids"); it != end; ++it) {
        auto id = parse_id(it->second);
        bool known = id && std::any_of(active.begin(), active.end(), [&](const auto& s) { return s.id == *id; });
        if (!known) return show_terms(ctx, 422, *user, terms, typed_week(ctx), domain::Error{"service_ids", "error.choice_unknown"});
        terms.service_ids.push_back(*id);
    }
    auto typed = typed_week(ctx);
    auto hours = parse_week(typed);
    if (!hours) return show_terms(ctx, 422, *user, terms, typed, hours.error());
    terms.hours = hours.value();
    ctx.db->write([&](storage::WriteTx& db) {
        storage::booking_store::save_team_member(db, terms);
        storage::audit_store::record(db, ctx.session->user.id, "team_booking_changed",
                                     storage::audit_store::subject(storage::audit_store::RecordKind::user, user->id),
                                     terms.takes_bookings ? "takes bookings" : "takes no bookings", ctx.client_ip);
    });
    ctx.redirect(ctx.base() + "/admin/staff/" + std::to_string(user->id) + "/booking?done=saved");
}

}  // namespace salonbox::web
