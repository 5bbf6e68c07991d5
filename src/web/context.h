// One request as the handlers see it: the HTTP exchange plus what the middleware established.
#pragma once

#include "domain/salon_settings.h"
#include "storage/database.h"
#include "storage/session_store.h"
#include "view/templates.h"
#include "web/services.h"

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salonbox::web {

enum class Face { none, admin, portal };

using Params = std::multimap<std::string, std::string>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What arrived, as the server read it off the connection: the handlers never see the HTTP library.
struct Request {
    std::string method;       // "GET", "HEAD", "POST", ...
    std::string path;         // decoded, without the query string
    Params query;             // from the URL's query string
    Params form;              // from an application/x-www-form-urlencoded body; never from the URL
    HeaderList headers;       // as sent; header() compares names case-insensitively
    std::string remote_addr;  // the peer (a proxy's address when behind one)

    std::string header(std::string_view name) const;  // the first value, or "" when absent
    bool has_header(std::string_view name) const;
};

// A response body read from an open file, for a download too large to hold in memory. The file is unlinked
// already (nothing is left behind, even by a crash; on Windows it is deleted when the descriptor closes); the
// descriptor is closed when the last copy goes, whether the body was sent or not.
class FileBody {
public:
    // Opens `path`, then unlinks it. Throws std::runtime_error when it cannot be opened (and still removes it).
    static std::shared_ptr<FileBody> open_and_unlink(const std::filesystem::path& path);
    explicit FileBody(int fd, std::size_t size) : fd_(fd), size_(size) {}
    FileBody(const FileBody&) = delete;
    FileBody& operator=(const FileBody&) = delete;
    ~FileBody();
    // Up to `length` bytes from `offset` into `out`; 0 at the end, -1 on a read error.
    long read(std::size_t offset, char* out, std::size_t length) const;
    std::size_t size() const { return size_; }

private:
    int fd_;
    std::size_t size_;
};

// What goes back: the server writes it to the connection once the handler returns.
struct Response {
    int status = 200;
    HeaderList headers;  // in order; a name may repeat (several Set-Cookie)
    std::string body;
    std::string content_type;
    std::shared_ptr<FileBody> file;  // when set, the body is this file's content instead of `body`

    void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
    void set_content(std::string content, std::string type) {
        body = std::move(content);
        content_type = std::move(type);
    }
};

struct Context {
    Context(Request request, Services& services_) : req(std::move(request)), services(services_) {}

    const Request req;
    Response res;
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

    // A field of the POSTed body ("" when absent), and a parameter of the URL's query string: kept apart so a
    // link can never stand in for a submitted form (the CSRF token is read from the body only).
    std::string form(const std::string& name) const;
    bool has_form(const std::string& name) const { return req.form.count(name) > 0; }
    std::string query(const std::string& name) const;
    bool has_query(const std::string& name) const { return req.query.count(name) > 0; }
    std::string base() const { return "/s/" + salon.slug; }

    // The data every page's layout needs: language, titles, asset URLs, the CSRF token, the signed-in person.
    view::Data page_data() const;
    // page_data() with the page's title and the navigation tab "nav_<tab>" marked as the current one.
    view::Data page_data(std::string title, const std::string& tab) const;
    void render(int status, const std::string& template_name, view::Data data);
    void redirect(const std::string& to);  // 303 See Other: post/redirect/get
    void error_page(int status, const std::string& message_key);
    // The data of pages/error: a title in words for the status, the message, and a way back into the face the
    // request came from (the portal for customers and visitors, the admin panel for the team).
    view::Data error_data(int status, const std::string& message_key) const;
    // Every screen confirms a post/redirect/get with `?done=<what>`: this sets the page's "notice" to the
    // translation of the message key paired with `what` in `known`; any other value shows nothing (the query
    // string is never echoed into the page).
    using Notices = std::initializer_list<std::pair<std::string_view, std::string_view>>;  // what, message key
    void notice_from_done(view::Data& data, Notices known) const;
    std::string t(const std::string& key) const { return services.catalogs.text(locale, key); }
    domain::Instant now() const { return services.clock.now(); }
};

// Session and CSRF cookies: __Host- names with Secure over HTTPS, plain names over HTTP.
std::string cookie_name(const Context& ctx, const std::string& base);
std::optional<std::string> read_cookie(const Request& req, const std::string& name);
void set_cookie(Context& ctx, const std::string& base, const std::string& value, std::optional<int> max_age_seconds);

// A record id from a path or a form: a positive decimal number and nothing else, or nothing.
std::optional<std::int64_t> parse_id(std::string_view text);

// Percent-encodes everything but unreserved characters (RFC 3986), for a value inside a query string.
std::string url_encode(std::string_view text);
// `next` when it is a path of this salon ("/s/{slug}/..." with no "//", backslash or control character), so a
// link can send a visitor back to their booking after signing in but never to another site or salon; else "".
std::string safe_next(const Context& ctx, std::string_view next);

// The "field", "field_error" and "error" entries of a page for a failed form, message translated.
void add_error(Context& ctx, view::Data& data, const domain::Error& error);

}  // namespace salonbox::web
