#include "web/context.h"

#include "domain/text.h"
#include "storage/notification_store.h"

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <set>
#include <stdexcept>

namespace salonbox::web {

namespace {

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

std::string first(const Params& params, const std::string& name) {
    auto it = params.find(name);
    return it == params.end() ? std::string{} : it->second;
}

}  // namespace

#ifdef _WIN32

// Windows removes no file while it is open: it is opened delete-on-close instead (_O_TEMPORARY), so it goes
// when the descriptor closes, also when the process ends abruptly. The remove() covers a failed open.
std::shared_ptr<FileBody> FileBody::open_and_unlink(const std::filesystem::path& path) {
    const int fd = ::_wopen(path.c_str(), _O_RDONLY | _O_BINARY | _O_NOINHERIT | _O_TEMPORARY);
    std::error_code ec;
    if (fd < 0) std::filesystem::remove(path, ec);
    struct _stat64 st {};
    if (fd < 0 || ::_fstat64(fd, &st) != 0) {
        if (fd >= 0) ::_close(fd);
        throw std::runtime_error("cannot read back " + path.string());
    }
    return std::make_shared<FileBody>(fd, static_cast<std::size_t>(st.st_size));
}

FileBody::~FileBody() { ::_close(fd_); }

long FileBody::read(std::size_t offset, char* out, std::size_t length) const {
    // At `offset` without moving a shared file position, as pread() does.
    OVERLAPPED at{};
    at.Offset = static_cast<DWORD>(offset);
    at.OffsetHigh = static_cast<DWORD>(static_cast<std::uint64_t>(offset) >> 32);
    DWORD got = 0;
    const auto handle = reinterpret_cast<HANDLE>(::_get_osfhandle(fd_));
    if (::ReadFile(handle, out, static_cast<DWORD>(std::min<std::size_t>(length, 1u << 30)), &got, &at)) return static_cast<long>(got);
    return ::GetLastError() == ERROR_HANDLE_EOF ? 0 : -1;
}

#else

std::shared_ptr<FileBody> FileBody::open_and_unlink(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    std::error_code ec;
    std::filesystem::remove(path, ec);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("cannot read back " + path.string());
    }
    return std::make_shared<FileBody>(fd, static_cast<std::size_t>(st.st_size));
}

FileBody::~FileBody() { ::close(fd_); }

long FileBody::read(std::size_t offset, char* out, std::size_t length) const {
    for (;;) {
        auto n = ::pread(fd_, out, length, static_cast<off_t>(offset));
        if (n >= 0 || errno != EINTR) return static_cast<long>(n);
    }
}

#endif

std::string Request::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (same_name(key, name)) return value;
    return {};
}

bool Request::has_header(std::string_view name) const {
    return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return same_name(h.first, name); });
}

std::string Context::form(const std::string& name) const { return first(req.form, name); }

std::string Context::query(const std::string& name) const { return first(req.query, name); }

void Context::notice_from_done(view::Data& data, Notices known) const {
    auto done = query("done");
    for (const auto& [what, message_key] : known)
        if (done == what) return view::put_text(data, "notice", t(std::string(message_key)));
}

view::Data Context::page_data() const {
    using view::put, view::put_text;
    view::Data d;
    put(d, "lang", locale);
    put(d, "css_url", services.assets.url("css/app.css"));
    put(d, "js_url", services.assets.url("js/app.js"));
    put(d, "icon_url", services.assets.url("img/favicon.svg"));
    put(d, "request_id", request_id);
    put(d, "csrf_token", csrf_token);
    if (db) {
        put(d, "salon_name", salon.name);
        if (!salon.phone.empty()) put(d, "salon_phone", salon.phone);
        if (!salon.address.empty()) put(d, "salon_address", salon.address);
        put_text(d, "base", base());
    }
    if (session) {
        const auto& user = session->user;
        const bool staff = domain::is_staff(user.role);
        view::Data who;
        put(who, "name", user.display_name.empty() ? user.email : user.display_name);
        put(who, "email", user.email);
        put_text(who, "role", t("role." + std::string(domain::to_string(user.role))));
        put(d, "user", std::move(who));
        put_text(d, "logout_url", base() + (staff ? "/admin/logout" : "/logout"));
        // A salon whose customers sign in with codes only has no password pages for them.
        if (staff) put_text(d, "password_url", base() + "/admin/account/password");
        else if (domain::allows_password_sign_in(salon)) put_text(d, "password_url", base() + "/account/password");
        if (staff) {
            // The admin panel's navigation and bell; managers see every screen, staff their own part.
            put(d, "admin_nav", true);
            if (domain::is_manager(user.role)) put(d, "manager", true);
            auto unread = db->read([&](storage::ReadTx& c) { return storage::notification_store::unread_count(c, user.id); });
            put_text(d, "unread", std::to_string(unread));
            if (unread > 0) put(d, "has_unread", true);
        }
    }
    return d;
}

