#include "domain/salon_settings.h"

#include "domain/text.h"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <utility>

namespace salonbox::domain {

const std::vector<std::string>& supported_locales() {
    static const std::vector<std::string> locales{"en", "fr"};
    return locales;
}

bool is_supported_locale(std::string_view locale) {
    const auto& all = supported_locales();
    return std::find(all.begin(), all.end(), locale) != all.end();
}

bool is_valid_slug(std::string_view slug) {
    if (slug.size() < 2 || slug.size() > 40 || slug.front() == '-' || slug.back() == '-') return false;
    return std::all_of(slug.begin(), slug.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool is_valid_time_zone(std::string_view name) {
    if (name.empty()) return false;
    try {
        date::locate_zone(name);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

const std::vector<std::string>& time_zone_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& zone : date::get_tzdb().zones) out.emplace_back(zone.name());
        std::sort(out.begin(), out.end());
        return out;
    }();
    return names;
}

int currency_minor_digits(std::string_view code) {
    static constexpr std::array<std::pair<std::string_view, int>, 24> k_currencies{{
        {"AUD", 2}, {"BGN", 2}, {"BRL", 2}, {"CAD", 2}, {"CHF", 2}, {"CZK", 2}, {"DKK", 2}, {"EUR", 2},
        {"GBP", 2}, {"HUF", 2}, {"ISK", 0}, {"JPY", 0}, {"MAD", 2}, {"MXN", 2}, {"NOK", 2}, {"NZD", 2},
        {"PLN", 2}, {"RON", 2}, {"SEK", 2}, {"TND", 3}, {"TRY", 2}, {"USD", 2}, {"XOF", 0}, {"ZAR", 2},
    }};
    for (const auto& [c, digits] : k_currencies)
        if (c == code) return digits;
    return -1;
}

std::string reply_address(const SalonSettings& salon) { return !salon.mail_reply_to.empty() ? salon.mail_reply_to : salon.email; }

bool allows_password_sign_in(const SalonSettings& salon) { return salon.portal_sign_in != "code"; }
bool allows_code_sign_in(const SalonSettings& salon) { return salon.portal_sign_in != "password"; }

Result<SalonSettings> validate(SalonSettings s) {
    s.name = trim(s.name);
    if (!is_valid_slug(s.slug)) return Error{"slug", "error.slug_invalid"};
    if (s.name.empty() || s.name.size() > 120) return Error{"name", "error.name_required"};
    if (has_control_characters(s.name)) return Error{"name", "error.control_characters"};
    if (!is_valid_time_zone(s.time_zone)) return Error{"time_zone", "error.time_zone_unknown"};
    if (!is_supported_locale(s.locale)) return Error{"locale", "error.locale_unsupported"};
    if (currency_minor_digits(s.currency) < 0) return Error{"currency", "error.currency_unknown"};
    if (s.invoice_pattern.find("{n") == std::string::npos || s.invoice_pattern.size() > 40 || has_control_characters(s.invoice_pattern) ||
        s.invoice_pattern.find_first_of("\"/\\") != std::string::npos)
        return Error{"invoice_pattern", "error.invoice_pattern_counter"};
    s.address = trim(s.address);
    s.phone = trim(s.phone);
    s.tax_id = trim(s.tax_id);
    s.mail_sender_name = trim(s.mail_sender_name);
    s.email = normalize_email(s.email);
    s.mail_reply_to = normalize_email(s.mail_reply_to);
    if (s.address.size() > 500) return Error{"address", "error.too_long_text"};
    // The address is printed on every invoice: its lines, but no NUL or other control character.
    if (has_stray_control_characters(s.address)) return Error{"address", "error.control_characters"};
    if (s.phone.size() > 40) return Error{"phone", "error.too_long_text"};
    if (has_control_characters(s.phone)) return Error{"phone", "error.control_characters"};
    if (!s.email.empty() && !is_plausible_email(s.email)) return Error{"email", "error.email_invalid"};
    if (s.tax_id.size() > 40) return Error{"tax_id", "error.too_long_text"};
    if (has_control_characters(s.tax_id)) return Error{"tax_id", "error.control_characters"};
    // The sender name and reply-to address go into email headers: one line, a real address.
    if (s.mail_sender_name.size() > 100) return Error{"mail_sender_name", "error.too_long_text"};
    if (has_control_characters(s.mail_sender_name)) return Error{"mail_sender_name", "error.control_characters"};
    if (!s.mail_reply_to.empty() && !is_plausible_email(s.mail_reply_to)) return Error{"mail_reply_to", "error.email_invalid"};
    if (s.portal_sign_in != "password" && s.portal_sign_in != "code" && s.portal_sign_in != "both")
        return Error{"portal_sign_in", "error.portal_sign_in_unknown"};
    return s;
}

}  // namespace salonbox::domain
