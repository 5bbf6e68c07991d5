#include "web/server.h"

#include "auth/tokens.h"
#include "storage/database.h"
#include "web/connection_guard.h"
#include "web/guarded_server.h"
#include "web/handlers.h"
#include "web/middleware.h"
#include "web/socket_calls.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace salonbox::web {

namespace {

// One request runs on one pool thread from pre-routing to the logger, so these carry it across.
thread_local std::string t_request_id;
thread_local std::chrono::steady_clock::time_point t_started;

// Pending connections the kernel queues before accept (it caps this at net.core.somaxconn).
constexpr int k_listen_backlog = 1024;

const char* k_csp = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

void access_log(const Services& services, const httplib::Request& req, const httplib::Response& res) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_started).count();
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    // The client behind a trusted proxy, not the proxy. The path only: query strings may hold reset tokens,
    // and bodies or cookies are never logged.
    auto client = client_address(req.remote_addr, req.get_header_value("X-Forwarded-For"), services.trusted_proxies);
    std::fprintf(stderr, "%s %s %s %s %s %d %zu %.1fms\n", when, t_request_id.c_str(), client.c_str(), req.method.c_str(),
                 req.path.c_str(), res.status, res.body.empty() ? res.content_length_ : res.body.size(), static_cast<double>(micros) / 1000.0);
}

// Why the length of `req`'s body cannot be trusted, as the status that refuses it; 0 when it can. cpp-httplib
// reads no body for a method that takes none, takes the first of several Content-Length headers, reads digits
// up to the first other character, and (see the pre-routing handler) is given no chunked body: each time, what
// it leaves unread would be read as the next request on the connection, which a proxy in front, reading the
// body its own way, forwarded as part of this one. A body without any length is refused too (411).
int untrusted_body_length(const httplib::Request& req) {
    // "Content-Length : 5" is no Content-Length to cpp-httplib, and may be one to a proxy.
    for (const auto& header : req.headers)
        if (header.first.find_first_of(" \t") != std::string::npos) return 400;
    if (req.has_header("Transfer-Encoding")) return 411;
    // Without a length cpp-httplib reads the body of these until the client closes the connection (and none of a
    // DELETE's).
    const bool needs_length = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    const bool takes_body = needs_length || req.method == "DELETE";
    const auto lengths = req.get_header_value_count("Content-Length");
    if (lengths == 0) return needs_length ? 411 : 0;
    if (lengths > 1) return 400;
    const auto length = req.get_header_value("Content-Length");
    if (length.empty() || length.size() > 18 || !std::all_of(length.begin(), length.end(), [](unsigned char c) { return std::isdigit(c); }))
        return 400;
    if (!takes_body && length.find_first_not_of('0') != std::string::npos) return 400;
    return 0;
}

// The request as the handlers see it: query string and url-encoded `body` parsed apart, headers copied.
Request read_request(const httplib::Request& req, const std::string& body) {
    Request r;
    r.method = req.method;
    r.path = req.path;
    r.remote_addr = req.remote_addr;
    r.headers.assign(req.headers.begin(), req.headers.end());
    if (auto q = req.target.find('?'); q != std::string::npos) httplib::detail::parse_query_text(req.target.substr(q + 1), r.query);
    auto type = r.header("Content-Type");
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (type.starts_with("application/x-www-form-urlencoded")) httplib::detail::parse_query_text(body, r.form);
    return r;
}

Context context_for(Services& services, const httplib::Request& req, const std::string& body) {
    Context ctx{read_request(req, body), services};
    ctx.request_id = t_request_id;
    return ctx;
}

// For an error page answered before any salon or session is known: in the language the visitor's browser asks.
Context visitor_error_context(Services& services, const httplib::Request& req) {
    auto ctx = context_for(services, req, req.body);
    ctx.locale = view::choose_locale("", req.get_header_value("Accept-Language"), "");
    return ctx;
}

void write_response(Response& from, httplib::Response& to) {
    to.status = from.status;
    for (const auto& [name, value] : from.headers) to.set_header(name, value);
    if (from.file) {
        // Sent a block at a time as the connection takes it; the file is closed when httplib drops the
        // provider, after the last block or a client gone half-way.
        auto file = std::move(from.file);
        const auto size = file->size();
        to.set_content_provider(size, from.content_type, [file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            char block[64 * 1024];
            auto n = file->read(offset, block, std::min(length, sizeof block));
            if (n <= 0) return false;
            return sink.write(block, static_cast<std::size_t>(n));
        });
        return;
    }
    if (!from.content_type.empty()) to.set_header("Content-Type", from.content_type);
    to.body = std::move(from.body);
}

