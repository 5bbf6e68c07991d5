#include "web/emails.h"

#include "auth/sealed_text.h"
#include "auth/tokens.h"
#include "domain/payment_terms.h"
#include "domain/text.h"
#include "mail/calendar_invitation.h"
#include "storage/appointment_store.h"
#include "storage/calendar_store.h"
#include "storage/customer_store.h"
#include "storage/invoice_store.h"
#include "storage/outbox_store.h"
#include "storage/password_token_store.h"
#include "storage/request_store.h"
#include "storage/service_store.h"
#include "storage/user_store.h"
#include "view/format.h"
#include "view/i18n.h"
#include "web/invoice_pdf.h"

#include <stdexcept>
#include <string_view>
#include <vector>

namespace salonbox::web {

namespace {
std::vector<std::string> split(const std::string& text, std::string_view separator) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (auto at = text.find(separator); at != std::string::npos; at = text.find(separator, from)) {
        out.push_back(text.substr(from, at - from));
        from = at + separator.size();
    }
    out.push_back(text.substr(from));
    return out;
}

// The footer's text split where it breaks: paragraphs at blank lines, lines at line ends, for the HTML footer.
view::Data footer_paragraphs(const std::string& text) {
    view::Data paragraphs{view::Data::type::list};
    bool first = true;
    for (const auto& paragraph : split(text, "\n\n")) {
        view::Data lines{view::Data::type::list};
        const auto parts = split(paragraph, "\n");
        for (std::size_t i = 0; i < parts.size(); ++i) {
            view::Data line;
            line.set("text", parts[i]);
            line.set("more", i + 1 < parts.size());
            lines.push_back(line);
        }
        view::Data p;
        p.set("lines", lines);
        p.set("contact", !first);
        paragraphs.push_back(p);
        first = false;
    }
    return paragraphs;
}
}  // namespace

EmailBodies render_email(const view::Templates& templates, const domain::SalonSettings& salon, const std::string& name,
                         const std::string& locale, view::Data data) {
    view::Data contact;
    contact.set("salon_name", salon.name);
    view::set_text(contact, "address", salon.address);
    view::set_text(contact, "phone", salon.phone);
    view::set_text(contact, "salon_email", salon.email);
    contact.set("contact", !salon.address.empty() || !salon.phone.empty() || !salon.email.empty());
    auto footer = domain::trim(templates.render("email/footer.txt", locale, contact));
    for (auto at = footer.find('\r'); at != std::string::npos; at = footer.find('\r', at)) footer.erase(at, 1);  // a typed CRLF address
    EmailBodies out;
    data.set("footer", footer);
    out.text = templates.render(name + ".txt", locale, data);
    view::Data html_footer;
    html_footer.set("paragraphs", footer_paragraphs(footer));
    data.set("footer", templates.render("email/footer.html", locale, html_footer));
    out.html = templates.render(name + ".html", locale, data);
    return out;
}

void set_bodies(storage::OutboxMessage& message, EmailBodies bodies) {
    message.body_text = std::move(bodies.text);
    message.body_html = std::move(bodies.html);
}

std::string greeting_name(storage::ReadTx& db, std::int64_t customer_id, const std::string& fallback) {
    auto customer = storage::customer_store::find(db, customer_id);
    return customer && !customer->first_name.empty() ? customer->first_name : fallback;
}

namespace {
// A message whose bodies hold a secret (a link or a code): sealed at rest, marked sensitive, so the mail sender
// opens them and blanks them once the message is sent or has failed for good, and the email log never shows them.
storage::OutboxMessage sealed_message(const MailContext& mail, std::string to_address, std::string to_name, std::string subject,
                                      const EmailBodies& bodies) {
    storage::OutboxMessage m;
    m.to_address = std::move(to_address);
    m.to_name = std::move(to_name);
    m.subject = std::move(subject);
    m.body_text = auth::seal_text(mail.secret, bodies.text);
    m.body_html = auth::seal_text(mail.secret, bodies.html);
    m.sensitive = true;
    return m;
}
}  // namespace

