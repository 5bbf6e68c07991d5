#include "pdf/text_layout.h"

#include <cstddef>
#include <cstdint>

namespace salonbox::pdf {

namespace {

constexpr std::string_view k_replacement_character = "\xEF\xBF\xBD";  // U+FFFD

// Callers size boxes from measured widths and compute the room back by subtraction; a rounding error of
// that size must not push a fitting text onto two lines.
constexpr double k_width_tolerance = 0.01;

// Length of the well-formed UTF-8 sequence starting at text[at], or 0 when it is malformed (truncated,
// overlong, a surrogate, or beyond U+10FFFF). The code point goes to *code_point.
std::size_t utf8_sequence(std::string_view text, std::size_t at, char32_t* code_point) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        *code_point = lead;
        return 1;
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t smallest = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1F, smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0F, smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07, smallest = 0x10000;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
        value = (value << 6) | (byte(at + i) & 0x3F);
    }
    if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    *code_point = value;
    return length;
}

// Byte length of the (already printable) character starting at text[at].
std::size_t character_length(std::string_view printable, std::size_t at) {
    char32_t ignored = 0;
    const std::size_t length = utf8_sequence(printable, at, &ignored);
    return length == 0 ? 1 : length;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(separator, start);
        if (end == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

}  // namespace

std::string printable_text(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t at = 0; at < utf8.size();) {
        char32_t code_point = 0;
        const std::size_t length = utf8_sequence(utf8, at, &code_point);
        if (length == 0) {
            out += k_replacement_character;
            ++at;
            continue;
        }
        if (code_point == U'\r') {
            out += '\n';
            if (at + 1 < utf8.size() && utf8[at + 1] == '\n') ++at;
        } else if (code_point == U'\n') {
            out += '\n';
        } else if (code_point == U'\t') {
            out += ' ';
        } else if (code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0)) {
            // C0 and C1 controls have no glyph; drop them.
        } else if (code_point > 0xFFFF) {
            // Emoji in a pet's name, mostly: DejaVu Sans has none and libharu cannot address them.
        } else {
            out.append(utf8.substr(at, length));
        }
        at += length;
    }
    return out;
}

std::vector<std::string> wrap_text(std::string_view printable, double max_width, const TextWidthFn& width) {
    max_width += k_width_tolerance;
    std::vector<std::string> lines;
    for (std::string_view paragraph : split(printable, '\n')) {
        std::string line;
        for (std::string_view word : split(paragraph, ' ')) {
            if (word.empty()) continue;
            std::string candidate = line.empty() ? std::string(word) : line + ' ' + std::string(word);
            if (width(candidate) <= max_width) {
                line = std::move(candidate);
                continue;
            }
            if (!line.empty()) lines.push_back(std::move(line));
            line.clear();
            if (width(word) <= max_width) {
                line = std::string(word);
                continue;
            }
            // Too wide on its own (a long e-mail address, a pasted reference): cut between characters.
            for (std::size_t at = 0; at < word.size();) {
                const std::size_t length = character_length(word, at);
                std::string extended = line + std::string(word.substr(at, length));
                if (!line.empty() && width(extended) > max_width) {
                    lines.push_back(std::move(line));
                    line = std::string(word.substr(at, length));
                } else {
                    line = std::move(extended);
                }
                at += length;
            }
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

}  // namespace salonbox::pdf
