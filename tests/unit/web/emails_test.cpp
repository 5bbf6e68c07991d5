#include "web/emails.h"

#include "view/i18n.h"
#include "view/templates.h"

#include <doctest/doctest.h>

using namespace salonbox;

namespace {
domain::SalonSettings salon() {
    domain::SalonSettings s;
    s.name = "Paws & Co";
    s.address = "12 rue des Lilas\r\n75011 Paris";
    s.phone = "+33 1 23 45 67 89";
    s.email = "hello@paws.test";
    return s;
}
}  // namespace

TEST_CASE("every email ends with the signature and the salon's address, phone and email, line by line in HTML too") {
    view::Catalogs catalogs;
    view::Templates templates(catalogs);
    view::Data d;
    d.set("name", "Bob");
    d.set("salon_name", "Paws & Co");
    d.set("portal_url", "https://salon.test/s/paws/login");
    auto bodies = web::render_email(templates, salon(), "email/portal_announcement", "fr", d);
    CHECK(bodies.text.find("Bonjour Bob,") == 0);
    CHECK(bodies.text.find("À bientôt,\nPaws & Co\n\n12 rue des Lilas\n75011 Paris\nTél. : +33 1 23 45 67 89\nE-mail : hello@paws.test") !=
          std::string::npos);
    CHECK(bodies.html.find(">À bientôt,<br>Paws &amp; Co</p>") != std::string::npos);
    CHECK(bodies.html.find(">12 rue des Lilas<br>75011 Paris<br>Tél. : +33 1 23 45 67 89<br>E-mail : hello@paws.test</p>") !=
          std::string::npos);
    CHECK(bodies.html.find('\r') == std::string::npos);

    // A salon without any contact details signs and stops there.
    auto bare = salon();
    bare.address.clear();
    bare.phone.clear();
    bare.email.clear();
    auto plain = web::render_email(templates, bare, "email/portal_announcement", "en", d);
    CHECK(plain.text.ends_with("See you soon,\nPaws & Co\n"));
    CHECK(plain.html.find("Phone") == std::string::npos);
}