view::Data Context::page_data(std::string title, const std::string& tab) const {
    auto d = page_data();
    view::put_text(d, "title", std::move(title));
    view::put(d, "nav_" + tab, true);
    // On a phone these screens sit behind the tab bar's "More", which is marked as where the page is.
    static const std::set<std::string, std::less<>> behind_more = {"animals", "invoices", "services", "packages", "staff", "settings", "email_log", "export", "notifications"};
    if (behind_more.contains(tab)) view::put(d, "nav_more", true);
    return d;
}

void Context::render(int status, const std::string& template_name, view::Data data) {
    res.status = status;
    res.set_content(services.templates.render_page(template_name, locale, std::move(data)), "text/html; charset=utf-8");
}

void Context::redirect(const std::string& to) {
    res.status = 303;
    res.set_header("Location", to);
}

view::Data Context::error_data(int status, const std::string& message_key) const {
    auto d = page_data();
    // Titled in words; the number stays for whoever reports the problem to the salon.
    static const std::set<int> titled = {400, 403, 404, 405, 409, 410, 413, 422, 429, 500, 503};
    auto heading = t(titled.contains(status) ? "error.title." + std::to_string(status) : "error.title.other");
    d.set("title", heading);
    d.set("heading", heading);
    d.set("status", std::to_string(status));
    d.set("message", t(message_key));
    // The way back stays in the face the visitor came from: a customer is never sent to the staff sign-in.
    if (!db) {
        d.set("back_url", "/");
        d.set("back_label", t("error.back_home"));
    } else if (req.path.starts_with(base() + "/admin")) {
        d.set("back_url", base() + "/admin");
        d.set("back_label", t("error.back_admin"));
    } else if (salon.portal_enabled) {
        const bool customer = session && !domain::is_staff(session->user.role);
        d.set("back_url", base() + (customer ? "/account" : "/login"));
        d.set("back_label", t(customer ? "error.back_account" : "error.back_sign_in"));
    }
    return d;
}

void Context::error_page(int status, const std::string& message_key) { render(status, "pages/error", error_data(status, message_key)); }

std::string cookie_name(const Context& ctx, const std::string& base) { return (ctx.https ? "__Host-" : "") + base; }

std::optional<std::string> read_cookie(const Request& req, const std::string& name) {
    for (const auto& [key, value] : req.headers) {
        if (!same_name(key, "Cookie")) continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            auto semi = rest.find(';');
            auto pair = domain::trim(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            auto eq = pair.find('=');
            if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
        }
    }
    return std::nullopt;
}

void set_cookie(Context& ctx, const std::string& base, const std::string& value, std::optional<int> max_age_seconds) {
    std::string c = cookie_name(ctx, base) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
    if (ctx.https) c += "; Secure";
    if (max_age_seconds) c += "; Max-Age=" + std::to_string(*max_age_seconds);
    ctx.res.set_header("Set-Cookie", c);
}

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t id = 0;
    auto r = std::from_chars(text.data(), text.data() + text.size(), id);
    if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

void add_error(Context& ctx, view::Data& data, const domain::Error& error) {
    data.set("error", ctx.t(error.message_key));
    if (!error.field.empty()) data.set(error.field + "_error", ctx.t(error.message_key));
}

std::string url_encode(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string safe_next(const Context& ctx, std::string_view next) {
    auto prefix = ctx.base() + "/";
    if (next.size() > 1000 || !next.starts_with(prefix)) return {};
    if (next.find("//") != std::string_view::npos || next.find('\\') != std::string_view::npos) return {};
    if (std::any_of(next.begin(), next.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) return {};
    return std::string(next);
}

}  // namespace salonbox::web
