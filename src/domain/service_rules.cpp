#include "domain/service_rules.h"

#include "domain/money_input.h"
#include "domain/text.h"

#include <algorithm>

namespace salonbox::domain {

Result<CheckedService> check_service(const ServiceForm& form, std::string_view currency) {
    CheckedService s;
    s.name = trim(form.name);
    if (s.name.empty()) return Error{"name", "error.name_required"};
    auto code_points = std::count_if(s.name.begin(), s.name.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    bool control = std::any_of(s.name.begin(), s.name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (code_points > 100 || s.name.size() > 400 || control) return Error{"name", "admin.services.error.name_too_long"};
    auto minutes = parse_decimal(form.duration_minutes, 0);
    if (!minutes || *minutes < 5 || *minutes > 720) return Error{"duration_minutes", "admin.services.error.duration"};
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