storage::OutboxMessage sign_in_code_message(const MailContext& mail, const domain::SalonSettings& salon, const SignInCodeEmail& email) {
    view::Data d;
    d.set("name", email.greeting_name.empty() ? email.to_name : email.greeting_name);
    d.set("salon_name", salon.name);
    d.set("code", email.code);
    d.set("portal_url", email.portal_url);
    return sealed_message(mail, email.to_address, email.to_name,
                          domain::fill_placeholders(mail.catalogs.text(email.locale, "email.code.subject"), {{"salon", salon.name}}),
                          render_email(mail.templates, salon, "email/sign_in_code", email.locale, std::move(d)));
}

void enqueue_password_link(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon,
                           const PasswordLinkEmail& email) {
    const std::string kind = !email.invitation ? "reset" : email.staff ? "staff_invitation" : "invitation";
    view::Data d;
    d.set("name", email.greeting_name.empty() ? email.to_name : email.greeting_name);
    d.set("salon_name", salon.name);
    d.set("link", email.link);
    d.set("portal_url", email.portal_url);
    d.set("email", email.to_address);
    d.set(email.invitation ? "invitation" : "reset", true);
    if (email.staff) d.set("staff", true);
    storage::outbox_store::enqueue(
        db, sealed_message(mail, email.to_address, email.to_name,
                           domain::fill_placeholders(mail.catalogs.text(email.locale, "email." + kind + ".subject"), {{"salon", salon.name}}),
                           render_email(mail.templates, salon, "email/password_link", email.locale, std::move(d))));
}

namespace {
// Issues a set-password token for `user` and enqueues its email.
void send_password_link(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon, const storage::User& user,
                        bool invitation) {
    auto token = auth::random_token(32);
    auto now = db.now();
    auto lifetime = invitation ? std::chrono::hours(24 * 7) : std::chrono::hours(1);
    storage::password_token_store::issue(db, mail.secret.keyed_hash(token), user.id, invitation ? "invitation" : "reset", now, now + lifetime);
    const bool staff = domain::is_staff(user.role);
    const auto face = mail.link_base + "/s/" + salon.slug + (staff ? "/admin" : "");
    PasswordLinkEmail email;
    email.to_address = user.email;
    email.to_name = user.display_name;
    if (user.customer_id) email.greeting_name = greeting_name(db, *user.customer_id, user.display_name);
    email.locale = view::choose_locale(user.locale, "", salon.locale);
    // Each face has its own reset page: a staff member's link works while the portal is closed.
    email.link = face + "/password/reset?token=" + token;
    email.portal_url = face + "/login";
    email.invitation = invitation;
    email.staff = staff;
    enqueue_password_link(db, mail, salon, email);
}
}  // namespace

void invite_account(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon, std::int64_t user_id) {
    auto user = storage::user_store::find_by_id(db, user_id);
    if (!user) throw std::logic_error("no account to invite");
    send_password_link(db, mail, salon, *user, true);
}

void email_reset_link(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon, const storage::User& user) {
    send_password_link(db, mail, salon, user, false);
}

namespace {
std::string event_name(AppointmentEvent event) {
    switch (event) {
        case AppointmentEvent::booked: return "booked";
        case AppointmentEvent::approved: return "approved";
        case AppointmentEvent::moved: return "moved";
        case AppointmentEvent::cancelled: return "cancelled";
    }
    return "booked";
}

// What every email about one appointment (or one asked for) shows: who, which animal, when in the salon's zone,
// where and how to reach the salon, and the portal when the customer has one.
struct AppointmentEmail {
    std::string locale;
    view::Data data;
};

AppointmentEmail appointment_email(const Services& services, const domain::SalonSettings& salon, const std::string& customer_locale,
                                   const std::string& account_locale, const std::string& greeting, const std::string& animal_name,
                                   domain::Instant starts_at, domain::Instant ends_at, bool with_portal) {
    AppointmentEmail email{view::choose_locale(customer_locale, "", view::choose_locale(account_locale, "", salon.locale)), {}};
    const view::DateFormatter f(services.catalogs, email.locale, salon.time_zone);
    auto& d = email.data;
    d.set("name", greeting);
    d.set("salon_name", salon.name);
    d.set("animal", animal_name);
    d.set("when", f.date_time(starts_at));
    d.set("until", f.time(ends_at));
    // The salon's address and phone are in every email's footer (render_email), not repeated here.
    if (with_portal && salon.portal_enabled) d.set("portal_url", services.link_base() + "/s/" + salon.slug + "/account/appointments");
    return email;
}

// The appointment's service in the email's language ("" without a service).
std::string service_name_in(storage::ReadTx& db, const storage::Appointment& a, const std::string& locale) {
    return a.service_id ? storage::service_store::name_in(db, *a.service_id, locale) : std::string();
}

// The subject of an appointment email in `locale`, `kind` naming its catalog key (email.appointment.<kind>.subject).
std::string appointment_subject(const Services& services, const domain::SalonSettings& salon, const std::string& locale,
                                const std::string& kind, const std::string& animal_name, domain::Instant starts_at) {
    const view::DateFormatter f(services.catalogs, locale, salon.time_zone);
    return domain::fill_placeholders(services.catalogs.text(locale, "email.appointment." + kind + ".subject"),
                                     {{"salon", salon.name}, {"animal", animal_name}, {"when", f.date_time(starts_at)}});
}
}  // namespace

