#include "web/network.h"
#include "web/routes.h"

#include <doctest/doctest.h>

using namespace salonbox::web;

TEST_CASE("CIDR networks match their addresses, v4 and v6") {
    auto lan = parse_cidr("10.0.0.0/8");
    REQUIRE(lan);
    CHECK(contains(*lan, "10.1.2.3"));
    CHECK_FALSE(contains(*lan, "11.0.0.1"));
    CHECK(contains(*parse_cidr("127.0.0.1"), "127.0.0.1"));
    CHECK_FALSE(contains(*parse_cidr("127.0.0.1"), "127.0.0.2"));
    CHECK(contains(*parse_cidr("fd00::/8"), "fd12::1"));
    CHECK_FALSE(contains(*parse_cidr("fd00::/8"), "fe80::1"));
    CHECK_FALSE(parse_cidr("10.0.0.0/33"));
    CHECK_FALSE(parse_cidr("salon.example"));
    CHECK_FALSE(parse_cidr("10.0.0.0/"));
}

TEST_CASE("X-Forwarded-For counts only behind a trusted proxy") {
    std::vector<Cidr> trusted{*parse_cidr("127.0.0.1/32"), *parse_cidr("10.0.0.0/8")};
    CHECK(client_address("203.0.113.9", "1.2.3.4", trusted) == "203.0.113.9");
    CHECK(client_address("127.0.0.1", "198.51.100.7", trusted) == "198.51.100.7");
    // A client cannot hide behind an address it typed itself: the right-most untrusted hop wins.
    CHECK(client_address("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2", trusted) == "198.51.100.7");
    CHECK(client_address("127.0.0.1", "", trusted) == "127.0.0.1");
    CHECK(client_address("127.0.0.1", "garbage", trusted) == "127.0.0.1");
}

TEST_CASE("route patterns match whole segments") {
    std::map<std::string, std::string> p;
    CHECK(match_route("/s/{slug}/admin/login", "/s/demo/admin/login", p));
    CHECK(p["slug"] == "demo");
    CHECK_FALSE(match_route("/s/{slug}/admin", "/s/demo/admin/login", p));
    CHECK_FALSE(match_route("/s/{slug}/admin", "/s//admin", p));
    CHECK_FALSE(match_route("/s/{slug}/admin", "/s/demo/admin/", p));
    CHECK(match_route("/", "/", p));
    CHECK_FALSE(match_route("/", "/x", p));
}

TEST_CASE("every route is either public by design or behind a role") {
    for (const auto& r : route_table()) {
        std::string pattern = r.pattern;
        CAPTURE(pattern);
        // Signing in and out, and getting a forgotten password back, are what a stranger to the panel may do.
        bool admin_public = pattern.ends_with("/admin/login") || pattern.ends_with("/admin/logout") ||
                            pattern.ends_with("/admin/password/forgot") || pattern.ends_with("/admin/password/reset");
        if (pattern.find("/admin") != std::string::npos && !admin_public)
            CHECK((r.access == Access::admin_staff || r.access == Access::admin_manager));
        if (pattern.starts_with("/s/{slug}/account")) CHECK(r.access == Access::portal_customer);
    }
}
