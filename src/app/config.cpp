#include "app/config.h"

#include "domain/text.h"
#include "web/server.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace salonbox::app {

namespace {
bool parse_int(std::string_view s, int& out) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

bool readable(const std::string& path) { return std::ifstream(path).good(); }

// "127.0.0.1:8080", "0.0.0.0:443", "[::1]:8080" into `host` and `port`; "" or the message naming `flag`.
std::string parse_address(const std::string& flag, const std::string& text, std::string& host, int& port) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return flag + ": expected ADDRESS:PORT, like 127.0.0.1:8080, got '" + text + "'";
    host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (!parse_int(std::string_view(text).substr(colon + 1), port) || port < 0 || port > 65535)
        return flag + ": the port must be a number from 0 to 65535, got '" + text.substr(colon + 1) + "'";
    if (!web::parse_cidr(host)) return flag + ": '" + host + "' is not an IP address (use 0.0.0.0 for every interface)";
    return {};
}
}  // namespace

ConfigResult check(const ServeOptions& o) {
    ServeConfig c;
    auto fail = [](std::string message) { return ConfigResult{std::nullopt, std::move(message)}; };

    if (o.data_dir.empty()) return fail("--data: give the directory that holds the salons");
    c.data_dir = o.data_dir;

    if (auto error = parse_address("--listen", o.listen, c.host, c.port); !error.empty()) return fail(error);

    if (!o.public_url.empty()) {
        if (!(o.public_url.starts_with("http://") || o.public_url.starts_with("https://")) || o.public_url.size() < 10)
            return fail("--public-url: expected an address like https://salon.example.com, got '" + o.public_url + "'");
        c.public_url = o.public_url;
        while (c.public_url.ends_with('/')) c.public_url.pop_back();
    }

    for (const auto& p : o.trusted_proxies) {
        auto cidr = web::parse_cidr(p);
        if (!cidr) return fail("--trusted-proxy: '" + p + "' is not a network like 10.0.0.0/8 or an address");
        c.trusted_proxies.push_back(*cidr);
    }

    if (o.threads < 4 || o.threads > 4096) return fail("--threads: choose between 4 and 4096, got " + std::to_string(o.threads));
    c.threads = o.threads;
    if (o.request_timeout < 1 || o.request_timeout > 300)
        return fail("--request-timeout: choose between 1 and 300 seconds, got " + std::to_string(o.request_timeout));
    c.request_timeout = o.request_timeout;
    if (o.stop_timeout < 1 || o.stop_timeout > 300)
        return fail("--stop-timeout: choose between 1 and 300 seconds, got " + std::to_string(o.stop_timeout));
    c.stop_timeout = o.stop_timeout;

    if (!o.tls_cert.empty() && !web::native_tls_available())
        return fail("--tls-cert: this build serves plain HTTP only; put a reverse proxy with TLS in front of it");
    if (o.tls_cert.empty() != o.tls_key.empty()) return fail(o.tls_cert.empty() ? "--tls-cert: needed together with --tls-key" : "--tls-key: needed together with --tls-cert");
    if (!o.tls_cert.empty() && !readable(o.tls_cert)) return fail("--tls-cert: cannot read " + o.tls_cert);
    if (!o.tls_key.empty() && !readable(o.tls_key)) return fail("--tls-key: cannot read " + o.tls_key);
    c.tls_cert = o.tls_cert;
    c.tls_key = o.tls_key;

    if (!o.http_listen.empty()) {
        if (o.tls_cert.empty()) return fail("--http-listen: only with --tls-cert (it sends plain HTTP on to HTTPS)");
        c.http_port = 0;
        if (auto error = parse_address("--http-listen", o.http_listen, c.http_host, c.http_port); !error.empty()) return fail(error);
        c.http_listen = true;
    }

    if (auto error = check_mail(o, c); !error.empty()) return fail(error);
    return {c, ""};
}

std::string check_mail(const ServeOptions& o, ServeConfig& c) {
    if (o.mail_transport != "smtp" && o.mail_transport != "console")
        return "--mail-transport: choose smtp or console, got '" + o.mail_transport + "'";
    if (o.mail_transport == "console") {
        c.mail = web::MailDelivery::console;
    } else if (o.smtp_url.empty()) {
        c.mail = web::MailDelivery::outbox_only;
    } else {
        if (!(o.smtp_url.starts_with("smtp://") || o.smtp_url.starts_with("smtps://")))
            return "--smtp-url: expected smtp://HOST:PORT or smtps://HOST:PORT, got '" + o.smtp_url + "'";
        c.mail = web::MailDelivery::smtp;
        c.smtp_url = o.smtp_url;
        c.smtp_user = o.smtp_user;
        if (!o.smtp_password_file.empty()) {
            std::ifstream in(o.smtp_password_file);
            if (!in) return "--smtp-password-file: cannot read " + o.smtp_password_file;
            std::getline(in, c.smtp_password);
            if (!c.smtp_password.empty() && c.smtp_password.back() == '\r') c.smtp_password.pop_back();
        }
    }
    if (!o.mail_from.empty() && !domain::is_plausible_email(o.mail_from))
        return "--mail-from: '" + o.mail_from + "' is not an email address";
    c.mail_from = o.mail_from.empty() ? "salonbox@localhost" : o.mail_from;
    return "";
}

}  // namespace salonbox::app
