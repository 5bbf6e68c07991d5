#include "app/serve.h"

#include "auth/secret_key.h"
#include "storage/salon_registry.h"
#include "storage/session_store.h"
#include "web/server.h"

#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <thread>

namespace salonbox::app {

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
    std::printf("salonbox: listening on %s://%s:%d\n", config.tls_cert.empty() ? "http" : "https", host.c_str(), port);
    std::fflush(stdout);
    bool ok = server.listen();
    // listen() also returns when the server fails: release the waiter in that case.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    return ok ? 0 : 1;
}

}  // namespace salonbox::app
