#include "app/serve.h"

#include "app/data_dir_lock.h"
#include "app/mail_sender.h"
#include "app/platform.h"
#include "app/service_notify.h"
#include "auth/secret_key.h"
#include "domain/clock.h"
#include "mail/console_transport.h"
#include "mail/smtp_transport.h"
#include "storage/export_archive.h"
#include "storage/salon_registry.h"
#include "storage/session_store.h"
#include "web/server.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string_view>
#include <thread>

namespace salonbox::app {

namespace {

// The host of smtp://HOST:PORT or smtp://[IPv6]:PORT, lower-cased ("" when there is none).
std::string url_host(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    url.remove_prefix(scheme_end + 3);
    url = url.substr(0, url.find_first_of("/?#"));
    if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
    std::string host(url.starts_with('[') ? url.substr(1, url.find(']') - 1) : url.substr(0, url.find(':')));
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    return host;
}

std::unique_ptr<mail::Transport> make_transport(const ServeConfig& config) {
    switch (config.mail) {
        case web::MailDelivery::console:
            return std::make_unique<mail::ConsoleTransport>(std::cout);
        case web::MailDelivery::outbox_only:
            return nullptr;
        case web::MailDelivery::smtp:
            return make_smtp_transport(config);
    }
    return nullptr;
}

// Said once at start, since nobody reads the outbox: where emails go when they do not reach customers.
void announce_mail_delivery(const ServeConfig& config) {
    if (config.mail == web::MailDelivery::outbox_only)
        std::fprintf(stderr, "salonbox: mail is not set up (no --smtp-url): emails wait in the outbox until it is; "
                             "check it with: salonbox mail test --to ADDRESS\n");
    else if (config.mail == web::MailDelivery::console)
        std::fprintf(stderr, "salonbox: emails are printed on standard output, not sent (--mail-transport console)\n");
}

}  // namespace

std::unique_ptr<mail::SmtpTransport> make_smtp_transport(const ServeConfig& config) {
    // A password may cross the network in clear only to a relay on this machine: anywhere else, STARTTLS
    // is required (smtps:// is TLS from the start either way).
    const auto host = url_host(config.smtp_url);
    const bool loopback = host == "127.0.0.1" || host == "localhost" || host == "::1";
    return std::make_unique<mail::SmtpTransport>(mail::SmtpSettings{
        .url = config.smtp_url,
        .user = config.smtp_user,
        .password = config.smtp_password,
        .require_tls = !config.smtp_user.empty() && !loopback,
    });
}

namespace {

// Sessions past their idle or absolute limit are refused on use already; this only keeps the tables small.
// One salon's failure does not stop the others.
void purge_expired_sessions(storage::SalonRegistry& registry, const storage::SessionLimits& limits) {
    const auto now = registry.clock().now();
    for (const auto& slug : registry.slugs()) {
        try {
            if (const auto db = registry.open(slug))
                db->write([&](storage::WriteTx& c) { storage::session_store::purge_expired(c, now, limits); });
        } catch (const std::exception& e) {
            std::fprintf(stderr, "salonbox: purging expired sessions of salon %s failed: %s\n", slug.c_str(), e.what());
        }
    }
}

}  // namespace

int serve(const ServeConfig& config) {
    ControlRequests control_requests;  // before any thread starts

    DataDirLock lock(config.data_dir);  // one server per data directory: DataDirBusy names the other one
    storage::empty_export_scratch_dir(config.data_dir);  // exports cut short by a crash
    // The one clock of the process: the registry stamps writes with it, handlers and the mail sender ask it.
    const domain::SystemClock clock;
    storage::SalonRegistry registry(config.data_dir, clock);

    // SALONBOX_TEST_LOCALE=1 adds the test locale (view::Catalogs::test_locale) for the tests that look for
    // untranslated text on every page; it is no setting of the service, and says so when it is on.
    const char* test_locale = std::getenv("SALONBOX_TEST_LOCALE");
    bool with_test_locale = test_locale && std::string_view(test_locale) == "1";
    if (with_test_locale) std::fprintf(stderr, "salonbox: the test locale x-test is on (SALONBOX_TEST_LOCALE=1)\n");
    web::Services services(registry, auth::SecretKey::load_or_create(config.data_dir), web::RateLimits{}, clock, with_test_locale);
    services.trusted_proxies = config.trusted_proxies;
    services.public_url = config.public_url;
    services.mail_delivery = config.mail;
    services.mail_from = config.mail_from;
    announce_mail_delivery(config);

    // Declared before the server so that it outlives every handler that may wake it.
    MailSenderOptions mail_options;
    mail_options.housekeeping = [&registry, &services] { purge_expired_sessions(registry, services.session_limits); };
    mail_options.sealing_key = services.secret;
    MailSender mail_sender(registry, make_transport(config), MailIdentity{config.mail_from, "salonbox"}, std::move(mail_options));
    services.wake_mail_sender = [&mail_sender] { mail_sender.wake(); };
    services.run_in_background = [&mail_sender](std::function<void()> job) { mail_sender.post(std::move(job)); };

    web::ServerSettings settings;
    settings.host = config.host;
    settings.port = config.port;
    settings.threads = config.threads;
    settings.request_timeout = std::chrono::seconds(config.request_timeout);
    settings.tls_cert_file = config.tls_cert;
    settings.tls_key_file = config.tls_key;
    if (config.http_listen) {
        settings.http_host = config.http_host;
        settings.http_port = config.http_port;
    }
    // certbot --webroot and uacme write challenges here; the server answers them on any port.
    if (!config.tls_cert.empty()) storage::create_private_directories(config.data_dir / "acme-challenge");
    web::Server server(services, settings);
    int port = server.bind();

    // The stop's deadline, set when SIGINT or SIGTERM arrives: requests in flight and the last mail pass must
    // be done by then (systemd's TimeoutStopSec leaves room beyond it).
    std::atomic<std::chrono::steady_clock::time_point> stop_deadline{std::chrono::steady_clock::time_point::max()};
    std::atomic<bool> listen_returned{false};
    std::thread signal_waiter([&] {
        for (;;) {
            auto request = control_requests.wait();
            if (request == ControlRequest::released || listen_returned) return;
            if (request == ControlRequest::stop) break;
            if (config.tls_cert.empty()) {
                std::fprintf(stderr, "salonbox: SIGHUP: nothing to reload (no --tls-cert)\n");
            } else if (auto problem = server.reload_certificate(); problem.empty()) {
                std::fprintf(stderr, "salonbox: reloaded the TLS certificate %s\n", config.tls_cert.c_str());
            } else {
                std::fprintf(stderr, "salonbox: SIGHUP: kept the current TLS certificate: %s\n", problem.c_str());
            }
        }
        std::fprintf(stderr, "salonbox: stopping (at most %d s)\n", config.stop_timeout);
        notify_service_manager("STOPPING=1");
        stop_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(config.stop_timeout);
        server.stop(stop_deadline);  // also before listen() has started: it then returns at once
    });

    std::string host = config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    std::string scheme = config.tls_cert.empty() ? "http" : "https";
    std::printf("salonbox: listening on %s://%s:%d\n", scheme.c_str(), host.c_str(), port);
    if (server.http_port() >= 0) {
        std::string http_host = config.http_host.find(':') != std::string::npos ? "[" + config.http_host + "]" : config.http_host;
        std::printf("salonbox: answering ACME challenges and redirecting to HTTPS on http://%s:%d\n", http_host.c_str(), server.http_port());
    }
    // Emailed links need an address customers can open: --public-url, or failing that this machine's.
    bool any_address = config.host == "0.0.0.0" || config.host == "::";
    services.listen_url = scheme + "://" + (any_address ? std::string("127.0.0.1") : host) + ":" + std::to_string(port);
    std::fflush(stdout);
    notify_service_manager("READY=1");  // the socket listens already: connections wait in its queue
    // Every salon is migrated and checked once the socket listens, not before: reading each file's schema
    // takes milliseconds, so fifty salons would delay the first answer by a tenth of a second or more. A request
    // for a salon not opened yet opens it itself (the registry opens each file once). A file salonbox cannot
    // use (from a newer salonbox, not a salon at all) is named here and left alone; the other salons are
    // served, and /healthz names it too.
    std::thread salon_opener([&registry] {
        for (const auto& slug : registry.slugs()) {
            try {
                registry.open(slug);
            } catch (const storage::UnusableDatabase& e) {
                std::fprintf(stderr, "salonbox: salon %s is not served: %s (%s)\n", slug.c_str(), e.what(), registry.salon_path(slug).string().c_str());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "salonbox: salon %s cannot be opened: %s\n", slug.c_str(), e.what());
            }
        }
    });
    mail_sender.start();  // delivers what an earlier run left pending, then whatever requests enqueue
    bool ok = server.listen();
    listen_returned = true;
    salon_opener.join();
    // listen() also returns when the server fails: release the waiter in that case.
    control_requests.release(signal_waiter);
    signal_waiter.join();
    if (ok) {
        mail_sender.finish(stop_deadline);
    } else {
        mail_sender.stop();
    }
    if (auto left = server.abandoned_connections(); left > 0) {
        // Their handlers still use the server and the salons: end the process without destroying them.
        // SQLite's journal keeps every salon consistent however a process ends.
        std::fprintf(stderr, "salonbox: %zu requests were still running at the stop deadline; stopped without them\n", left);
        std::fflush(nullptr);
        std::_Exit(0);
    }
    std::fprintf(stderr, "salonbox: stopped\n");
    return ok ? 0 : 1;
}

}  // namespace salonbox::app