bool email_appointment_notice(storage::WriteTx& db, const Services& services, const domain::SalonSettings& salon,
                              const AppointmentNotice& notice) {
    const auto found = storage::appointment_store::find_for_customer(db, notice.appointment_id);
    if (!found || found->customer_email.empty()) return false;  // the portal still shows the change
    const auto& a = found->appointment;
    auto email = appointment_email(services, salon, found->customer_locale, found->account_locale,
                                   greeting_name(db, a.customer_id, found->customer_name), found->animal_name,
                                   a.starts_at, a.ends_at, found->has_account);
    const auto& locale = email.locale;
    const auto event = event_name(notice.event);
    auto t = [&](const std::string& key) { return services.catalogs.text(locale, "email.appointment." + key); };
    const auto service_name = service_name_in(db, a, locale);

    auto& d = email.data;
    d.set(event, true);
    d.set("calendar_file", true);
    view::set_text(d, "service", service_name);
    view::set_text(d, "groomer", found->staff_name);
    if (notice.previous_start) d.set("previous", view::DateFormatter(services.catalogs, locale, salon.time_zone).date_time(*notice.previous_start));
    view::set_text(d, "message", notice.salon_message);

    mail::CalendarInvitation ics;
    ics.method = notice.event == AppointmentEvent::cancelled ? mail::CalendarMethod::cancel : mail::CalendarMethod::request;
    ics.uid = mail::appointment_uid(a.id, storage::calendar_store::uid_token(db));
    ics.sequence = storage::calendar_store::next_sequence(db, a.id);
    ics.stamp = db.now();
    ics.starts_at = a.starts_at;
    ics.ends_at = a.ends_at;
    ics.summary = (service_name.empty() ? found->animal_name : service_name + " (" + found->animal_name + ")") + " – " + salon.name;
    ics.location = salon.address;
    if (!found->staff_name.empty()) ics.description = t("groomer") + " " + found->staff_name;
    if (!salon.phone.empty()) ics.description += (ics.description.empty() ? "" : "\n") + t("phone") + " " + salon.phone;
    ics.organizer_name = salon.mail_sender_name.empty() ? salon.name : salon.mail_sender_name;
    const auto reply_to = domain::reply_address(salon);
    ics.organizer_address = reply_to.empty() ? services.mail_from : reply_to;
    ics.attendee_name = found->customer_name;
    ics.attendee_address = found->customer_email;

    storage::OutboxMessage m;
    m.to_address = found->customer_email;
    m.to_name = found->customer_name;
    m.subject = appointment_subject(services, salon, locale, event, found->animal_name, a.starts_at);
    set_bodies(m, render_email(services.templates, salon, "email/appointment", locale, d));
    m.attachments.push_back({t("filename"), mail::calendar_content_type(ics.method), mail::to_icalendar(ics)});
    storage::outbox_store::enqueue(db, m);
    return true;
}