// A POST's body, read here rather than by cpp-httplib, whose own reading refuses a url-encoded form over
// 8 KiB (a limit compiled into it): a note of 2,000 accented letters is more. The server's body limit still
// holds. nullopt when the body did not arrive whole (cpp-httplib has set the answer's status then). A multipart
// body is read and dropped: no page takes one.
std::optional<std::string> read_body(const httplib::Request& req, const httplib::ContentReader& reader) {
    std::string body;
    bool whole = req.is_multipart_form_data()
                     ? reader([](const httplib::MultipartFormData&) { return true; }, [](const char*, std::size_t) { return true; })
                     : reader([&body](const char* data, std::size_t n) {
                           body.append(data, n);
                           return true;
                       });
    if (!whole) return std::nullopt;
    return body;
}

// Every method reaches `handler` with the request's body, and it answers 405 itself where a path does not take
// it. A POST whose body did not arrive whole is answered with the status cpp-httplib gave it, and its connection
// ends.
using BodyHandler = std::function<void(const httplib::Request&, const std::string& body, httplib::Response&)>;
void handle_every_method(httplib::Server& http, BodyHandler handle) {
    auto handler = [handle](const httplib::Request& req, httplib::Response& res) { handle(req, req.body, res); };
    http.Get(".*", handler);
    http.Post(".*", [handle](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
        if (auto body = read_body(req, reader)) return handle(req, *body, res);
        close_after_answer(res);
    });
    http.Put(".*", handler);
    http.Patch(".*", handler);
    http.Delete(".*", handler);
    http.Options(".*", handler);
}

// Where a plain-HTTP request goes on HTTPS: the public URL when it is an https:// one, else the host the
// client asked for on the HTTPS port. "" when the Host header is missing or not a host name.
std::string https_location(const Services& services, const httplib::Request& req, int https_port) {
    std::string base;
    if (services.public_url.starts_with("https://")) {
        base = services.public_url;
    } else {
        auto host = req.get_header_value("Host");
        if (host.starts_with('[')) {
            host = host.substr(0, host.find(']') + 1);
        } else {
            host = host.substr(0, host.find(':'));
        }
        if (host.empty() || !std::all_of(host.begin(), host.end(), [](unsigned char c) {
                return std::isalnum(c) || c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
            }))
            return {};
        base = "https://" + host + (https_port == 443 ? "" : ":" + std::to_string(https_port));
    }
    return base + req.target;  // the target as sent: path and query string, still encoded
}

// --http-listen: plain HTTP that answers ACME http-01 challenges (a certificate authority asks on port 80)
// and sends every other request to HTTPS: 301 for GET and HEAD, 308 for the rest (method and body kept).
std::unique_ptr<httplib::Server> make_http_redirect(Services& svc, int https_port) {
    auto http = std::make_unique<httplib::Server>();
    http->set_socket_options(socket_calls::own_the_port);
    http->set_tcp_nodelay(true);
    http->set_keep_alive_max_count(5);
    http->set_keep_alive_timeout(2);
    http->set_read_timeout(5);
    http->set_write_timeout(5);
    http->set_payload_max_length(64 * 1024);
    auto handler = [&svc, https_port](const httplib::Request& req, const std::string& body, httplib::Response& res) {
        constexpr std::string_view challenges = "/.well-known/acme-challenge/";
        if ((req.method == "GET" || req.method == "HEAD") && req.path.starts_with(challenges)) {
            auto ctx = context_for(svc, req, body);
            ctx.path["token"] = req.path.substr(challenges.size());
            acme_challenge(ctx);
            write_response(ctx.res, res);
            return;
        }
        auto location = https_location(svc, req, https_port);
        if (location.empty()) {
            res.status = 400;
            res.set_content("Bad request: no host name.\n", "text/plain; charset=utf-8");
            return;
        }
        res.status = req.method == "GET" || req.method == "HEAD" ? 301 : 308;
        res.set_header("Location", location);
    };
    handle_every_method(*http, handler);
    http->set_logger([&svc](const httplib::Request& req, const httplib::Response& res) { access_log(svc, req, res); });
    return http;
}

}  // namespace

bool native_tls_available() {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    return true;
#else
    return false;
#endif
}

struct Server::Impl {
    Services& services;
    ServerSettings settings;
    ConnectionGuard guard;
    std::unique_ptr<httplib::Server> http;
    std::unique_ptr<httplib::Server> redirect;  // --http-listen
    int redirect_port = -1;
    std::thread redirect_thread;
};

namespace {
ConnectionLimits limits_for(const ServerSettings& s) {
    ConnectionLimits limits;
    limits.max_connections = static_cast<std::size_t>(s.threads);
    limits.per_address = std::clamp<std::size_t>(limits.max_connections / 8, 4, 32);
    limits.request_deadline = s.request_timeout;
    return limits;
}
}  // namespace

