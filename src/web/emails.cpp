#include "web/emails.h"

#include "storage/outbox_store.h"

namespace salonbox::web {

namespace {
std::string with_salon(std::string text, const std::string& salon) {
    auto pos = text.find("{salon}");
    if (pos != std::string::npos) text.replace(pos, 7, salon);
    return text;
}
}  // namespace

void enqueue_password_link(SQLite::Database& db, const view::Templates& templates, const view::Catalogs& catalogs,
                           const domain::SalonSettings& salon, const PasswordLinkEmail& email) {
    const std::string kind = email.invitation ? "invitation" : "reset";
    view::Data d;
    d.set("name", email.to_name);
    d.set("salon_name", salon.name);
    d.set("link", email.link);
    d.set("portal_url", email.portal_url);
    d.set("email", email.to_address);
    d.set(kind, true);
    storage::OutboxMessage m;
    m.to_address = email.to_address;
    m.to_name = email.to_name;
    m.subject = with_salon(catalogs.text(email.locale, "email." + kind + ".subject"), salon.name);
    m.body_text = templates.render("email/password_link.txt", email.locale, d);
    m.body_html = templates.render("email/password_link.html", email.locale, d);
    m.sensitive = true;
    storage::outbox_store::enqueue(db, m);
}

}  // namespace salonbox::web
