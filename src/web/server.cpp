#include "web/server.h"

#include "auth/csrf.h"
#include "auth/tokens.h"
#include "web/routes.h"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace salonbox::web {

namespace {

// One request runs on one pool thread from pre-routing to the logger, so these carry it across.
thread_local std::string t_request_id;
thread_local std::chrono::steady_clock::time_point t_started;

const char* k_csp = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

bool wants_https(const Services& s, const httplib::Request& req, const std::string& peer) {
    if (s.native_tls) return true;
    for (const auto& n : s.trusted_proxies)
        if (contains(n, peer)) return req.get_header_value("X-Forwarded-Proto") == "https";
    return false;
}

// The POST came from one of our own pages: its Origin (when the browser sends one) is this site.
bool same_origin(const Context& ctx) {
    if (!ctx.req.has_header("Origin")) return true;  // older browsers; the CSRF token still decides
    auto origin = ctx.req.get_header_value("Origin");
    auto host = ctx.req.get_header_value("Host");
    if (origin == (ctx.https ? "https://" : "http://") + host) return true;
    if (!ctx.services.public_url.empty() && ctx.services.public_url.starts_with(origin) &&
        (ctx.services.public_url.size() == origin.size() || ctx.services.public_url[origin.size()] == '/'))
        return true;
    return false;
}

void access_log(const httplib::Request& req, const httplib::Response& res) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_started).count();
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    // The path only: query strings may hold reset tokens, and bodies or cookies are never logged.
    std::fprintf(stderr, "%s %s %s %s %s %d %zu %.1fms\n", when, t_request_id.c_str(), req.remote_addr.c_str(), req.method.c_str(),
                 req.path.c_str(), res.status, res.body.size(), static_cast<double>(micros) / 1000.0);
}

void serve_asset(Context& ctx) {
    bool immutable = false;
    const StaticAsset* asset = ctx.services.assets.find(ctx.req.path, immutable);
    if (!asset) return ctx.error_page(404, "error.not_found");
    ctx.res.set_header("ETag", asset->etag);
    ctx.res.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "public, no-cache");
    if (ctx.req.get_header_value("If-None-Match") == asset->etag) {
        ctx.res.status = 304;
        return;
    }
    ctx.res.status = 200;
    ctx.res.set_content(asset->bytes.data(), asset->bytes.size(), asset->content_type.c_str());
}

// The middleware chain, in order: salon from the path, locale, session, CSRF seed, POST checks, role check.
void dispatch(Services& services, const httplib::Request& req, httplib::Response& res) {
    Context ctx{req, res, services};
    ctx.request_id = t_request_id;
    ctx.client_ip = client_address(req.remote_addr, req.get_header_value("X-Forwarded-For"), services.trusted_proxies);
    ctx.https = wants_https(services, req, req.remote_addr);
    if (ctx.https && !services.native_tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
    ctx.locale = view::choose_locale("", req.get_header_value("Accept-Language"), "");

    if (req.path.starts_with("/assets/") && (req.method == "GET" || req.method == "HEAD")) return serve_asset(ctx);

    const Route* route = nullptr;
    bool path_known = false;
    for (const auto& r : route_table()) {
        std::map<std::string, std::string> params;
        if (!match_route(r.pattern, req.path, params)) continue;
        path_known = true;
        if (req.method == r.method || (req.method == "HEAD" && std::string_view(r.method) == "GET")) {
            route = &r;
            ctx.path = std::move(params);
            break;
        }
    }
    if (!route) {
        if (path_known) res.set_header("Allow", "GET, POST");
        return ctx.error_page(path_known ? 405 : 404, path_known ? "error.method_not_allowed" : "error.not_found");
    }

    if (auto slug = ctx.path.find("slug"); slug != ctx.path.end()) {
        ctx.db = domain::is_valid_slug(slug->second) ? services.registry.open(slug->second) : nullptr;
        if (!ctx.db) return ctx.error_page(404, "error.unknown_salon");
        ctx.salon = services.registry.settings(slug->second);
        ctx.locale = view::choose_locale("", req.get_header_value("Accept-Language"), ctx.salon.locale);
    }

    if (route->face == Face::portal && ctx.db && !ctx.salon.portal_enabled) return ctx.error_page(404, "error.portal_closed");

    if (route->face != Face::none && ctx.db) {
        auto token = read_cookie(req, cookie_name(ctx, "sb-" + ctx.salon.slug + (route->face == Face::admin ? "-admin" : "-portal")));
        if (token && !token->empty()) {
            auto hash = services.secret.keyed_hash(*token);
            ctx.session = ctx.db->read([&](SQLite::Database& db) {
                return storage::session_store::find_active(db, hash, route->face == Face::admin ? "admin" : "portal", domain::now(),
                                                           services.session_limits);
            });
            if (ctx.session) ctx.locale = view::choose_locale(ctx.session->user.locale, req.get_header_value("Accept-Language"), ctx.salon.locale);
        }
    }

    // Every salon page may hold a form: it gets a CSRF seed cookie, and every POST must prove it.
    if (ctx.db || req.method == "POST") {
        auto seed = read_cookie(req, cookie_name(ctx, "sb-csrf"));
        if (!seed || seed->size() < 16) {
            if (req.method == "POST") return ctx.error_page(403, "error.form_expired");
            seed = auth::random_token(24);
            set_cookie(ctx, "sb-csrf", *seed, std::nullopt);
        }
        ctx.csrf_token = auth::csrf_token_for(services.secret, *seed);
        if (req.method == "POST" && (!same_origin(ctx) || !auth::csrf_token_valid(services.secret, *seed, ctx.form("csrf_token"))))
            return ctx.error_page(403, "error.form_expired");
    }

    switch (route->access) {
        case Access::open:
        case Access::salon_open: break;
        case Access::admin_staff:
        case Access::admin_manager:
            if (!ctx.session) return ctx.redirect(ctx.base() + "/admin/login");
            if (!domain::is_staff(ctx.session->user.role) ||
                (route->access == Access::admin_manager && !domain::is_manager(ctx.session->user.role)))
                return ctx.error_page(403, "error.forbidden");
            break;
        case Access::portal_customer:
            if (!ctx.session) return ctx.redirect(ctx.base() + "/login");
            if (ctx.session->user.role != domain::Role::customer) return ctx.error_page(403, "error.forbidden");
            break;
    }
    if (ctx.session || route->access != Access::open) res.set_header("Cache-Control", "no-store");
    route->handler(ctx);
}

}  // namespace

