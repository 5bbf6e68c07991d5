// Everything a request handler may use, wired once at start-up by the app layer and shared by all threads.
#pragma once

#include "auth/password.h"
#include "auth/rate_limiter.h"
#include "auth/secret_key.h"
#include "storage/salon_registry.h"
#include "storage/session_store.h"
#include "view/i18n.h"
#include "view/templates.h"
#include "web/network.h"
#include "web/static_assets.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace salonbox::web {

struct RateLimits {
    // Sign-in attempts per client address, and failed sign-ins per account (known or not, so the answer
    // never tells whether an email exists).
    int attempts_per_ip = 30;
    std::chrono::seconds ip_window{std::chrono::minutes(5)};
    int failures_per_account = 5;
    std::chrono::seconds account_window{std::chrono::minutes(15)};
};

struct Services {
    Services(storage::SalonRegistry& registry_, auth::SecretKey secret_, RateLimits limits)
        : registry(registry_),
          secret(std::move(secret_)),
          templates(catalogs),
          signin_per_ip(limits.attempts_per_ip, limits.ip_window),
          signin_per_account(limits.failures_per_account, limits.account_window) {}

    storage::SalonRegistry& registry;
    auth::SecretKey secret;
    view::Catalogs catalogs;
    view::Templates templates;
    StaticAssets assets;
    auth::PasswordHasher hasher;
    auth::RateLimiter signin_per_ip;
    auth::RateLimiter signin_per_account;
    storage::SessionLimits session_limits;

    bool native_tls = false;
    std::vector<Cidr> trusted_proxies;
    std::string public_url;  // "" when not configured: links use the request's own origin
    std::function<void()> wake_mail_sender = [] {};
};

}  // namespace salonbox::web