bool email_request_received(storage::WriteTx& db, const Services& services, const domain::SalonSettings& salon, std::int64_t request_id) {
    const auto request = storage::request_store::find(db, request_id);
    if (!request || request->customer_email.empty()) return false;
    auto email = appointment_email(services, salon, request->customer_locale, request->account_locale,
                                   greeting_name(db, request->customer_id, request->customer_name),
                                   request->animal_name, request->starts_at, request->ends_at, true);
    email.data.set("requested", true);
    storage::OutboxMessage m;
    m.to_address = request->customer_email;
    m.to_name = request->customer_name;
    m.subject = appointment_subject(services, salon, email.locale, "requested", request->animal_name, request->starts_at);
    set_bodies(m, render_email(services.templates, salon, "email/appointment", email.locale, email.data));
    storage::outbox_store::enqueue(db, m);
    return true;
}

bool email_issued_invoice(storage::WriteTx& db, const Context& ctx, std::int64_t invoice_id) {
    const auto invoice = storage::invoice_store::load(db, invoice_id, std::nullopt);
    if (!invoice || invoice->customer_email.empty() || !invoice->issued_at) return false;
    const auto due_days = storage::invoice_store::payment_due_days(db);
    const auto& salon = ctx.salon;
    const auto& services = ctx.services;
    // The PDF's language (web/invoice_pdf.cpp), so the email and its attachment agree.
    const auto locale = view::choose_locale(invoice->customer_locale, "", salon.locale);
    const view::DateFormatter f(services.catalogs, locale, salon.time_zone);
    auto money = [&](std::int64_t minor) { return view::format_money(minor, invoice->currency, locale); };
    const auto& totals = invoice->totals;

    view::Data d;
    d.set("name", greeting_name(db, invoice->customer_id, invoice->customer_name));
    d.set("salon_name", salon.name);
    d.set("number", invoice->number);
    d.set("issued_on", f.medium_date(*invoice->issued_at));
    d.set("total", money(totals.total_minor));
    if (totals.due_minor > 0) {
        d.set("due", money(totals.due_minor));
        d.set("due_date", f.medium_date(domain::due_date(*invoice->issued_at, due_days, salon.time_zone)));
    } else {
        d.set("settled", true);
    }
    if (salon.portal_enabled) d.set("portal_url", services.link_base() + "/s/" + salon.slug + "/account/invoices");

    storage::OutboxMessage m;
    m.to_address = invoice->customer_email;
    m.to_name = invoice->customer_name;
    m.subject = domain::fill_placeholders(services.catalogs.text(locale, "email.invoice.subject"),
                                          {{"number", invoice->number}, {"salon", salon.name}});
    set_bodies(m, render_email(services.templates, salon, "email/invoice_issued", locale, d));
    m.attachments.push_back({invoice_pdf_file_name(*invoice), "application/pdf", invoice_pdf(ctx, *invoice, due_days)});
    storage::outbox_store::enqueue(db, m);
    return true;
}

bool email_change_answer(storage::WriteTx& db, const Services& services, const domain::SalonSettings& salon, std::int64_t appointment_id,
                         std::optional<domain::Instant> proposed_start, std::optional<domain::Instant> proposed_end, const std::string& message) {
    const auto found = storage::appointment_store::find_for_customer(db, appointment_id);
    if (!found || found->customer_email.empty()) return false;
    const auto& a = found->appointment;
    auto email = appointment_email(services, salon, found->customer_locale, found->account_locale,
                                   greeting_name(db, a.customer_id, found->customer_name), found->animal_name,
                                   a.starts_at, a.ends_at, found->has_account);
    auto& d = email.data;
    const bool proposed = proposed_start && proposed_end;
    d.set(proposed ? "proposed" : "change_declined", true);
    view::set_text(d, "service", service_name_in(db, a, email.locale));
    view::set_text(d, "groomer", found->staff_name);
    view::set_text(d, "message", message);
    if (proposed) {
        const view::DateFormatter f(services.catalogs, email.locale, salon.time_zone);
        d.set("proposed_when", f.date_time(*proposed_start));
        d.set("proposed_until", f.time(*proposed_end));
    }
    storage::OutboxMessage m;
    m.to_address = found->customer_email;
    m.to_name = found->customer_name;
    m.subject = appointment_subject(services, salon, email.locale, proposed ? "proposed" : "change_declined", found->animal_name, a.starts_at);
    set_bodies(m, render_email(services.templates, salon, "email/appointment", email.locale, d));
    storage::outbox_store::enqueue(db, m);
    return true;
}

}  // namespace salonbox::web
