// Everything a request handler may use, wired once at start-up by the app layer and shared by all threads.
#pragma once

#include "auth/password.h"
#include "auth/rate_limiter.h"
#include "auth/secret_key.h"
#include "auth/sign_in_throttle.h"
#include "domain/clock.h"
#include "storage/salon_registry.h"
#include "storage/session_store.h"
#include "view/i18n.h"
#include "view/templates.h"
#include "web/concurrency_limit.h"
#include "web/network.h"
#include "web/static_assets.h"
#include "web/write_health.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace salonbox::web {

struct RateLimits {
    // Password checks: sign-in and change of password.
    auth::SignInLimits sign_in;
    // Password-reset emails per client address and per email address.
    int resets_per_ip = 10;
    std::chrono::seconds reset_ip_window{std::chrono::minutes(15)};
    int resets_per_account = 3;
    std::chrono::seconds reset_account_window{std::chrono::hours(1)};
    // Sign-in code emails (first requests and resends) per client address and per email address.
    int codes_per_ip = 10;
    std::chrono::seconds code_ip_window{std::chrono::minutes(15)};
    int codes_per_address = 5;
    std::chrono::seconds code_address_window{std::chrono::hours(1)};
};

// How emails leave this server: through SMTP, printed on the console (development), or not at all yet
// (no SMTP server set up: they wait in the outbox, and the dashboard tells managers so).
enum class MailDelivery { smtp, console, outbox_only };

struct Services {
    Services(storage::SalonRegistry& registry_, auth::SecretKey secret_, RateLimits limits, const domain::Clock& clock_,
             bool with_test_locale = false)
        : registry(registry_),
          clock(clock_),
          secret(std::move(secret_)),
          catalogs(with_test_locale),
          templates(catalogs),
          sign_in_throttle(limits.sign_in),
          reset_per_ip(limits.resets_per_ip, limits.reset_ip_window),
          reset_per_account(limits.resets_per_account, limits.reset_account_window),
          code_per_ip(limits.codes_per_ip, limits.code_ip_window),
          code_per_address(limits.codes_per_address, limits.code_address_window) {}

    storage::SalonRegistry& registry;
    const domain::Clock& clock;  // the app's: every handler asks it, so a test can pin time
    auth::SecretKey secret;
    view::Catalogs catalogs;
    view::Templates templates;
    StaticAssets assets;
    auth::PasswordHasher hasher;
    auth::SignInThrottle sign_in_throttle;
    auth::RateLimiter reset_per_ip;
    auth::RateLimiter reset_per_account;
    auth::RateLimiter code_per_ip;
    auth::RateLimiter code_per_address;
    storage::SessionLimits session_limits;
    // Exports built at once: each streams the salon into a scratch file, seconds of CPU and disk for a large one.
    ConcurrencyLimit exports{2};
    WriteHealth write_health;

    bool native_tls = false;
    std::vector<Cidr> trusted_proxies;
    // Links in emails start with public_url, else with the address the server listens on. Never with the
    // request's Host header: a forged Host would send a customer's reset link to someone else's site.
    std::string public_url;
    std::string listen_url = "http://127.0.0.1:8080";
    const std::string& link_base() const { return public_url.empty() ? listen_url : public_url; }
    std::function<void()> wake_mail_sender = [] {};
    // The address every email goes out from (--mail-from): the organizer of calendar invitations when the salon
    // has no reply-to address of its own.
    std::string mail_from;
    MailDelivery mail_delivery = MailDelivery::smtp;
    // Runs a job after the request has answered, on the mail sender's thread (app/mail_sender.h). A job may
    // use the Services and the registry, never the request's Context.
    std::function<void(std::function<void()>)> run_in_background = [](std::function<void()> job) { job(); };
};

}  // namespace salonbox::web
