#include "auth/csrf.h"
#include "storage/salon_registry.h"
#include "temp_dir.h"
#include "web/middleware.h"
#include "web/routes.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace salonbox;
using namespace salonbox::web;

namespace {

// A data directory with one salon, "demo", and the services the handlers use: no network involved.
struct Fixture {
    TempDir dir;
    domain::FixedClock clock{domain::from_unix(1781517600)};  // 15 June 2026, 10:00 UTC
    storage::SalonRegistry registry{dir.path, clock};
    Services services{registry, auth::SecretKey::from_bytes(std::string(auth::SecretKey::size, 'k')), RateLimits{}, clock};
    Fixture() {
        domain::SalonSettings s;
        s.slug = "demo";
        s.name = "Happy Paws Grooming";
        s.time_zone = "Europe/Paris";
        s.locale = "en";
        s.currency = "EUR";
        registry.create(s);
    }

    Response run(Request req) {
        Context ctx{std::move(req), services};
        dispatch(ctx);
        return ctx.res;
    }
};

std::vector<std::string> header_values(const Response& res, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : res.headers)
        if (key == name) out.push_back(value);
    return out;
}

}  // namespace

TEST_CASE("query parameters and form fields are kept apart") {
    Fixture f;
    Request req;
    req.method = "POST";
    req.path = "/s/demo/admin/logout";
    req.query = {{"done", "saved"}, {"email", "from-the-url@example.test"}};
    req.form = {{"email", "typed@example.test"}};
    Context ctx{req, f.services};
    CHECK(ctx.form("email") == "typed@example.test");
    CHECK(ctx.query("email") == "from-the-url@example.test");
    CHECK(ctx.form("done").empty());
    CHECK_FALSE(ctx.has_form("done"));
    CHECK(ctx.has_query("done"));
}

TEST_CASE("headers are found whatever their case, cookies by exact name") {
    Request req;
    req.headers = {{"cookie", "sb-csrf=abc; sb-demo-admin=token=with=equals"}, {"X-Forwarded-Proto", "https"}};
    CHECK(req.header("Cookie") == "sb-csrf=abc; sb-demo-admin=token=with=equals");
    CHECK(req.header("x-forwarded-proto") == "https");
    CHECK(req.header("Origin").empty());
    CHECK_FALSE(req.has_header("Origin"));
    CHECK(read_cookie(req, "sb-csrf") == "abc");
    CHECK(read_cookie(req, "sb-demo-admin") == "token=with=equals");
    CHECK_FALSE(read_cookie(req, "sb-csrf-other"));
}

TEST_CASE("the Allow header lists the route table's methods for the path") {
    CHECK(allowed_methods("/s/demo/admin/logout") == "POST");
    CHECK(allowed_methods("/s/demo/admin/customers") == "GET, HEAD");
    CHECK(allowed_methods("/s/demo/admin/customers/new") == "GET, HEAD, POST");
    CHECK(allowed_methods("/s/demo/admin/export/download") == "POST");
    CHECK(allowed_methods("/nowhere").empty());

    Fixture f;
    Request req;
    req.method = "GET";
    req.path = "/s/demo/admin/logout";
    auto res = f.run(req);
    CHECK(res.status == 405);
    CHECK(header_values(res, "Allow") == std::vector<std::string>{"POST"});
    req.method = "PUT";
    req.path = "/s/demo/admin/customers/new";
    res = f.run(req);
    CHECK(res.status == 405);
    CHECK(header_values(res, "Allow") == std::vector<std::string>{"GET, HEAD, POST"});
    req.path = "/s/demo/admin/nothing";
    res = f.run(req);
    CHECK(res.status == 404);
    CHECK(header_values(res, "Allow").empty());
}

TEST_CASE("a POST proves its CSRF token in the body, never in the query string") {
    Fixture f;
    const std::string seed = "a-seed-of-the-browser-cookie";
    auto token = auth::csrf_token_for(f.services.secret, seed);
    Request req;
    req.method = "POST";
    req.path = "/s/demo/admin/logout";
    req.headers = {{"Cookie", "sb-csrf=" + seed}};

    req.query = {{"csrf_token", token}};
    CHECK(f.run(req).status == 403);

    req.query.clear();
    req.form = {{"csrf_token", token}};
    auto signed_out = f.run(req);
    CHECK(signed_out.status == 303);
    CHECK(header_values(signed_out, "Location") == std::vector<std::string>{"/s/demo/admin/login"});
}

TEST_CASE("a GET of a salon page sets the CSRF seed beside the page") {
    Fixture f;
    Request req;
    req.method = "GET";
    req.path = "/s/demo/admin/login";
    auto res = f.run(req);
    CHECK(res.status == 200);
    CHECK(res.content_type == "text/html; charset=utf-8");
    auto cookies = header_values(res, "Set-Cookie");
    REQUIRE(cookies.size() == 1);
    CHECK(cookies[0].starts_with("sb-csrf="));
    CHECK(res.body.find("name=\"csrf_token\"") != std::string::npos);
}
