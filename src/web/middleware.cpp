#include "web/middleware.h"

#include "auth/csrf.h"
#include "auth/tokens.h"
#include "storage/database.h"
#include "web/routes.h"

namespace salonbox::web {

namespace {

bool wants_https(const Services& s, const Request& req, const std::string& peer) {
    if (s.native_tls) return true;
    for (const auto& n : s.trusted_proxies)
        if (contains(n, peer)) return req.header("X-Forwarded-Proto") == "https";
    return false;
}

// The POST came from one of our own pages: its Origin (when the browser sends one) is this site.
bool same_origin(const Context& ctx) {
    if (!ctx.req.has_header("Origin")) return true;  // older browsers; the CSRF token still decides
    auto origin = ctx.req.header("Origin");
    auto host = ctx.req.header("Host");
    if (origin == (ctx.https ? "https://" : "http://") + host) return true;
    if (!ctx.services.public_url.empty() && ctx.services.public_url.starts_with(origin) &&
        (ctx.services.public_url.size() == origin.size() || ctx.services.public_url[origin.size()] == '/'))
        return true;
    return false;
}

void serve_asset(Context& ctx) {
    bool immutable = false;
    const StaticAsset* asset = ctx.services.assets.find(ctx.req.path, immutable);
    if (!asset) return ctx.error_page(404, "error.not_found");
    ctx.res.set_header("ETag", asset->etag);
    ctx.res.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "public, no-cache");
    if (ctx.req.header("If-None-Match") == asset->etag) {
        ctx.res.status = 304;
        return;
    }
    ctx.res.status = 200;
    ctx.res.set_content(std::string(asset->bytes), asset->content_type);
}

}  // namespace

void dispatch(Context& ctx) {
    auto& services = ctx.services;
    const auto& req = ctx.req;
    auto& res = ctx.res;
    ctx.client_ip = client_address(req.remote_addr, req.header("X-Forwarded-For"), services.trusted_proxies);
    ctx.https = wants_https(services, req, req.remote_addr);
    if (ctx.https && !services.native_tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
    ctx.locale = view::choose_locale("", req.header("Accept-Language"), "");

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
    // The salon named by the path, when there is one: its file, its settings and the visitor's language there.
    auto open_salon = [&](const std::string& slug) {
        ctx.db = domain::is_valid_slug(slug) ? services.registry.open(slug) : nullptr;
        if (!ctx.db) return;
        ctx.salon = services.registry.settings(slug);
        ctx.locale = view::choose_locale("", req.header("Accept-Language"), ctx.salon.locale);
    };

    if (!route) {
        if (path_known) res.set_header("Allow", allowed_methods(req.path));
        // A mistyped address inside a salon answers in the salon's language, with a way back into its pages.
        if (req.path.starts_with("/s/")) {
            try {
                open_salon(req.path.substr(3, req.path.find('/', 3) - 3));
            } catch (const storage::UnusableDatabase&) {
                ctx.db = nullptr;  // the plain error page below is all such a salon can show
            }
        }
        return ctx.error_page(path_known ? 405 : 404, path_known ? "error.method_not_allowed" : "error.not_found");
    }

    if (auto slug = ctx.path.find("slug"); slug != ctx.path.end()) {
        try {
            open_salon(slug->second);
        } catch (const storage::UnusableDatabase&) {
            return ctx.error_page(503, "error.salon_unavailable");  // the reason is in the log and /healthz
        }
        if (!ctx.db) return ctx.error_page(404, "error.unknown_salon");
    }

    if (route->face == Face::portal && ctx.db && !ctx.salon.portal_enabled) return ctx.error_page(404, "error.portal_closed");

    if (route->face != Face::none && ctx.db) {
        auto token = read_cookie(req, cookie_name(ctx, "sb-" + ctx.salon.slug + (route->face == Face::admin ? "-admin" : "-portal")));
        if (token && !token->empty()) {
            auto hash = services.secret.keyed_hash(*token);
            const auto now = ctx.now();
            ctx.session = ctx.db->read([&](storage::ReadTx& db) {
                return storage::session_store::find_active(db, hash, route->face == Face::admin ? "admin" : "portal", now,
                                                           services.session_limits);
            });
            if (ctx.session && storage::session_store::refresh_due(*ctx.session, now))
                ctx.db->write([&](storage::WriteTx& db) { storage::session_store::refresh(db, ctx.session->session_id, now); });
            if (ctx.session) ctx.locale = view::choose_locale(ctx.session->user.locale, req.header("Accept-Language"), ctx.salon.locale);
        }
    }
    if (services.catalogs.wants_test_locale(req.header("Accept-Language"))) ctx.locale = view::Catalogs::test_locale;

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
        case Access::portal_password:
            if (!domain::allows_password_sign_in(ctx.salon)) return ctx.error_page(404, "error.not_found");
            break;
        case Access::portal_code:
            if (!domain::allows_code_sign_in(ctx.salon)) return ctx.error_page(404, "error.not_found");
            break;
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

}  // namespace salonbox::web
