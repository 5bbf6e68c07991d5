// Small text rules shared by every layer: trimming, email shape, lower-casing ASCII.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace salonbox::domain {

std::string trim(std::string_view text);
// The number of Unicode code points of UTF-8 text: the bytes that do not continue a sequence.
std::size_t code_points(std::string_view text);
// Whether `text` holds a C0 control character or DEL (a line break, a tab, ...): one-line fields refuse them.
bool has_control_characters(std::string_view text);
// The same but for line breaks and tabs, which several-line fields (an address, notes) keep: a NUL or an escape
// character is never typed, and a NUL would cut the text short in a PDF.
bool has_stray_control_characters(std::string_view text);
std::string ascii_lower(std::string_view text);
// Trimmed and lower-cased: the form in which emails are compared and stored.
std::string normalize_email(std::string_view email);
// A pragmatic check (one '@', a dot in the domain, no spaces or control characters, at most 254 bytes);
// deliverability is proven by the email itself, not by a pattern.
bool is_plausible_email(std::string_view email);

// Replaces every "{name}" of a text written for code (a catalog's email subject, a notification) by its
// value, in one pass: fill_placeholders("Hello {who}", {{"who", "Bob"}}) == "Hello Bob". A value is never
// searched for placeholders itself; unknown names stay as written.
std::string fill_placeholders(std::string text, std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace salonbox::domain
