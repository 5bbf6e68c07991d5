#include "app/serve.h"

#include "app/mail_sender.h"
#include "auth/secret_key.h"
#include "domain/clock.h"
#include "mail/console_transport.h"
#include "mail/smtp_transport.h"
#include "storage/salon_registry.h"
#include "storage/session_store.h"
#include "web/server.h"

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <pthread.h>
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
    if (!config.smtp) return std::make_unique<mail::ConsoleTransport>(std::cout);
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

// Sessions past their idle or absolute limit are refused on use already; this only keeps the tables small.
// One salon's failure does not stop the others.
void purge_expired_sessions(storage::SalonRegistry& registry, const storage::SessionLimits& limits) {
    const auto now = domain::now();
    for (const auto& slug : registry.slugs()) {
        try {
            if (const auto db = registry.open(slug))
                db->write([&](SQLite::Database& c) { storage::session_store::purge_expired(c, now, limits); });
        } catch (const std::exception& e) {
            std::fprintf(stderr, "salonbox: purging expired sessions of salon %s failed: %s\n", slug.c_str(), e.what());
        }
    }
}

}  // namespace

int serve(const ServeConfig& config) {
    // Signals are taken by one waiting thread, so the server stops cleanly instead of dying mid-write.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    storage::SalonRegistry registry(config.data_dir);
    for (const auto& slug : registry.slugs()) registry.open(slug);  // migrate and check every salon up front

    web::Services services(registry, auth::SecretKey::load_or_create(config.data_dir), web::RateLimits{});
    services.trusted_proxies = config.trusted_proxies;
    services.public_url = config.public_url;

    // Declared before the server so that it outlives every handler that may wake it.
    MailSenderOptions mail_options;
    mail_options.housekeeping = [&registry, &services] { purge_expired_sessions(registry, services.session_limits); };
    MailSender mail_sender(registry, make_transport(config), MailIdentity{config.mail_from, "salonbox"}, std::move(mail_options));
    services.wake_mail_sender = [&mail_sender] { mail_sender.wake(); };

    web::ServerSettings settings;
    settings.host = config.host;
    settings.port = config.port;
    settings.threads = config.threads;
    settings.tls_cert_file = config.tls_cert;
    settings.tls_key_file = config.tls_key;
    web::Server server(services, settings);
    int port = server.bind();

    std::thread signal_waiter([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        std::fprintf(stderr, "salonbox: stopping\n");
        server.stop();
    });

    std::string host = config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
    std::string scheme = config.tls_cert.empty() ? "http" : "https";
    std::printf("salonbox: listening on %s://%s:%d\n", scheme.c_str(), host.c_str(), port);
    // Emailed links need an address customers can open: --public-url, or failing that this machine's.
    bool any_address = config.host == "0.0.0.0" || config.host == "::";
    services.listen_url = scheme + "://" + (any_address ? std::string("127.0.0.1") : host) + ":" + std::to_string(port);
    std::fflush(stdout);
    mail_sender.start();  // delivers what an earlier run left pending, then whatever requests enqueue
    bool ok = server.listen();
    mail_sender.stop();
    // listen() also returns when the server fails: release the waiter in that case.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    return ok ? 0 : 1;
}

}  // namespace salonbox::app
