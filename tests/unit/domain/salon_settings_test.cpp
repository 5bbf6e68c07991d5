#include "domain/roles.h"
#include "domain/salon_settings.h"
#include "domain/text.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace salonbox::domain;

namespace {
SalonSettings good() {
    SalonSettings s;
    s.slug = "happy-paws";
    s.name = "Happy Paws";
    s.time_zone = "Europe/Paris";
    s.locale = "fr";
    s.currency = "EUR";
    return s;
}
}  // namespace

TEST_CASE("a salon's settings are checked field by field") {
    CHECK(validate(good()).ok());
    auto s = good();
    s.slug = "Happy Paws";
    CHECK(validate(s).error().field == "slug");
    s = good();
    s.time_zone = "Mars/Olympus";
    CHECK(validate(s).error().field == "time_zone");
    s = good();
    s.currency = "XXX";
    CHECK(validate(s).error().field == "currency");
    s = good();
    s.locale = "pt";
    CHECK(validate(s).error().field == "locale");
    s = good();
    s.name = "   ";
    CHECK(validate(s).error().field == "name");
    s = good();
    s.invoice_pattern = "FA{yy}";
    CHECK(validate(s).error().field == "invoice_pattern");
}

TEST_CASE("slugs are what fits in a path segment") {
    CHECK(is_valid_slug("demo"));
    CHECK(is_valid_slug("salon-2"));
    CHECK_FALSE(is_valid_slug("d"));
    CHECK_FALSE(is_valid_slug("-demo"));
    CHECK_FALSE(is_valid_slug("../etc"));
    CHECK_FALSE(is_valid_slug("démo"));
}

TEST_CASE("emails are compared trimmed and lower-case") {
    CHECK(normalize_email("  Alice@Demo.TEST ") == "alice@demo.test");
    CHECK(is_plausible_email("alice@demo.test"));
    CHECK_FALSE(is_plausible_email("alice@demo"));
    CHECK_FALSE(is_plausible_email("alice demo@x.test"));
    CHECK_FALSE(is_plausible_email("a@b@c.test"));
    CHECK_FALSE(is_plausible_email("alice@x.test\r\nBcc: y@z.test"));
}

TEST_CASE("roles round-trip and rank") {
    for (auto r : {Role::owner, Role::manager, Role::staff, Role::customer}) CHECK(parse_role(to_string(r)) == r);
    CHECK_FALSE(parse_role("admin"));
    CHECK(is_manager(Role::owner));
    CHECK_FALSE(is_manager(Role::staff));
    CHECK_FALSE(is_staff(Role::customer));
}

TEST_CASE("email settings must be safe to put in a header") {
    auto s = good();
    s.mail_reply_to = "Desk@Salon.test ";
    REQUIRE(validate(s).ok());
    CHECK(validate(s).value().mail_reply_to == "desk@salon.test");
    s.mail_reply_to = "desk@salon.test\r\nBcc: a@b.test";
    CHECK(validate(s).error().field == "mail_reply_to");
    s = good();
    s.mail_sender_name = "Salon\nBcc: a@b.test";
    CHECK(validate(s).error().field == "mail_sender_name");
    s = good();
    s.invoice_pattern = "FA\"{nnnn}";
    CHECK(validate(s).error().field == "invoice_pattern");
}

TEST_CASE("a NUL or another control character in the salon's texts is named for what it is; the address keeps its lines") {
    auto outcome = [](auto change) {
        auto s = good();
        change(s);
        auto r = validate(s);
        return r.ok() ? std::string("ok") : r.error().field + ":" + r.error().message_key;
    };
    CHECK(outcome([](SalonSettings& s) { s.address = std::string("12 rue\0 des Lilas", 17); }) == "address:error.control_characters");
    CHECK(outcome([](SalonSettings& s) { s.address = "12 rue des Lilas\r\n75011 Paris"; }) == "ok");
    CHECK(outcome([](SalonSettings& s) { s.name = "Happy\x1bPaws"; }) == "name:error.control_characters");
    CHECK(outcome([](SalonSettings& s) { s.phone = std::string("+33\0 1", 6); }) == "phone:error.control_characters");
    CHECK(outcome([](SalonSettings& s) { s.tax_id = "FR\t12"; }) == "tax_id:error.control_characters");
    CHECK(outcome([](SalonSettings& s) { s.mail_sender_name = "Salon\nBcc: a@b.test"; }) == "mail_sender_name:error.control_characters");
}

TEST_CASE("replies go to the reply-to address of the settings, else to the salon's email, else nowhere in particular") {
    auto s = good();
    s.email = "Hello@Salon.test";
    REQUIRE(validate(s).ok());
    s = validate(s).value();
    CHECK(s.email == "hello@salon.test");
    CHECK(reply_address(s) == "hello@salon.test");
    s.mail_reply_to = "desk@salon.test";
    CHECK(reply_address(s) == "desk@salon.test");
    s.email.clear();
    s.mail_reply_to.clear();
    CHECK(reply_address(s).empty());
    s.email = "hello at salon";
    CHECK(validate(s).error().field == "email");
}

TEST_CASE("the zone list has the zones salons live in") {
    const auto& zones = time_zone_names();
    CHECK(zones.size() > 300);
    CHECK(std::binary_search(zones.begin(), zones.end(), std::string("Europe/Paris")));
    CHECK(std::binary_search(zones.begin(), zones.end(), std::string("America/Montreal")));
}

TEST_CASE("placeholders are filled once, every occurrence, values left alone") {
    CHECK(fill_placeholders("Hello {who}, {who}!", {{"who", "Bob"}}) == "Hello Bob, Bob!");
    CHECK(fill_placeholders("{a}{b}", {{"a", "{b}"}, {"b", "x"}}) == "{b}x");
    CHECK(fill_placeholders("{missing}", {{"other", "x"}}) == "{missing}");
}
