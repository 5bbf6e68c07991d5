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
    storage::OutboxMessage m;
    m.to_address = email.to_address;
    m.to_name = email.to_name;
    m.subject = domain::fill_placeholders(mail.catalogs.text(email.locale, "email." + kind + ".subject"), {{"salon", salon.name}});
    m.body_text = auth::seal_text(mail.secret, mail.templates.render("email/password_link.txt", email.locale, d));
    m.body_html = auth::seal_text(mail.secret, mail.templates.render("email/password_link.html", email.locale, d));
    m.sensitive = true;
    storage::outbox_store::enqueue(db, m);
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