Server::Server(Services& services, ServerSettings settings)
    : impl_(new Impl{services, settings, ConnectionGuard(limits_for(settings), services.trusted_proxies), nullptr, nullptr, -1, {}}) {
    auto& s = impl_->settings;
    impl_->http = make_guarded_server(impl_->guard, s.tls_cert_file, s.tls_key_file);
    services.native_tls = !s.tls_cert_file.empty();
    auto& http = *impl_->http;
    http.set_tcp_nodelay(true);
    http.set_socket_options(socket_calls::own_the_port);  // not httplib's default, which adds SO_REUSEPORT
    http.set_keep_alive_max_count(100);
    http.set_keep_alive_timeout(5);
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
        // The Debian build of cpp-httplib does not apply the body limit to chunked bodies: they are refused too.
        if (int refused = untrusted_body_length(req)) {
            res.status = refused;
            if (refused == 411) res.set_content("Request bodies must be sent with Content-Length.\n", "text/plain; charset=utf-8");
            close_after_answer(res);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    auto& svc = services;
    auto handler = [&svc](const httplib::Request& req, const std::string& body, httplib::Response& res) {
        auto ctx = context_for(svc, req, body);
        dispatch(ctx);
        write_response(ctx.res, res);
    };
    // Every method reaches the route table, so a known path answers 405 with its Allow header.
    handle_every_method(http, handler);
    http.set_error_handler(httplib::Server::HandlerWithResponse([&svc](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || res.status == 304) return httplib::Server::HandlerResponse::Unhandled;
        // Errors raised by httplib itself (400, 413, 414, 405 for other methods): a short page with the request id.
        // The request could not be read as one, so what follows it on the connection is no next request.
        close_after_answer(res);
        auto ctx = visitor_error_context(svc, req);
        int status = res.status;
        ctx.error_page(status, status == 413 ? "error.too_large" : status == 404 ? "error.not_found" : "error.bad_request");
        write_response(ctx.res, res);
        return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([&svc](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown";
        bool disk_full = false;
        try {
            std::rethrow_exception(ep);
        } catch (const storage::StorageFull& e) {
            what = e.what();
            disk_full = true;
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        std::fprintf(stderr, "error %s %s %s: %s\n", t_request_id.c_str(), req.method.c_str(), req.path.c_str(), what.c_str());
        // Nothing was saved, and trying again works once room is made: said in the visitor's language.
        auto ctx = disk_full ? visitor_error_context(svc, req) : context_for(svc, req, req.body);
        if (disk_full) {
            ctx.error_page(503, "error.disk_full");
            ctx.res.set_header("Retry-After", "60");
        } else {
            ctx.error_page(500, "error.internal");
        }
        write_response(ctx.res, res);
    });
    auto& guard = impl_->guard;
    http.set_post_routing_handler(
        [&guard](const httplib::Request& req, httplib::Response& res) { settle_connection_header(guard, req, res); });
    http.set_logger([&svc](const httplib::Request& req, const httplib::Response& res) { access_log(svc, req, res); });
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
    raise_listen_backlog(*impl_->http, k_listen_backlog);
    if (s.http_port >= 0) {
        impl_->redirect = make_http_redirect(impl_->services, port);
        impl_->redirect_port = s.http_port == 0 ? impl_->redirect->bind_to_any_port(s.http_host)
                                                : (impl_->redirect->bind_to_port(s.http_host, s.http_port) ? s.http_port : -1);
        if (impl_->redirect_port < 0)
            throw std::runtime_error("--http-listen: cannot listen on " + s.http_host + ":" + std::to_string(s.http_port) +
                                     " (address in use, not an address of this machine, or a port below 1024 without the right)");
    }
    return port;
}

int Server::http_port() const { return impl_->redirect_port; }

bool Server::listen() {
    std::atomic<bool> redirect_done{false};
    if (impl_->redirect)
        impl_->redirect_thread = std::thread([this, &redirect_done] {
            impl_->redirect->listen_after_bind();
            redirect_done = true;
        });
    bool ok = impl_->http->listen_after_bind();
    if (impl_->redirect) {
        // httplib's stop() does nothing before its listen loop runs: ask until the loop has ended.
        while (!redirect_done) {
            impl_->redirect->stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        impl_->redirect_thread.join();
    }
    return ok;
}

void Server::stop(std::chrono::steady_clock::time_point deadline) {
    // The plain-HTTP side only redirects: it stops with the HTTPS side, when listen() returns.
    begin_stop(*impl_->http, deadline);
}

std::size_t Server::abandoned_connections() const { return web::abandoned_connections(*impl_->http); }

std::string Server::reload_certificate() {
    if (impl_->settings.tls_cert_file.empty()) return "no --tls-cert is set";
    return reload_tls(*impl_->http, impl_->settings.tls_cert_file, impl_->settings.tls_key_file);
}

}  // namespace salonbox::web
