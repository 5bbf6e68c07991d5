// What defines a salon: identity, locale, time zone, currency and invoice numbering, with their rules.
#pragma once

#include "domain/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace salonbox::domain {

struct SalonSettings {
    std::string slug;
    std::string name;
    std::string address;
    std::string phone;
    std::string email;  // the salon's own address, shown in its emails; "" when it has none
    std::string tax_id;
    std::string time_zone;  // IANA name, e.g. "Europe/Paris"
    std::string locale;     // "en" or "fr"
    std::string currency;   // ISO 4217, e.g. "EUR"
    std::string invoice_pattern = "FA{yy}{mm}-{nnnn}";
    bool portal_enabled = true;
    std::string mail_sender_name;
    std::string mail_reply_to;  // where replies go when not to `email`
    std::string portal_sign_in = "both";  // how customers sign in: "password", "code" (emailed) or "both"
};

// Where a customer's reply to the salon's emails goes: mail_reply_to, else the salon's email, else "" (no
// Reply-To: replies go to the sender address).
std::string reply_address(const SalonSettings& salon);

bool allows_password_sign_in(const SalonSettings& salon);
bool allows_code_sign_in(const SalonSettings& salon);

// The languages salonbox speaks, first is the fallback.
const std::vector<std::string>& supported_locales();
bool is_supported_locale(std::string_view locale);

// A slug is what appears in /s/{slug}/: 2-40 of [a-z0-9-], starting with a letter or digit.
bool is_valid_slug(std::string_view slug);
bool is_valid_time_zone(std::string_view name);
// Every IANA zone name the system knows, sorted (for the settings form's suggestions).
const std::vector<std::string>& time_zone_names();
// ISO 4217 codes salonbox knows with their minor-unit digits; -1 when unknown.
int currency_minor_digits(std::string_view code);

// Checks every field; the first error names the field.
Result<SalonSettings> validate(SalonSettings settings);

}  // namespace salonbox::domain
