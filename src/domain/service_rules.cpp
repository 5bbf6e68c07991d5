#include "domain/service_rules.h"

#include "domain/appointment_rules.h"
#include "domain/money_input.h"
#include "domain/text.h"

#include <algorithm>

namespace salonbox::domain {

namespace {
bool is_acceptable_name(const std::string& name) { return code_points(name) <= 100 && name.size() <= 400 && !has_control_characters(name); }
}  // namespace

Result<CheckedService> check_service(const ServiceForm& form, std::string_view currency) {
    CheckedService s;
    s.name = trim(form.name);
    if (s.name.empty()) return Error{"name", "error.name_required"};
    if (!is_acceptable_name(s.name)) return Error{"name", "admin.services.error.name_too_long"};
    for (const auto& [lang, typed] : form.other_names) {
        auto name = trim(typed);
        if (!is_acceptable_name(name)) return Error{"name_" + lang, "admin.services.error.name_too_long"};
        if (!name.empty()) s.other_names.emplace(lang, std::move(name));
    }
    auto minutes = parse_decimal(form.duration_minutes, 0);
    if (!minutes || *minutes < 5 || *minutes > k_longest_appointment / std::chrono::minutes(1)) return Error{"duration_minutes", "admin.services.error.duration"};
    s.duration_minutes = static_cast<int>(*minutes);
    auto price = parse_money(form.price, currency);
    if (!price) return Error{"price", "admin.services.error.price"};
    s.price_minor = *price;
    auto tax = trim(form.tax_rate).empty() ? std::optional<std::int64_t>{0} : parse_percent_basis_points(form.tax_rate);
    if (!tax) return Error{"tax_rate", "admin.services.error.tax_rate"};
    s.tax_rate_bp = *tax;
    s.active = form.active;
    return s;
}

}  // namespace salonbox::domain
