#include "web/emails.h"

#include "auth/sealed_text.h"
#include "auth/tokens.h"
#include "domain/text.h"
#include "storage/outbox_store.h"
#include "storage/password_token_store.h"
#include "storage/user_store.h"
#include "view/i18n.h"

#include <stdexcept>

namespace salonbox::web {

namespace {
// A message whose bodies hold a secret (a link or a code): sealed at rest, marked sensitive, so the mail sender
// opens them and blanks them once the message is sent or has failed for good, and the email log never shows them.
storage::OutboxMessage sealed_message(const MailContext& mail, std::string to_address, std::string to_name, std::string subject,
                                      const std::string& body_text, const std::string& body_html) {
    storage::OutboxMessage m;
    m.to_address = std::move(to_address);
    m.to_name = std::move(to_name);
    m.subject = std::move(subject);
    m.body_text = auth::seal_text(mail.secret, body_text);
    m.body_html = auth::seal_text(mail.secret, body_html);
    m.sensitive = true;
    return m;
}
}  // namespace

storage::OutboxMessage sign_in_code_message(const MailContext& mail, const domain::SalonSettings& salon, const SignInCodeEmail& email) {
    view::Data d;
    d.set("name", email.to_name);
    d.set("salon_name", salon.name);
    d.set("code", email.code);
    d.set("portal_url", email.portal_url);
    return sealed_message(mail, email.to_address, email.to_name,
                          domain::fill_placeholders(mail.catalogs.text(email.locale, "email.code.subject"), {{"salon", salon.name}}),
                          mail.templates.render("email/sign_in_code.txt", email.locale, d),
                          mail.templates.render("email/sign_in_code.html", email.locale, d));
}

void enqueue_password_link(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon,
                           const PasswordLinkEmail& email) {
    const std::string kind = !email.invitation ? "reset" : email.staff ? "staff_invitation" : "invitation";
    view::Data d;
    d.set("name", email.to_name);
    d.set("salon_name", salon.name);
    d.set("link", email.link);
    d.set("portal_url", email.portal_url);
    d.set("email", email.to_address);
    d.set(email.invitation ? "invitation" : "reset", true);
    if (email.staff) d.set("staff", true);
    storage::outbox_store::enqueue(
        db, sealed_message(mail, email.to_address, email.to_name,
                           domain::fill_placeholders(mail.catalogs.text(email.locale, "email." + kind + ".subject"), {{"salon", salon.name}}),
                           mail.templates.render("email/password_link.txt", email.locale, d),
                           mail.templates.render("email/password_link.html", email.locale, d)));
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

}  // namespace salonbox::web
