// The public booking page: a service, a day, a free time, then the confirmation, which a signed-in customer
// sends. Every step is a plain link or form (no script needed); the choice travels in the query string
// (`service`, `date`, `staff`, `start`, `animal`) until the POST.
#include "domain/availability.h"
#include "domain/booking.h"
#include "domain/text.h"
#include "storage/booking_store.h"
#include "storage/portal_store.h"
#include "storage/service_store.h"
#include "view/format.h"
#include "web/emails.h"
#include "web/handlers.h"
#include "web/portal/day_choice.h"
#include "web/portal/request_sending.h"
#include "web/portal/typed_text.h"
#include "web/sign_in.h"

#include <algorithm>

namespace salonbox::web {

namespace {
constexpr std::size_t k_nearest_offered = 4;

// What the visitor has chosen so far, as typed (query string or form): each part is checked before use.
struct Selection {
    std::string service, date, staff, start, animal, comments;
};

Selection from_query(const Context& ctx) {
    return {ctx.query("service"), ctx.query("date"), ctx.query("staff"), ctx.query("start"), ctx.query("animal"), ""};
}

Selection from_form(const Context& ctx) {
    return {ctx.form("service_id"), "", ctx.form("staff_id"), ctx.form("start"), ctx.form("animal_id"), typed_text(ctx.form("comments"))};
}

// The booking page's URL for a choice; ids and dates are checked values, so nothing needs escaping but `start`'s
// colon, which is legal in a query string.
std::string book_url(const Context& ctx, std::int64_t service, const std::string& date, std::optional<std::int64_t> staff,
                     const std::string& start, const std::string& animal) {
    std::string url = ctx.base() + "/book?service=" + std::to_string(service);
    if (!date.empty()) url += "&date=" + date;
    if (staff) url += "&staff=" + std::to_string(*staff);
    if (!start.empty()) url += "&start=" + start;
    if (!animal.empty()) url += "&animal=" + animal;
    return url;
}

bool signed_in_customer(const Context& ctx) { return ctx.session && ctx.session->user.role == domain::Role::customer; }

std::int64_t customer_of(const Context& ctx) { return ctx.session->user.customer_id.value_or(-1); }

// The bookable services (active, with someone who performs them, named in `lang`) and who performs each.
struct Offer {
    storage::Service service;
    std::vector<storage::BookableName> team;
};

std::vector<Offer> load_offers(storage::ReadTx& db, std::string_view lang) {
    std::vector<Offer> out;
    for (auto& s : storage::service_store::list_active(db, lang)) {
        auto team = storage::booking_store::bookable_names(db, s.id);
        if (!team.empty()) out.push_back({std::move(s), std::move(team)});
    }
    return out;
}

struct PageState {
    std::optional<domain::Error> error;
    bool taken = false;  // the chosen time went to someone else: offer the nearest free times
};

void show(Context& ctx, int status, const Selection& sel, const PageState& state = {}) {
    auto now = ctx.now();
    const auto& zone = ctx.salon.time_zone;
    auto [policy, offers] = ctx.db->read([&](storage::ReadTx& db) { return std::pair{storage::booking_store::load_policy(db), load_offers(db, ctx.locale)}; });
    auto d = ctx.page_data(ctx.t("booking.title"), "book");
    if (signed_in_customer(ctx)) d.set("portal_nav", true);
    d.set("salon_name", ctx.salon.name);
    view::set_text(d, "salon_phone", ctx.salon.phone);
    if (policy.online_booking == "off") {
        d.set("off", true);
        return ctx.render(status, "portal/book", std::move(d));
    }
    d.set(policy.online_booking == "instant" ? "instant" : "request", true);
    auto animal = parse_id(sel.animal) ? sel.animal : std::string{};
    auto service_id = parse_id(sel.service);
    auto offer = std::find_if(offers.begin(), offers.end(), [&](const Offer& o) { return service_id && o.service.id == *service_id; });

    if (offer == offers.end()) {
        view::Data list{view::Data::type::list};
        for (const auto& o : offers) {
            view::Data item;
            item.set("name", o.service.name);
            item.set("minutes", domain::fill_placeholders(ctx.t("booking.minutes"), {{"minutes", std::to_string(o.service.duration_minutes)}}));
            item.set("price", view::format_money(o.service.price_minor, ctx.salon.currency, ctx.locale));
            item.set("url", book_url(ctx, o.service.id, "", std::nullopt, "", animal));
            list.push_back(item);
        }
        d.set("services", list);
        d.set("has_services", !offers.empty());
        d.set("step_service", true);
        if (state.error) add_error(ctx, d, *state.error);
        return ctx.render(status, "portal/book", std::move(d));
    }

    const auto& service = offer->service;
    d.set("service_id", std::to_string(service.id));
    d.set("service_name", service.name);
    d.set("service_minutes", domain::fill_placeholders(ctx.t("booking.minutes"), {{"minutes", std::to_string(service.duration_minutes)}}));
    d.set("service_price", view::format_money(service.price_minor, ctx.salon.currency, ctx.locale));
    d.set("change_service_url", ctx.base() + "/book" + (animal.empty() ? "" : "?animal=" + animal));

    std::optional<std::int64_t> staff = parse_id(sel.staff);
    auto member = std::find_if(offer->team.begin(), offer->team.end(), [&](const auto& m) { return staff && m.user_id == *staff; });
    if (member == offer->team.end()) staff.reset();
    d.set("staff_id", staff ? std::to_string(*staff) : std::string{});
    d.set("staff_name", staff ? member->name : ctx.t("booking.anyone"));

    auto start_local = domain::parse_local_datetime(sel.start);
    auto day = start_local ? std::optional<domain::LocalDate>{{start_local->year, start_local->month, start_local->day}} : domain::parse_local_date(sel.date);
    auto date_text = day ? domain::format_local_date(*day) : std::string{};

    // Step 2: who (anyone or a groomer) and which day, among the next days with a free time.
    view::Data team{view::Data::type::list};
    auto team_item = [&](std::optional<std::int64_t> id, const std::string& name) {
        view::Data item;
        item.set("name", name);
        item.set("url", book_url(ctx, service.id, date_text, id, "", animal));
        item.set("current", id == staff);
        team.push_back(item);
    };
    team_item(std::nullopt, ctx.t("booking.anyone"));
    for (const auto& m : offer->team) team_item(m.user_id, m.name);
    d.set("team", team);

    view::DateFormatter f(ctx.services.catalogs, ctx.locale, zone);
    auto choice = choose_day(ctx, f, policy.horizon_days, service.id, staff, day,
                             [&](const std::string& date) { return book_url(ctx, service.id, date, staff, "", animal); });
    const auto& day_starts = choice.chosen_starts;
    d.set("days", choice.days);
    d.set("has_days", choice.has_days);
    d.set("step_day", true);

    auto time_list = [&](const std::vector<domain::FreeStart>& starts) {
        view::Data list{view::Data::type::list};
        for (const auto& s : starts) {
            view::Data item;
            auto local = domain::format_local_datetime(s.local);
            item.set("label", f.time(s.starts_at));
            item.set("long_label", f.date_time(s.starts_at));
            item.set("url", book_url(ctx, service.id, domain::format_local_date({s.local.year, s.local.month, s.local.day}), staff, local, animal) + "#confirm");
            item.set("current", local == sel.start);
            list.push_back(item);
        }
        return list;
    };
    if (day) {
        d.set("step_time", true);
        d.set("time_zone", zone);
        d.set("date", date_text);
        if (auto midday = domain::from_local({day->year, day->month, day->day, 12, 0}, zone)) d.set("day_label", f.long_date(*midday));
        d.set("times", time_list(day_starts));
        d.set("has_times", !day_starts.empty());
    }

    if (start_local) {
        // Step 4: the confirmation, sent by a signed-in customer.
        d.set("step_confirm", true);
        d.set("start", domain::format_local_datetime(*start_local));
        if (auto at = domain::from_local(*start_local, zone)) d.set("when", f.date_time(*at));
        if (!signed_in_customer(ctx)) {
            d.set("sign_in_url", ctx.base() + "/login?next=" + url_encode(book_url(ctx, service.id, date_text, staff, sel.start, animal)));
        } else {
            auto animals = ctx.db->read([&](storage::ReadTx& db) { return storage::portal_store::animals(db, customer_of(ctx), ctx.locale, now); });
            view::Data list{view::Data::type::list};
            for (const auto& a : animals) {
                view::Data item;
                item.set("id", std::to_string(a.id));
                item.set("name", a.name);
                item.set("selected", std::to_string(a.id) == sel.animal);
                list.push_back(item);
            }
            d.set("animals", list);
            d.set("has_animals", !animals.empty());
            d.set("comments", sel.comments);
        }
    }
    if (state.taken) {
        auto target = start_local ? domain::from_local(*start_local, zone) : std::nullopt;
        auto nearest = target ? domain::nearest_starts(day_starts, *target, k_nearest_offered) : std::vector<domain::FreeStart>{};
        d.set("taken", true);
        d.set("nearest", time_list(nearest));
        d.set("has_nearest", !nearest.empty());
    }
    if (state.error) add_error(ctx, d, *state.error);
    ctx.render(status, "portal/book", std::move(d));
}
}  // namespace

void portal_book_page(Context& ctx) { show(ctx, 200, from_query(ctx)); }

void portal_book_submit(Context& ctx) {
    auto sel = from_form(ctx);
    if (!signed_in_customer(ctx)) {
        auto service = parse_id(sel.service);
        auto back = service ? book_url(ctx, *service, "", parse_id(sel.staff), domain::parse_local_datetime(sel.start) ? sel.start : "", "")
                            : ctx.base() + "/book";
        return ctx.redirect(ctx.base() + "/login?next=" + url_encode(back));
    }
    const auto& zone = ctx.salon.time_zone;
    auto now = ctx.now();
    auto fail = [&](int status, std::string field, std::string key) { show(ctx, status, sel, {domain::Error{std::move(field), std::move(key)}, false}); };

    auto [policy, offers] = ctx.db->read([&](storage::ReadTx& db) { return std::pair{storage::booking_store::load_policy(db), load_offers(db, ctx.locale)}; });
    if (policy.online_booking == "off") return show(ctx, 403, sel);
    auto service_id = parse_id(sel.service);
    auto offer = std::find_if(offers.begin(), offers.end(), [&](const Offer& o) { return service_id && o.service.id == *service_id; });
    if (offer == offers.end()) return fail(422, "service_id", "booking.error.service_unknown");
    std::optional<std::int64_t> staff;
    if (!domain::trim(sel.staff).empty()) {
        staff = parse_id(domain::trim(sel.staff));
        bool known = staff && std::any_of(offer->team.begin(), offer->team.end(), [&](const auto& m) { return m.user_id == *staff; });
        if (!known) return fail(422, "staff_id", "booking.error.staff_unknown");
    }
    auto start_local = domain::parse_local_datetime(sel.start);
    auto starts_at = start_local ? domain::from_local(*start_local, zone) : std::nullopt;
    if (!starts_at) return fail(422, "start", "error.date_invalid");
    auto ends_at = *starts_at + std::chrono::minutes(offer->service.duration_minutes);
    auto checked = domain::check_request(sel.start, domain::format_local_datetime(domain::to_local(ends_at, zone)), sel.comments, zone, now);
    if (!checked && checked.error().field == "comments") return fail(422, "comments", checked.error().message_key);
    auto animal_id = parse_id(sel.animal);
    auto [animals, upcoming] = ctx.db->read([&](storage::ReadTx& db) {
        return std::pair{storage::portal_store::animals(db, customer_of(ctx), ctx.locale, now),
                         policy.online_booking == "instant" ? storage::portal_store::upcoming_appointments(db, customer_of(ctx), now, ctx.locale)
                                                            : std::vector<storage::portal_store::AppointmentRow>{}};
    });
    if (!animal_id || std::none_of(animals.begin(), animals.end(), [&](const auto& a) { return a.id == *animal_id; }))
        return fail(422, "animal_id", "error.animal_unknown");
    // Sent twice (a double click, the back button): this very booking was made by the first; answer as it did.
    if (std::any_of(upcoming.begin(), upcoming.end(), [&](const auto& a) {
            return a.animal_id == *animal_id && a.starts_at == *starts_at && a.bookable_service_id == offer->service.id;
        }))
        return ctx.redirect(ctx.base() + "/account/appointments?done=booked");

    // The time must be one the page offers: a crafted one is refused with the reason.
    auto refusal = ctx.db->read([&](storage::ReadTx& db) {
        return storage::booking_store::why_not_offered(db, zone, offer->service, staff, now, *starts_at);
    });
    if (refusal == domain::Refusal::taken) return show(ctx, 409, sel, {domain::Error{"start", "booking.error.taken"}, true});
    if (refusal != domain::Refusal::none) return fail(422, "start", domain::refusal_message_key(refusal));

    std::string comments(domain::trim(sel.comments));
    if (policy.online_booking == "instant") {
        auto placed = ctx.db->write([&](storage::WriteTx& db) {
            storage::SlotRequest r;
            r.customer_id = customer_of(ctx);
            r.animal_id = *animal_id;
            r.service_id = offer->service.id;
            r.staff_user_id = staff;
            r.starts_at = *starts_at;
            r.comments = comments;
            auto result = storage::booking_store::place(db, zone, r);
            // confirmation email: booked (with the calendar file), committed with the appointment or not at all
            if (result) email_appointment_notice(db, ctx.services, ctx.salon, {AppointmentEvent::booked, result.value().appointment_id, std::nullopt, ""});
            return result;
        });
        if (!placed && placed.error() == storage::StoreError::animal_overlap) return fail(409, "start", "booking.error.animal_busy");
        if (!placed) return show(ctx, 409, sel, {domain::Error{"start", "booking.error.taken"}, true});
        ctx.services.wake_mail_sender();
        return ctx.redirect(ctx.base() + "/account/appointments?done=booked");
    }

    storage::AppointmentRequest request;
    request.animal_id = *animal_id;
    request.starts_at = *starts_at;
    request.ends_at = ends_at;
    request.comments = comments;
    auto sent = ctx.db->write([&](storage::WriteTx& db) {
        // confirmation email: requested (send_request acknowledges the request by email)
        auto result = send_request(db, ctx, request);
        if (result.id != 0 && !result.repeated) storage::booking_store::set_request_service(db, result.id, offer->service.id, staff);
        return result;
    });
    if (sent.limit_key) return fail(429, "", *sent.limit_key);
    if (sent.id == 0) return fail(422, "animal_id", "error.animal_unknown");
    ctx.services.wake_mail_sender();
    ctx.redirect(ctx.base() + "/account/appointments?done=requested");
}

}  // namespace salonbox::web
