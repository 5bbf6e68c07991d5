#include "domain/service_rules.h"
#include "domain/team_rules.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

namespace {
std::string service_outcome(std::string_view name, std::string_view minutes, std::string_view price, std::string_view tax) {
    auto r = check_service({name, minutes, price, tax, true, {}}, "EUR");
    return r.ok() ? std::string("ok") : r.error().field + ":" + r.error().message_key;
}
}  // namespace

TEST_CASE("a service form becomes exact numbers") {
    auto r = check_service({"  Full groom ", "90", "55,50", "5.5", false, {}}, "EUR");
    REQUIRE(r.ok());
    CHECK(r.value().name == "Full groom");
    CHECK(r.value().duration_minutes == 90);
    CHECK(r.value().price_minor == 5550);
    CHECK(r.value().tax_rate_bp == 550);
    CHECK_FALSE(r.value().active);
    CHECK(check_service({"Nails", "15", "12", "", true, {}}, "EUR").value().tax_rate_bp == 0);
}

TEST_CASE("each wrong service field is named") {
    CHECK(service_outcome(" ", "90", "55", "20") == "name:error.name_required");
    CHECK(service_outcome(std::string(101, 'x'), "90", "55", "20") == "name:admin.services.error.name_too_long");
    CHECK(service_outcome("Groom\nx", "90", "55", "20") == "name:admin.services.error.name_too_long");
    for (const char* minutes : {"", "4", "721", "90.5", "abc", "-10"}) {
        CAPTURE(minutes);
        CHECK(service_outcome("Groom", minutes, "55", "20") == "duration_minutes:admin.services.error.duration");
    }
    CHECK(service_outcome("Groom", "5", "55", "20") == "ok");
    CHECK(service_outcome("Groom", "720", "55", "20") == "ok");
    CHECK(service_outcome("Groom", "90", "abc", "20") == "price:admin.services.error.price");
    CHECK(service_outcome("Groom", "90", "-5", "20") == "price:admin.services.error.price");
    CHECK(service_outcome("Groom", "90", "", "20") == "price:admin.services.error.price");
    CHECK(service_outcome("Groom", "90", "55", "120") == "tax_rate:admin.services.error.tax_rate");
    CHECK(service_outcome("Groom", "90", "55", "20 %") == "tax_rate:admin.services.error.tax_rate");
}

TEST_CASE("a service's names in other languages are trimmed, optional and checked like its name") {
    ServiceForm form{"Nail trim", "15", "12", "20", true, {{"fr", "  Coupe des griffes "}, {"de", "  "}}};
    auto r = check_service(form, "EUR");
    REQUIRE(r.ok());
    CHECK(r.value().other_names == std::map<std::string, std::string>{{"fr", "Coupe des griffes"}});
    const std::string too_long(101, 'a');
    form.other_names = {{"fr", too_long}};
    auto long_name = check_service(form, "EUR");
    REQUIRE_FALSE(long_name.ok());
    CHECK(long_name.error().field == "name_fr");
    CHECK(long_name.error().message_key == "admin.services.error.name_too_long");
    form.other_names = {{"fr", "Coupe\ndes griffes"}};
    CHECK(check_service(form, "EUR").error().field == "name_fr");
}

TEST_CASE("a staff account form: name, a plausible email, a staff role") {
    auto r = check_staff_account({" Zoé Martin ", " Zoe@Example.COM ", "manager", true});
    REQUIRE(r.ok());
    CHECK(r.value().display_name == "Zoé Martin");
    CHECK(r.value().email == "zoe@example.com");
    CHECK(r.value().role == Role::manager);
    auto field = [](std::string_view name, std::string_view email, std::string_view role) {
        auto c = check_staff_account({name, email, role, true});
        return c.ok() ? std::string("ok") : c.error().field + ":" + c.error().message_key;
    };
    CHECK(field("", "a@b.test", "staff") == "display_name:error.name_required");
    CHECK(field("Zoé", "not an email", "staff") == "email:error.email_invalid");
    CHECK(field("Zoé", "a@b.test", "customer") == "role:admin.staff.error.role");
    CHECK(field("Zoé", "a@b.test", "admin") == "role:admin.staff.error.role");
}

TEST_CASE("only an owner makes or changes an owner") {
    CHECK(may_give_role(Role::owner, Role::owner));
    CHECK(may_give_role(Role::manager, Role::manager));
    CHECK(may_give_role(Role::manager, Role::staff));
    CHECK_FALSE(may_give_role(Role::manager, Role::owner));
    CHECK_FALSE(may_give_role(Role::staff, Role::staff));
    CHECK_FALSE(may_give_role(Role::owner, Role::customer));
    CHECK(may_edit_account(Role::owner, Role::owner));
    CHECK(may_edit_account(Role::manager, Role::manager));
    CHECK_FALSE(may_edit_account(Role::manager, Role::owner));
    CHECK_FALSE(may_edit_account(Role::staff, Role::staff));
}
