#include "web/emails.h"

#include "auth/tokens.h"
#include "domain/text.h"
#include "storage/outbox_store.h"
#include "storage/password_token_store.h"
#include "storage/user_store.h"
#include "view/i18n.h"

#include <stdexcept>

namespace salonbox::web {

void enqueue_password_link(storage::WriteTx& db, const view::Templates& templates, const view::Catalogs& catalogs,
                           const domain::SalonSettings& salon, const PasswordLinkEmail& email) {
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
    m.subject = domain::fill_placeholders(catalogs.text(email.locale, "email." + kind + ".subject"), {{"salon", salon.name}});
    m.body_text = templates.render("email/password_link.txt", email.locale, d);
    m.body_html = templates.render("email/password_link.html", email.locale, d);
    m.sensitive = true;
    storage::outbox_store::enqueue(db, m);
}

void invite_account(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon, std::int64_t user_id) {
    auto user = storage::user_store::find_by_id(db, user_id);
    if (!user) throw std::logic_error("no account to invite");
    auto token = auth::random_token(32);
    auto now = db.now();
    storage::password_token_store::issue(db, mail.secret.keyed_hash(token), user_id, "invitation", now, now + std::chrono::days(7));
    PasswordLinkEmail email;
    email.to_address = user->email;
    email.to_name = user->display_name;
    email.locale = view::choose_locale(user->locale, "", salon.locale);
    email.link = mail.link_base + "/s/" + salon.slug + "/password/reset?token=" + token;
    email.portal_url = mail.link_base + "/s/" + salon.slug + (domain::is_staff(user->role) ? "/admin/login" : "/login");
    email.invitation = true;
    email.staff = domain::is_staff(user->role);
    enqueue_password_link(db, mail.templates, mail.catalogs, salon, email);
}

}  // namespace salonbox::web
