#include "domain/packages.h"

#include "domain/money_input.h"
#include "domain/text.h"
#include "domain/time_zone.h"

#include <algorithm>
#include <tuple>

namespace salonbox::domain {

namespace {
std::optional<int> whole_number(std::string_view text, int min, int max) {
    auto n = parse_decimal(text, 0);
    if (!n || *n < min || *n > max) return std::nullopt;
    return static_cast<int>(*n);
}

auto key(const Day& d) { return std::tuple(d.year, d.month, d.day); }
}  // namespace

Result<CheckedPackageType> check_package_type(const PackageTypeForm& form, std::string_view currency) {
    CheckedPackageType p;
    p.name = trim(form.name);
    if (p.name.empty()) return Error{"name", "error.name_required"};
    if (code_points(p.name) > 100 || p.name.size() > 400 || has_control_characters(p.name)) return Error{"name", "admin.packages.error.name"};
    auto sessions = whole_number(form.sessions, 1, 100);
    if (!sessions) return Error{"sessions", "admin.packages.error.sessions"};
    p.sessions = *sessions;
    auto price = parse_money(form.price, currency);
    if (!price) return Error{"price", "admin.packages.error.price"};
    p.price_minor = *price;
    auto tax = trim(form.tax_rate).empty() ? std::optional<std::int64_t>{0} : parse_percent_basis_points(form.tax_rate);
    if (!tax) return Error{"tax_rate", "admin.packages.error.tax_rate"};
    p.tax_rate_bp = *tax;
    auto validity = whole_number(form.validity_days, 1, 3650);
    if (!validity) return Error{"validity_days", "admin.packages.error.validity"};
    p.validity_days = *validity;
    p.service_ids = form.service_ids;
    std::sort(p.service_ids.begin(), p.service_ids.end());
    p.service_ids.erase(std::unique(p.service_ids.begin(), p.service_ids.end()), p.service_ids.end());
    if (p.service_ids.empty()) return Error{"services", "admin.packages.error.services"};
    return p;
}

Day package_expiry(Instant sold_at, int validity_days, std::string_view time_zone) {
    auto sold = day_of(sold_at, time_zone);
    auto last = add_days(LocalDateTime{sold.year, sold.month, sold.day, 12, 0}, validity_days);
    return Day{last.year, last.month, last.day};
}

std::string_view to_string(PackageState state) {
    switch (state) {
        case PackageState::active: return "active";
        case PackageState::used_up: return "used_up";
        case PackageState::expired: return "expired";
    }
    return "active";
}

PackageState package_state(int sessions, int used, const Day& expires_on, const Day& today) {
    if (used >= sessions) return PackageState::used_up;
    if (key(today) > key(expires_on)) return PackageState::expired;
    return PackageState::active;
}

}  // namespace salonbox::domain
