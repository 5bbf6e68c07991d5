// Typed configuration of `salonbox serve`, checked once at start-up with one clear line per wrong value.
#pragma once

#include "app/platform.h"
#include "web/network.h"
#include "web/services.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::app {

// As given by flags, SALONBOX_* variables or the config file (all three fill the same fields).
struct ServeOptions {
    std::string data_dir = default_data_dir();
    std::string listen = "127.0.0.1:8080";
    std::string public_url;
    std::vector<std::string> trusted_proxies;
    int threads = 512;
    int request_timeout = 10;
    int stop_timeout = 10;
    std::string tls_cert;
    std::string tls_key;
    std::string http_listen;  // with TLS: a plain HTTP port for ACME challenges, redirecting the rest
    std::string mail_transport = "console";
    std::string smtp_url;
    std::string smtp_user;
    std::string smtp_password_file;
    std::string mail_from;
    bool windows_service = false;  // run under the Service Control Manager (Windows only)
};

struct ServeConfig {
    std::filesystem::path data_dir;
    std::string host;
    int port = 0;
    std::string public_url;  // without a trailing slash
    std::vector<web::Cidr> trusted_proxies;
    int threads = 512;
    int request_timeout = 10;  // seconds
    int stop_timeout = 10;     // seconds from SIGTERM to exit: requests in flight, then a last mail pass
    std::string tls_cert, tls_key;
    // --http-listen: plain HTTP answering ACME http-01 challenges and sending everything else to HTTPS.
    bool http_listen = false;
    std::string http_host;
    int http_port = 0;
    // smtp with an SMTP server; console prints emails (development); outbox_only when the transport is
    // smtp but no --smtp-url is set: emails wait in the outbox until mail is set up.
    web::MailDelivery mail = web::MailDelivery::console;
    std::string smtp_url, smtp_user, smtp_password, mail_from;
};

// The checked configuration, or a message naming the setting ("--listen: expected ADDRESS:PORT ...").
struct ConfigResult {
    std::optional<ServeConfig> config;
    std::string error;
};
ConfigResult check(const ServeOptions& options);

// The mail settings of `options` alone (transport, SMTP server, user, password file, sender) into `config`;
// "" or the message naming the wrong setting. check() uses it; so does `salonbox mail test`.
std::string check_mail(const ServeOptions& options, ServeConfig& config);

}  // namespace salonbox::app
