// Decoders and parsers the mail tests use to read back what build_mime produced.
#pragma once

#include <sodium.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::mail::test {

inline std::string base64_decode(std::string_view text) {
    std::string bytes(text.size(), '\0');
    size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                          text.size(), "\r\n", &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        throw std::runtime_error("bad base64: " + std::string(text));
    bytes.resize(length);
    return bytes;
}

inline std::string quoted_printable_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
        } else if (text.substr(i + 1, 2) == "\r\n") {
            i += 2;  // soft line break
        } else {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        }
    }
    return out;
}

// Decodes whitespace-separated =?UTF-8?B?...?= words (the only kind build_mime writes); other words are
// kept, joined by single spaces.
inline std::string rfc2047_decode(std::string_view value) {
    std::string out;
    bool previous_encoded = false;
    for (std::size_t start = 0; start < value.size();) {
        const auto end = std::min(value.find(' ', start), value.size());
        const auto word = value.substr(start, end - start);
        start = end + 1;
        if (word.empty()) continue;
        const bool encoded = word.starts_with("=?UTF-8?B?") && word.ends_with("?=");
        if (!out.empty() && !(encoded && previous_encoded)) out += ' ';
        out += encoded ? base64_decode(word.substr(10, word.size() - 12)) : std::string(word);
        previous_encoded = encoded;
    }
    return out;
}

// Whether `bytes` is whole UTF-8 characters: what a fold or a cut must never break.
inline bool is_valid_utf8(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        const std::size_t length = lead < 0x80         ? 1
                                   : (lead >> 5) == 6  ? 2
                                   : (lead >> 4) == 14 ? 3
                                   : (lead >> 3) == 30 ? 4
                                                       : 0;
        if (length == 0 || i + length > bytes.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return false;
        i += length;
    }
    return true;
}

inline std::vector<std::string> split(std::string_view text, std::string_view separator) {
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        const auto at = text.find(separator, start);
        parts.emplace_back(text.substr(start, at - start));
        if (at == std::string_view::npos) return parts;
        start = at + separator.size();
    }
}

struct ParsedMessage {
    std::vector<std::string> header_lines;  // as written, folded lines kept apart
    std::string body;
    // The unfolded value of the first header called `name`, if any.
    std::optional<std::string> header(std::string_view name) const {
        const std::string prefix = std::string(name) + ":";
        for (std::size_t i = 0; i < header_lines.size(); ++i) {
            if (!header_lines[i].starts_with(prefix)) continue;
            std::string value = header_lines[i].substr(prefix.size());
            for (std::size_t j = i + 1; j < header_lines.size() && header_lines[j].starts_with(' '); ++j)
                value += header_lines[j];  // unfolding removes the CRLF only (RFC 5322 2.2.3)
            return value.starts_with(' ') ? value.substr(1) : value;
        }
        return std::nullopt;
    }
};

inline ParsedMessage parse(std::string_view raw) {
    const auto end_of_headers = raw.find("\r\n\r\n");
    if (end_of_headers == std::string_view::npos) throw std::runtime_error("no end of headers");
    return {split(raw.substr(0, end_of_headers), "\r\n"), std::string(raw.substr(end_of_headers + 4))};
}

}  // namespace salonbox::mail::test
