#include "domain/roles.h"
#include "domain/salon_settings.h"
#include "domain/text.h"

#include <doctest/doctest.h>

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
