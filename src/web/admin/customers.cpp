// Admin screens for customers: the searchable list, the record form, the customer's page with their history,
// archiving, and the customer's portal access (invitation, a new link, disabling).
#include "domain/appointment_state.h"
#include "domain/customer_rules.h"
#include "domain/invoice_state.h"
#include "domain/request_state.h"
#include "domain/salon_settings.h"
#include "domain/text.h"
#include "storage/audit_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/portal_announcement_store.h"
#include "storage/portal_store.h"
#include "storage/session_store.h"
#include "storage/user_store.h"
#include "view/format.h"
#include "view/status_badges.h"
#include "web/admin/customer_account.h"
#include "web/admin/customer_pages.h"
#include "web/confirmation.h"
#include "web/emails.h"
#include "web/handlers.h"

#include <algorithm>

namespace salonbox::web {

using view::append, view::put, view::put_text;

namespace audit = storage::audit_store;

namespace {
using namespace customer_pages;
using domain::Error;
using storage::customer_store::PortalAccount;

constexpr int k_page_size = 25;
constexpr int k_request_limit = 50;
// The customer page shows the newest past appointments and invoices, what the front desk looks at while the
// customer is there: five years of them would bury the rest of the page. The whole history is one link away
// (?history=all), bounded all the same so that no page grows without end.
constexpr int k_recent_history = 10;
constexpr int k_whole_history = 1000;

std::string customer_url(const Context& ctx, std::int64_t id) { return ctx.base() + "/admin/customers/" + std::to_string(id); }

domain::CustomerFields typed_customer(const Context& ctx) {
    return {ctx.form("first_name"), ctx.form("last_name"), ctx.form("email"), ctx.form("phone"),
            ctx.form("address"),    ctx.form("locale"),    ctx.form("notes")};
}

// The language's name in the reader's language; an unexpected code (older data) is shown as it is.
std::string language_name(const Context& ctx, const std::string& locale) {
    const std::string key = "admin.customers.language." + locale;
    return ctx.services.catalogs.has(ctx.locale, key) ? ctx.t(key) : locale;
}

// Everything the new and edit forms share; `values` are shown as typed.
struct CustomerFormView {
    std::optional<std::int64_t> id;  // editing when set
    domain::CustomerFields values;
    std::vector<Error> errors;
    std::optional<std::int64_t> email_taken_by;
};

void show_customer_form(Context& ctx, int status, const CustomerFormView& form) {
    const bool editing = form.id.has_value();
    auto d = ctx.page_data(ctx.t(editing ? "admin.customers.edit.title" : "admin.customers.new.title"), "customers");
    put(d, "editing", editing);
    put_text(d, "action", editing ? customer_url(ctx, *form.id) + "/edit" : ctx.base() + "/admin/customers/new");
    put_text(d, "cancel_url", editing ? customer_url(ctx, *form.id) : ctx.base() + "/admin/customers");
    const auto& v = form.values;
    put_text(d, "first_name", v.first_name);
    put_text(d, "last_name", v.last_name);
    put_text(d, "email", v.email);
    put_text(d, "phone", v.phone);
    put_text(d, "address", v.address);
    put_text(d, "notes", v.notes);
    view::Data languages{view::Data::type::list};
    const std::string chosen = v.locale.empty() ? ctx.salon.locale : v.locale;
    for (const auto& code : domain::supported_locales()) {
        view::Data item;
        put_text(item, "code", code);
        put_text(item, "label", language_name(ctx, code));
        put(item, "selected", code == chosen);
        append(languages, std::move(item));
    }
    put(d, "languages", std::move(languages));
    add_field_errors(ctx, d, form.errors);
    if (form.email_taken_by) put_text(d, "email_taken_url", customer_url(ctx, *form.email_taken_by));
    ctx.render(status, "admin/customer_form", std::move(d));
}

// A page of the customer's history as the customer page shows it.
struct CustomerFile {
    storage::Customer customer;
    std::vector<storage::animal_store::ListRow> animals;
    std::vector<storage::portal_store::AppointmentRow> upcoming, past;
    std::vector<storage::invoice_store::InvoiceListRow> invoices;
    bool more_past = false, more_invoices = false;  // older ones than those shown
    std::vector<storage::customer_store::RequestRow> requests;
    std::optional<PortalAccount> portal;
    std::optional<domain::Instant> last_sign_in, announced_at;
};

std::optional<CustomerFile> load_file(Context& ctx, std::int64_t id, int history_limit) {
    auto now = ctx.now();
    return ctx.db->read([&](storage::ReadTx& db) -> std::optional<CustomerFile> {
        auto customer = storage::customer_store::find(db, id);
        if (!customer) return std::nullopt;
        CustomerFile f;
        f.customer = std::move(*customer);
        f.animals = storage::animal_store::of_customer(db, id, ctx.locale);
        f.upcoming = storage::portal_store::upcoming_appointments(db, id, now, ctx.locale);
        auto past = storage::portal_store::past_appointments(db, id, now, ctx.locale, 0, history_limit);
        f.past = std::move(past.rows);
        f.more_past = past.more;
        auto invoices = storage::invoice_store::of_customer(db, id, false, 0, history_limit);
        f.invoices = std::move(invoices.rows);
        f.more_invoices = invoices.more;
        f.requests = storage::customer_store::requests(db, id, k_request_limit);
        f.portal = storage::customer_store::portal_account(db, id);
        if (f.portal) f.last_sign_in = storage::audit_store::last_portal_sign_in(db, f.portal->user_id);
        f.announced_at = storage::portal_announcement_store::announced_at(db, id);
        return f;
    });
}

// "none", "invited" (no password chosen yet), "active" or "disabled".
std::string portal_state(const std::optional<PortalAccount>& account) {
    if (!account) return "none";
    if (!account->active) return "disabled";
    return account->has_password ? "active" : "invited";
}

// How the customer can sign in to the portal today: "password", "code", "both" or "never". A customer without an
// account signs in with a code when the salon allows codes (the first sign-in makes the account).
std::string sign_in_way(const domain::SalonSettings& salon, const storage::Customer& c, const std::optional<PortalAccount>& account) {
    if (c.archived || !salon.portal_enabled || (account && !account->active)) return "never";
    const bool code = domain::allows_code_sign_in(salon) && !c.email.empty();
    const bool password = account && account->has_password && domain::allows_password_sign_in(salon);
    return code && password ? "both" : code ? "code" : password ? "password" : "never";
}

view::Data lines_of(const std::string& text) {
    view::Data list{view::Data::type::list};
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        auto line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        view::Data item;
        put_text(item, "line", line);
        append(list, std::move(item));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return list;
}

void show_customer_page(Context& ctx, int status, std::int64_t id, const std::optional<Error>& portal_error = std::nullopt,
                        const std::optional<Error>& account_error = std::nullopt) {
    const bool whole_history = ctx.query("history") == "all";
    auto file = load_file(ctx, id, whole_history ? k_whole_history : k_recent_history);
    if (!file) return ctx.error_page(404, "error.not_found");
    const auto& c = file->customer;
    const bool manager = domain::is_manager(ctx.session->user.role);
    view::DateFormatter dates(ctx.services.catalogs, ctx.locale, ctx.salon.time_zone);

    auto d = ctx.page_data(c.first_name + " " + c.last_name, "customers");
    put_text(d, "customer_name", c.first_name + " " + c.last_name);
    put(d, "archived", c.archived);
    view::set_text(d, "customer_email", c.email);
    view::set_text(d, "customer_phone", c.phone);
    if (!c.address.empty()) put(d, "address_lines", lines_of(c.address));
    view::set_text(d, "language", language_name(ctx, c.locale));
    if (!c.notes.empty()) put(d, "notes_lines", lines_of(c.notes));
    put_text(d, "edit_url", customer_url(ctx, id) + "/edit");
    put_text(d, "customer_url", customer_url(ctx, id));

    auto animals = view::list(file->animals.size());
    for (const auto& a : file->animals) {
        view::Data item;
        put_text(item, "animal_name", a.name);
        put_text(item, "species", a.species);
        put(item, "has_breed", !a.breed.empty());
        put_text(item, "breed", a.breed);
        put(item, "has_breed_detail", !a.breed_detail.empty());
        put_text(item, "breed_detail", a.breed_detail);
        put(item, "has_birth_date", !a.birth_date.empty());
        put_text(item, "birth_date", a.birth_date);
        put_text(item, "edit_url", ctx.base() + "/admin/animals/" + std::to_string(a.id) + "/edit");
        append(animals, std::move(item));
    }
    put(d, "animals", std::move(animals));
    put(d, "has_animals", !file->animals.empty());
    put_text(d, "add_animal_url", ctx.base() + "/admin/animals/new?customer_id=" + std::to_string(id));

    auto appointments = [&](const auto& rows) {
        auto list = view::list(rows.size());
        for (const auto& a : rows) {
            view::Data item;
            put_text(item, "when", dates.date_time(a.starts_at));
            put_text(item, "until", dates.time(a.ends_at));
            put_text(item, "animal", a.animal_name);
            put(item, "has_service", !a.service.empty());
            put_text(item, "service", a.service);
            put_text(item, "status", ctx.t(view::appointment_badge(domain::parse_appointment_status(a.status)).label_key));
            put(item, "has_comments", !a.comments.empty());
            put_text(item, "comments", a.comments);
            // The rule of storage/receipt_store.h: started and not cancelled. A receipt shows money: managers only.
            if (manager && a.starts_at <= ctx.now() && a.status != "cancelled")
                put_text(item, "receipt_url", ctx.base() + "/admin/appointments/" + std::to_string(a.id) + "/receipt");
            // Invoicing is for managers; the link opens the appointment's draft when it has one already.
            if (manager && a.status != "cancelled") put_text(item, "invoice_url", ctx.base() + "/admin/invoices/new?appointment=" + std::to_string(a.id));
            append(list, std::move(item));
        }
        return list;
    };
    put(d, "upcoming", appointments(file->upcoming));
    put(d, "has_upcoming", !file->upcoming.empty());
    put(d, "past", appointments(file->past));
    put(d, "has_past", !file->past.empty());
    if (file->more_past || file->more_invoices) put_text(d, "whole_history_url", customer_url(ctx, id) + "?history=all");
    put(d, "more_past", file->more_past);
    put(d, "more_invoices", file->more_invoices);

    // Groomers see no money: an invoice's number, date and status, but not its total; no credit section.
    put(d, "sees_money", manager);
    auto invoices = view::list(file->invoices.size());
    for (const auto& i : file->invoices) {
        view::Data item;
        put_text(item, "number", i.number.empty() ? ctx.t("admin.customers.invoice.draft_number") : i.number);
        put_text(item, "date", i.status == "issued" ? dates.short_date(i.date) : std::string("–"));
        if (manager) put_text(item, "total", view::format_money(i.total_minor, i.currency, ctx.locale));
        auto badge = view::invoice_badge(i.display_status, view::Reader::staff);
        put_text(item, "status", ctx.t(badge.label_key));
        put_text(item, "status_class", badge.css);
        put(item, "link", manager);
        put_text(item, "url", ctx.base() + "/admin/invoices/" + std::to_string(i.id));
        append(invoices, std::move(item));
    }
    put(d, "invoices", std::move(invoices));
    put(d, "has_invoices", !file->invoices.empty());

    auto requests = view::list(file->requests.size());
    for (const auto& r : file->requests) {
        view::Data item;
        put_text(item, "when", dates.date_time(r.starts_at));
        put_text(item, "until", dates.time(r.ends_at));
        put_text(item, "animal", r.animal_name);
        auto badge = view::request_badge(domain::parse_request_status(r.status));
        put_text(item, "status", ctx.t(badge.label_key));
        put_text(item, "status_class", badge.css);
        put_text(item, "sent", dates.short_date(r.created_at));
        put(item, "has_comments", !r.comments.empty());
        put_text(item, "comments", r.comments);
        append(requests, std::move(item));
    }
    put(d, "requests", std::move(requests));
    put(d, "has_requests", !file->requests.empty());

    const auto state = portal_state(file->portal);
    put(d, "portal_" + state, true);
    put_text(d, "portal_status", ctx.t("admin.customers.portal.state." + state));
    if (state != "none") put_text(d, "portal_badge", std::string(state == "active" ? "approved" : state == "invited" ? "pending" : "declined"));
    if (file->portal) {
        put_text(d, "portal_email", file->portal->email);
        if (file->portal->last_invited_at) put_text(d, "portal_invited_on", dates.date_time(*file->portal->last_invited_at));
    }
    // Where customers sign in only with emailed codes, an invitation's password link could never be used: the
    // only thing left to do by hand is turning a disabled account back on (can_announce tells them of the portal).
    const bool passwords = domain::allows_password_sign_in(ctx.salon);
    put(d, "can_invite", !c.archived && (passwords ? (file->portal || !c.email.empty()) : (file->portal && !file->portal->active)));
    put(d, "needs_email", !c.archived && !file->portal && c.email.empty() && passwords);
    put(d, "can_disable", manager && file->portal && file->portal->active);
    put(d, "can_archive", manager && !c.archived);
    if (manager && !c.archived) put_text(d, "new_invoice_url", ctx.base() + "/admin/invoices/new?customer=" + std::to_string(id));
    put_text(d, "invite_label", ctx.t(state == "none" ? "admin.customers.portal.invite"
                                : state == "disabled" ? (passwords ? "admin.customers.portal.enable" : "admin.customers.portal.enable_codes")
                                : state == "invited" ? "admin.customers.portal.resend" : "admin.customers.portal.new_link"));
    if (portal_error) put_text(d, "portal_error", ctx.t(portal_error->message_key));
    put_text(d, "sign_in_way", ctx.t("admin.customers.portal.way." + sign_in_way(ctx.salon, c, file->portal)));
    put_text(d, "last_sign_in", file->last_sign_in ? dates.date_time(*file->last_sign_in) : ctx.t("admin.customers.portal.never_signed_in"));
    if (file->announced_at) put_text(d, "announced_on", dates.date_time(*file->announced_at));
    put(d, "can_announce", !c.archived && !file->portal && !c.email.empty() && ctx.salon.portal_enabled && domain::allows_code_sign_in(ctx.salon));
    customer_account::add_to_page(ctx, d, id, c.archived, account_error);

    ctx.notice_from_done(d, {{"created", "admin.customers.done.created"},
                             {"saved", "admin.customers.done.saved"},
                             {"invited", "admin.customers.done.invited"},
                             {"portal_enabled", "admin.customers.done.portal_enabled"},
                             {"portal_disabled", "admin.customers.done.portal_disabled"},
                             {"animal_added", "admin.customers.done.animal_added"},
                             {"animal_saved", "admin.customers.done.animal_saved"},
                             {"announced", "admin.customers.done.announced"},
                             {"credit_recorded", "credit.done.recorded"},
                             {"package_sold", "admin.packages.done.sold"}});
    ctx.render(status, "admin/customer_page", std::move(d));
}

std::optional<std::int64_t> path_id(const Context& ctx) { return domain::parse_record_id(ctx.path.at("id")); }
}  // namespace

void customer_pages::show_customer_file(Context& ctx, int status, std::int64_t id, const domain::Error& account_error) {
    show_customer_page(ctx, status, id, std::nullopt, account_error);
}

void admin_customers(Context& ctx) {
    auto query = domain::trim(ctx.query("q"));
    if (query.size() > 200) query.resize(200);
    const bool archived = ctx.query("archived") == "1";
    const int page = page_number(ctx);
    auto result = ctx.db->read([&](storage::ReadTx& db) {
        return storage::customer_store::search(db, query, archived, (page - 1) * k_page_size, k_page_size);
    });
    auto d = ctx.page_data(ctx.t("admin.customers.list.title"), "customers");
    put_text(d, "q", query);
    put(d, "searching", !query.empty());
    put(d, "show_archived", archived);
    auto list = view::list(result.rows.size());
    for (const auto& c : result.rows) {
        view::Data item;
        put_text(item, "url", customer_url(ctx, c.id));
        put_text(item, "customer_name", c.last_name + ", " + c.first_name);
        put(item, "has_email", !c.email.empty());
        put_text(item, "email", c.email);
        put(item, "has_phone", !c.phone.empty());
        put_text(item, "phone", c.phone);
        put_text(item, "animal_count", std::to_string(c.animals));
        put(item, "is_archived", c.archived);
        append(list, std::move(item));
    }
    put(d, "customers", std::move(list));
    put(d, "has_customers", !result.rows.empty());
    put_text(d, "count", std::to_string(result.total));
    put(d, "count_one", result.total == 1);
    std::string keep = "q=" + url_encode(query) + (archived ? "&archived=1" : "");
    add_pager(d, ctx.base() + "/admin/customers?" + keep, page, result.total, k_page_size);
    put_text(d, "toggle_archived_url", ctx.base() + "/admin/customers?q=" + url_encode(query) + (archived ? "" : "&archived=1"));
    ctx.notice_from_done(d, {{"archived", "admin.customers.done.archived"}});
    put(d, "can_announce", domain::is_manager(ctx.session->user.role) && ctx.salon.portal_enabled && domain::allows_code_sign_in(ctx.salon));
    ctx.render(200, "admin/customer_list", std::move(d));
}

void admin_customer_new_form(Context& ctx) { show_customer_form(ctx, 200, {std::nullopt, {}, {}, std::nullopt}); }

void admin_customer_new_submit(Context& ctx) {
    auto typed = typed_customer(ctx);
    auto checked = domain::check_customer(typed);
    if (!checked.ok()) return show_customer_form(ctx, 422, {std::nullopt, typed, checked.errors, std::nullopt});
    const auto& v = checked.value;
    struct Outcome {
        std::int64_t id = 0;
        std::optional<std::int64_t> email_taken_by;
    };
    // The uniqueness check and the insert share one IMMEDIATE transaction: two desks typing the same email at
    // once cannot both succeed.
    auto out = ctx.db->write([&](storage::WriteTx& db) {
        if (!v.email.empty())
            if (auto other = storage::customer_store::find_by_email(db, v.email)) return Outcome{0, other};
        storage::Customer c{0, v.first_name, v.last_name, v.email, v.phone, v.address, v.locale, v.notes, false};
        auto id = storage::customer_store::insert(db, c);
        audit::record(db, ctx.session->user.id, "customer_created", audit::subject(audit::RecordKind::customer, id), "", ctx.client_ip);
        return Outcome{id, std::nullopt};
    });
    if (out.email_taken_by)
        return show_customer_form(ctx, 422, {std::nullopt, typed, {{"email", "admin.customers.error.email_taken"}}, out.email_taken_by});
    ctx.redirect(customer_url(ctx, out.id) + "?done=created");
}

void admin_customer_page(Context& ctx) {
    auto id = path_id(ctx);
    if (!id) return ctx.error_page(404, "error.not_found");
    show_customer_page(ctx, 200, *id);
}

void admin_customer_edit_form(Context& ctx) {
    auto id = path_id(ctx);
    auto customer = id ? ctx.db->read([&](storage::ReadTx& db) { return storage::customer_store::find(db, *id); }) : std::nullopt;
    if (!customer) return ctx.error_page(404, "error.not_found");
    const auto& c = *customer;
    show_customer_form(ctx, 200, {id, {c.first_name, c.last_name, c.email, c.phone, c.address, c.locale, c.notes}, {}, std::nullopt});
}

void admin_customer_edit_submit(Context& ctx) {
    auto id = path_id(ctx);
    if (!id) return ctx.error_page(404, "error.not_found");
    auto typed = typed_customer(ctx);
    auto checked = domain::check_customer(typed);
    if (!checked.ok()) {
        if (!ctx.db->read([&](storage::ReadTx& db) { return storage::customer_store::find(db, *id).has_value(); }))
            return ctx.error_page(404, "error.not_found");
        return show_customer_form(ctx, 422, {id, typed, checked.errors, std::nullopt});
    }
    const auto& v = checked.value;
    struct Outcome {
        bool found = true;
        std::optional<Error> error;
        std::optional<std::int64_t> email_taken_by;
    };
    auto out = ctx.db->write([&](storage::WriteTx& db) {
        auto before = storage::customer_store::find(db, *id);
        if (!before) return Outcome{false, std::nullopt, std::nullopt};
        if (!v.email.empty())
            if (auto other = storage::customer_store::find_by_email(db, v.email, *id))
                return Outcome{true, Error{"email", "admin.customers.error.email_taken"}, other};
        // The portal account signs in with the customer's email: it follows the record, so it must stay
        // present and may not be another account's.
        if (auto account = storage::customer_store::portal_account(db, *id)) {
            if (v.email.empty()) return Outcome{true, Error{"email", "admin.customers.error.email_needed_for_portal"}, std::nullopt};
            auto holder = storage::user_store::find_by_email(db, v.email);
            if (holder && holder->id != account->user_id) return Outcome{true, Error{"email", "admin.customers.error.email_other_account"}, std::nullopt};
        }
        storage::Customer c{*id, v.first_name, v.last_name, v.email, v.phone, v.address, v.locale, v.notes, before->archived};
        storage::customer_store::update(db, c);
        if (!storage::customer_store::sync_portal_account(db, c)) {  // duplicate_email: taken since the check above
            db.cancel();
            return Outcome{true, Error{"email", "admin.customers.error.email_other_account"}, std::nullopt};
        }
        audit::record(db, ctx.session->user.id, "customer_updated", audit::subject(audit::RecordKind::customer, *id), "", ctx.client_ip);
        return Outcome{};
    });
    if (!out.found) return ctx.error_page(404, "error.not_found");
    if (out.error) return show_customer_form(ctx, 422, {id, typed, {*out.error}, out.email_taken_by});
    ctx.redirect(customer_url(ctx, *id) + "?done=saved");
}

namespace {
enum class Step { archive, disable_portal };

// The confirmation page of archiving customer {id} or disabling their portal access; the 404 page for an
// unknown customer.
void confirm_customer_step(Context& ctx, Step step) {
    auto id = path_id(ctx);
    std::optional<storage::Customer> c;
    if (id) c = ctx.db->read([&](storage::ReadTx& db) { return storage::customer_store::find(db, *id); });
    if (!c) return ctx.error_page(404, "error.not_found");
    const auto name = c->first_name + " " + c->last_name;
    const bool archive = step == Step::archive;
    Confirmation confirm;
    confirm.title = domain::fill_placeholders(ctx.t(archive ? "admin.confirm.archive.title" : "admin.confirm.portal_disable.title"), {{"name", name}});
    confirm.consequence = domain::fill_placeholders(ctx.t(archive ? "admin.confirm.archive.consequence" : "admin.confirm.portal_disable.consequence"), {{"name", name}});
    confirm.detail = ctx.t(archive ? "admin.confirm.archive.detail" : "admin.confirm.portal_disable.detail");
    confirm.action_url = customer_url(ctx, *id) + (archive ? "/archive" : "/portal/disable");
    confirm.confirm_label = ctx.t(archive ? "admin.customers.archive.submit" : "admin.customers.portal.disable");
    confirm.back_url = customer_url(ctx, *id);
    confirm.back_label = ctx.t("admin.confirm.back_to_customer");
    confirm.nav_tab = "customers";
    show_confirmation(ctx, 200, confirm);
}
}  // namespace

void admin_customer_archive_form(Context& ctx) { confirm_customer_step(ctx, Step::archive); }

void admin_customer_portal_disable_form(Context& ctx) { confirm_customer_step(ctx, Step::disable_portal); }

void admin_customer_archive(Context& ctx) {
    auto id = path_id(ctx);
    if (!id) return ctx.error_page(404, "error.not_found");
    if (!confirmed(ctx)) return confirm_customer_step(ctx, Step::archive);
    bool found = ctx.db->write([&](storage::WriteTx& db) {
        auto customer = storage::customer_store::find(db, *id);
        if (!customer) return false;
        if (storage::customer_store::archive(db, *id, ctx.now())) {
            // An archived customer's portal account is disabled by archive(); its open sessions end now.
            if (auto account = storage::customer_store::portal_account(db, *id)) storage::session_store::remove_for_user(db, account->user_id);
            audit::record(db, ctx.session->user.id, "customer_archived", audit::subject(audit::RecordKind::customer, *id), "", ctx.client_ip);
        }
        return true;
    });
    if (!found) return ctx.error_page(404, "error.not_found");
    ctx.redirect(ctx.base() + "/admin/customers?done=archived");
}

void admin_customer_portal_invite(Context& ctx) {
    auto id = path_id(ctx);
    if (!id) return ctx.error_page(404, "error.not_found");
    enum class Outcome { unknown, refused, sent, enabled };
    std::optional<Error> refusal;
    const bool passwords = domain::allows_password_sign_in(ctx.salon);
    auto out = ctx.db->write([&](storage::WriteTx& db) {
        auto customer = storage::customer_store::find(db, *id);
        if (!customer) return Outcome::unknown;
        if (customer->archived) {
            refusal = Error{"portal", "admin.customers.error.portal_archived"};
            return Outcome::refused;
        }
        std::int64_t user_id = 0;
        const std::string subject = audit::subject(audit::RecordKind::customer, *id);
        if (auto account = storage::customer_store::portal_account(db, *id)) {
            user_id = account->user_id;
            if (!account->active) {
                storage::customer_store::set_portal_active(db, user_id, true);
                audit::record(db, ctx.session->user.id, "portal_enabled", subject, "", ctx.client_ip);
            }
            // Codes only: the account signs in with a code sent to its email, so no password link is sent.
            if (!passwords) return Outcome::enabled;
        } else if (!passwords) {
            refusal = Error{"portal", "admin.customers.error.portal_codes_only"};
            return Outcome::refused;
        } else {
            if (customer->email.empty()) {
                refusal = Error{"portal", "admin.customers.error.portal_needs_email"};
                return Outcome::refused;
            }
            if (storage::user_store::email_taken(db, customer->email)) {
                refusal = Error{"portal", "admin.customers.error.email_other_account"};
                return Outcome::refused;
            }
            storage::User user;
            user.email = customer->email;
            user.role = domain::Role::customer;
            user.display_name = customer->first_name + " " + customer->last_name;
            user.locale = customer->locale;
            user.customer_id = *id;
            auto inserted = storage::user_store::insert(db, user);
            if (!inserted) {  // duplicate_email: taken since the check above
                refusal = Error{"portal", "admin.customers.error.email_other_account"};
                return Outcome::refused;
            }
            user_id = inserted.value();
            audit::record(db, ctx.session->user.id, "portal_account_created", subject, audit::subject(audit::RecordKind::user, user_id),
                          ctx.client_ip);
        }
        // A new link every time: invite_account retires the account's earlier links.
        invite_account(db, MailContext{ctx.services.templates, ctx.services.catalogs, ctx.services.secret, ctx.services.link_base()}, ctx.salon,
                       user_id);
        audit::record(db, ctx.session->user.id, "portal_invited", subject, "", ctx.client_ip);
        return Outcome::sent;
    });
    if (out == Outcome::unknown) return ctx.error_page(404, "error.not_found");
    if (out == Outcome::refused) return show_customer_page(ctx, 422, *id, refusal);
    if (out == Outcome::enabled) return ctx.redirect(customer_url(ctx, *id) + "?done=portal_enabled");
    ctx.services.wake_mail_sender();
    ctx.redirect(customer_url(ctx, *id) + "?done=invited");
}

void admin_customer_portal_disable(Context& ctx) {
    auto id = path_id(ctx);
    if (!id) return ctx.error_page(404, "error.not_found");
    if (!confirmed(ctx)) return confirm_customer_step(ctx, Step::disable_portal);
    enum class Outcome { unknown, no_account, disabled };
    auto out = ctx.db->write([&](storage::WriteTx& db) {
        if (!storage::customer_store::find(db, *id)) return Outcome::unknown;
        auto account = storage::customer_store::portal_account(db, *id);
        if (!account) return Outcome::no_account;
        if (account->active) {
            storage::customer_store::set_portal_active(db, account->user_id, false);
            audit::record(db, ctx.session->user.id, "portal_disabled", audit::subject(audit::RecordKind::customer, *id), "", ctx.client_ip);
        }
        // Ends the customer's sessions at once, whatever find_active would conclude later.
        storage::session_store::remove_for_user(db, account->user_id);
        return Outcome::disabled;
    });
    if (out == Outcome::unknown) return ctx.error_page(404, "error.not_found");
    ctx.redirect(customer_url(ctx, *id) + (out == Outcome::disabled ? "?done=portal_disabled" : ""));
}

}  // namespace salonbox::web
