#include "domain/text.h"

#include <algorithm>

namespace salonbox::domain {

std::string trim(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool has_control_characters(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

bool has_stray_control_characters(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f; });
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string normalize_email(std::string_view email) { return ascii_lower(trim(email)); }

bool is_plausible_email(std::string_view email) {
    if (email.size() < 3 || email.size() > 254) return false;
    auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
    auto domain = email.substr(at + 1);
    auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
    return std::none_of(email.begin(), email.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ','; });
}

std::string fill_placeholders(std::string text, std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto open = text.find('{', pos);
        auto close = open == std::string::npos ? std::string::npos : text.find('}', open + 1);
        if (close == std::string::npos) break;
        out.append(text, pos, open - pos);
        std::string_view name(text.data() + open + 1, close - open - 1);
        auto match = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
        if (match != values.end()) out += match->second;
        else out.append(text, open, close - open + 1);
        pos = close + 1;
    }
    if (pos < text.size()) out.append(text, pos);
    return out;
}

}  // namespace salonbox::domain
