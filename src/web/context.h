// One request as the handlers see it: the HTTP exchange plus what the middleware established.
#pragma once

#include "domain/salon_settings.h"
#include "storage/database.h"
#include "storage/session_store.h"
#include "view/templates.h"
#include "web/services.h"

#include <httplib.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace salonbox::web {

enum class Face { none, admin, portal };

struct Context {
    Context(const httplib::Request& req_, httplib::Response& res_, Services& services_) : req(req_), res(res_), services(services_) {}

    const httplib::Request& req;
    httplib::Response& res;
    Services& services;

    std::string request_id;
    std::string client_ip;
    bool https = false;
    std::map<std::string, std::string> path;  // {slug}, {id}, ... from the route pattern

    // Set for routes under /s/{slug}/.
    std::shared_ptr<storage::Database> db;
    domain::SalonSettings salon;
    std::string locale = "en";

    // Set when a session of this route's face is signed in.
    std::optional<storage::ActiveSession> session;
    std::string csrf_token;  // for the forms of this page

    std::string form(const std::string& name) const;
    std::string base() const { return "/s/" + salon.slug; }

    // The data every page's layout needs: language, titles, asset URLs, the CSRF token, the signed-in person.
    view::Data page_data() const;
    // page_data() with the page's title and the navigation tab "nav_<tab>" marked as the current one.
    view::Data page_data(const std::string& title, const std::string& tab) const;
    void render(int status, const std::string& template_name, view::Data data);
    void redirect(const std::string& to);  // 303 See Other: post/redirect/get
    void error_page(int status, const std::string& message_key);
    const std::string& t(const std::string& key) const { return services.catalogs.text(locale, key); }
};

// Session and CSRF cookies: __Host- names with Secure over HTTPS, plain names over HTTP.
std::string cookie_name(const Context& ctx, const std::string& base);
std::optional<std::string> read_cookie(const httplib::Request& req, const std::string& name);
void set_cookie(Context& ctx, const std::string& base, const std::string& value, std::optional<int> max_age_seconds);

// A record id from a path or a form: a positive decimal number and nothing else, or nothing.
std::optional<std::int64_t> parse_id(std::string_view text);

// The "field", "field_error" and "error" entries of a page for a failed form, message translated.
void add_error(Context& ctx, view::Data& data, const domain::Error& error);

}  // namespace salonbox::web