struct Server::Impl {
    Services& services;
    ServerSettings settings;
    std::unique_ptr<httplib::Server> http;
};

Server::Server(Services& services, ServerSettings settings) : impl_(new Impl{services, std::move(settings), nullptr}) {
    auto& s = impl_->settings;
    if (!s.tls_cert_file.empty() || !s.tls_key_file.empty()) {
        auto tls = std::make_unique<httplib::SSLServer>(s.tls_cert_file.c_str(), s.tls_key_file.c_str());
        if (!tls->is_valid()) throw std::runtime_error("--tls-cert/--tls-key: cannot load the certificate or its key");
        impl_->http = std::move(tls);
        services.native_tls = true;
    } else {
        impl_->http = std::make_unique<httplib::Server>();
    }
    auto& http = *impl_->http;
    int threads = s.threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    http.set_tcp_nodelay(true);
    // httplib's default adds SO_REUSEPORT, which would let a second salonbox bind the same port and share
    // its traffic; only SO_REUSEADDR is wanted (a quick restart after a stop).
    http.set_socket_options([](int sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_keep_alive_max_count(100);
    http.set_keep_alive_timeout(5);
    http.set_read_timeout(10);
    http.set_write_timeout(10);
    http.set_payload_max_length(s.max_body_bytes);

    httplib::Headers headers{{"Content-Security-Policy", k_csp},
                             {"X-Content-Type-Options", "nosniff"},
                             {"Referrer-Policy", "same-origin"},
                             {"X-Frame-Options", "DENY"}};
    if (services.native_tls) headers.emplace("Strict-Transport-Security", "max-age=31536000");
    http.set_default_headers(headers);

    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        t_started = std::chrono::steady_clock::now();
        t_request_id = auth::to_hex(auth::random_token(6)).substr(0, 12);
        res.set_header("X-Request-Id", t_request_id);
        // The Debian build of cpp-httplib does not apply the body limit to chunked bodies: refuse them.
        if (req.has_header("Transfer-Encoding")) {
            res.status = 411;
            res.set_content("Request bodies must be sent with Content-Length.\n", "text/plain; charset=utf-8");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    auto& svc = services;
    auto handler = [&svc](const httplib::Request& req, httplib::Response& res) { dispatch(svc, req, res); };
    http.Get(".*", handler);
    http.Post(".*", handler);
    http.set_error_handler(httplib::Server::HandlerWithResponse([&svc](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || res.status == 304) return httplib::Server::HandlerResponse::Unhandled;
        // Errors raised by httplib itself (400, 413, 405 for other methods): a short page with the request id.
        Context ctx{req, res, svc};
        ctx.request_id = t_request_id;
        ctx.locale = view::choose_locale("", req.get_header_value("Accept-Language"), "");
        int status = res.status;
        ctx.error_page(status, status == 413 ? "error.too_large" : status == 404 ? "error.not_found" : "error.bad_request");
        return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([&svc](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        std::fprintf(stderr, "error %s %s %s: %s\n", t_request_id.c_str(), req.method.c_str(), req.path.c_str(), what.c_str());
        res.body.clear();
        Context ctx{req, res, svc};
        ctx.request_id = t_request_id;
        ctx.error_page(500, "error.internal");
    });
    http.set_logger(access_log);
}

Server::~Server() = default;

int Server::bind() {
    auto& s = impl_->settings;
    int port = s.port;
    if (port == 0) {
        port = impl_->http->bind_to_any_port(s.host);
        if (port < 0) throw std::runtime_error("--listen: cannot listen on " + s.host);
    } else if (!impl_->http->bind_to_port(s.host, port)) {
        throw std::runtime_error("--listen: cannot listen on " + s.host + ":" + std::to_string(port) +
                                 " (address in use, or not an address of this machine)");
    }
    return port;
}

bool Server::listen() { return impl_->http->listen_after_bind(); }

void Server::stop() { impl_->http->stop(); }

}  // namespace salonbox::web
