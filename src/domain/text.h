// Small text rules shared by every layer: trimming, email shape, lower-casing ASCII.
#pragma once

#include <string>
#include <string_view>

namespace salonbox::domain {

std::string trim(std::string_view text);
std::string ascii_lower(std::string_view text);
// Trimmed and lower-cased: the form in which emails are compared and stored.
std::string normalize_email(std::string_view email);
// A pragmatic check (one '@', a dot in the domain, no spaces or control characters, at most 254 bytes);
// deliverability is proven by the email itself, not by a pattern.
bool is_plausible_email(std::string_view email);

}  // namespace salonbox::domain
