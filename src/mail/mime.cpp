#include "mail/mime.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace salonbox::mail {
namespace {

constexpr std::string_view crlf = "\r\n";
constexpr std::size_t max_header_line = 78;  // RFC 5322 2.1.1 "SHOULD"
constexpr std::size_t max_body_line = 76;    // RFC 2045 6.7, the soft-break '=' included

std::string base64(std::string_view bytes) {
    constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), variant);
    out.pop_back();  // the length above counts the terminating NUL
    return out;
}

std::string random_hex(std::size_t byte_count) {
    std::vector<unsigned char> bytes(byte_count);
    randombytes_buf(bytes.data(), bytes.size());
    std::string hex(byte_count * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    hex.pop_back();
    return hex;
}

// A header value cannot carry line breaks (they would start a new header) nor other controls.
std::string single_line(std::string_view text) {
    std::string out;
    for (unsigned char c : text) out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
    const auto first = out.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = std::min(text.find(' ', start), text.size());
        if (end > start) words.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

// Non-ASCII needs RFC 2047; so does ASCII that a reader would decode ("=?") or a word too long to fold.
bool needs_encoding(std::string_view text) {
    if (text.find("=?") != std::string_view::npos) return true;
    if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x80; })) return true;
    const auto words = words_of(text);
    return std::any_of(words.begin(), words.end(),
                       [](const std::string& w) { return w.size() > max_header_line - 2; });
}

// RFC 2047 B-encoded words holding whole UTF-8 characters. 42 bytes give 56 base64 characters, so each
// word is 68 long and fits beside the longest header name used here ("Reply-To: ") within 78 columns.
std::vector<std::string> encoded_words(std::string_view text) {
    constexpr std::size_t max_bytes = 42;
    std::vector<std::string> words;
    while (!text.empty()) {
        std::size_t length = std::min(max_bytes, text.size());
        std::size_t whole = length;  // step back while the next chunk would start mid-character
        while (whole > 0 && whole < text.size() && (static_cast<unsigned char>(text[whole]) & 0xC0) == 0x80)
            --whole;
        if (whole > 0) length = whole;  // otherwise the text is not UTF-8: cut anywhere
        words.push_back("=?UTF-8?B?" + base64(text.substr(0, length)) + "?=");
        text.remove_prefix(length);
    }
    return words;
}

// Locale-independent, unlike std::isalnum.
bool is_ascii_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_atext(unsigned char c) {
    return is_ascii_alnum(c) ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

// A display name as an RFC 5322 phrase: atoms, one quoted-string, or encoded-words.
std::vector<std::string> phrase(std::string_view name) {
    const auto clean = single_line(name);
    if (clean.empty()) return {};
    if (needs_encoding(clean)) return encoded_words(clean);
    if (std::all_of(clean.begin(), clean.end(), [](unsigned char c) { return c == ' ' || is_atext(c); }))
        return words_of(clean);
    std::string quoted = "\"";
    for (char c : clean) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    quoted += '"';
    if (quoted.size() > max_header_line - 2) return encoded_words(clean);
    return {quoted};
}

// "Name: token token ...", folded before any token that would pass 78 columns (RFC 5322 2.2.3).
std::string header(std::string_view name, const std::vector<std::string>& tokens) {
    std::string out(name);
    out += ':';
    std::size_t column = out.size();
    bool line_has_token = false;
    for (const auto& token : tokens) {
        if (line_has_token && column + 1 + token.size() > max_header_line) {
            out += crlf;
            column = 0;
        }
        out += ' ';
        out += token;
        column += 1 + token.size();
        line_has_token = true;
    }
    out += crlf;
    return out;
}

void check_address(std::string_view address, std::string_view field) {
    const auto at = address.find('@');
    bool valid = at != std::string_view::npos && at > 0 && at + 1 < address.size() &&
                 address.find('@', at + 1) == std::string_view::npos;
    for (unsigned char c : address)
        if (c <= 0x20 || c >= 0x7f ||
            std::string_view("<>,;\"()\\").find(static_cast<char>(c)) != std::string_view::npos)
            valid = false;
    // The value itself stays out of the message: it may hold line breaks meant for a log.
    if (!valid) throw std::invalid_argument(std::string(field) + " address is not a plain email address");
}

std::string address_header(std::string_view field, std::string_view name, const std::string& address) {
    check_address(address, field);
    auto tokens = phrase(name);
    tokens.push_back(tokens.empty() ? address : "<" + address + ">");
    return header(field, tokens);
}

std::string rfc5322_date(std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    static constexpr const char* weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto second = floor<seconds>(when);
    const auto day = floor<days>(second);
    const year_month_day date{day};
    const hh_mm_ss time{second - day};
    char text[64];
    std::snprintf(text, sizeof text, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                  weekdays[weekday{day}.c_encoding()], static_cast<unsigned>(date.day()),
                  months[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return text;
}

// Every line break of the input, whatever its convention, becomes a CRLF hard break; '=' soft breaks keep
// lines within 76 characters; spaces before a break are encoded so that transports cannot strip them.
std::string quoted_printable(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t column = 0;
    auto put = [&](std::string_view piece) {
        if (column + piece.size() > max_body_line - 1) {
            out += "=\r\n";
            column = 0;
        }
        out += piece;
        column += piece.size();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += crlf;
            column = 0;
            continue;
        }
        const bool line_ends_next = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
        if ((c > 0x20 && c < 0x7f && c != '=') || ((c == ' ' || c == '\t') && !line_ends_next)) {
            put(text.substr(i, 1));
        } else {
            const char escaped[] = {'=', hex[c >> 4], hex[c & 0xF]};
            put({escaped, 3});
        }
    }
    return out;
}

std::string text_part(std::string_view subtype, std::string_view content) {
    std::string out = "Content-Type: text/";
    out += subtype;
    out += "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
    return out + quoted_printable(content);
}

// Base64 of `bytes` in lines of 76 characters joined by CRLF (RFC 2045 6.8); the CRLF after the last line
// belongs to the boundary that follows.
std::string base64_lines(std::string_view bytes) {
    constexpr std::size_t bytes_per_line = max_body_line / 4 * 3;
    std::string out;
    for (std::size_t at = 0; at < bytes.size(); at += bytes_per_line) {
        if (at > 0) out += crlf;
        out += base64(bytes.substr(at, bytes_per_line));
    }
    return out;
}

// A parameter value that can go between double quotes as it is: printable ASCII without '"' or '\'.
bool is_plain_quotable(std::string_view value) {
    return std::all_of(value.begin(), value.end(), [](unsigned char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    });
}

void check_content_type(std::string_view type) {
    const auto slash = type.find('/');
    const auto end_of_type = std::min(type.find(';'), type.size());
    bool valid = slash != std::string_view::npos && slash > 0 && slash + 1 < end_of_type;
    for (unsigned char c : type)
        if (c < 0x20 || c >= 0x7f) valid = false;
    for (unsigned char c : type.substr(0, end_of_type))
        if (!is_ascii_alnum(c) && std::string_view("!#$&-^_.+/").find(static_cast<char>(c)) == std::string_view::npos)
            valid = false;
    if (!valid) throw std::invalid_argument("attachment content type is not a MIME type");
}

// `; filename="name"` or its RFC 2231 form, percent-encoded UTF-8 continued over as many lines as it takes;
// each returned line starts with the separator and fits in 78 columns once folded with a leading space.
std::vector<std::string> filename_parameter(std::string_view name) {
    constexpr std::size_t max_value = max_header_line - 20;
    if (is_plain_quotable(name) && name.size() <= max_value) return {"filename=\"" + std::string(name) + "\""};
    static constexpr char hex[] = "0123456789ABCDEF";
    std::vector<std::string> encoded_pieces{"UTF-8''"};
    for (unsigned char c : name) {
        std::string piece;
        if (is_ascii_alnum(c) || std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos)
            piece = static_cast<char>(c);
        else
            piece = {'%', hex[c >> 4], hex[c & 0xF]};
        if (encoded_pieces.back().size() + piece.size() > max_value) encoded_pieces.emplace_back();
        encoded_pieces.back() += piece;
    }
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < encoded_pieces.size(); ++i)
        lines.push_back("filename*" + std::to_string(i) + "*=" + encoded_pieces[i]);
    return lines;
}

std::string attachment_part(const Attachment& attachment) {
    check_content_type(attachment.content_type);
    // A name is what the recipient saves the file as: no controls (they would break the header) and no path.
    std::string name;
    for (unsigned char c : attachment.filename)
        name += (c < 0x20 || c == 0x7f || c == '/' || c == '\\') ? '_' : static_cast<char>(c);
    if (name.empty()) name = "attachment";
    std::string out = "Content-Type: " + attachment.content_type;
    if (is_plain_quotable(name) && name.size() <= max_header_line - 10) out += ";\r\n name=\"" + name + "\"";
    out += "\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment";
    for (const auto& parameter : filename_parameter(name)) out += ";\r\n " + parameter;
    out += "\r\n\r\n";
    return out + base64_lines(attachment.content);
}

// The text, or the text and html as multipart/alternative: an entity starting with its Content-Type header.
std::string content_entity(const Message& message) {
    if (message.html.empty()) return text_part("plain", message.text);
    // "=_" never occurs in quoted-printable text, so the boundary cannot collide with a body.
    const auto boundary = "=_" + random_hex(12);
    std::string out = "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n" + text_part("plain", message.text) + "\r\n";
    out += "--" + boundary + "\r\n" + text_part("html", message.html) + "\r\n";
    out += "--" + boundary + "--\r\n";
    return out;
}

std::string message_id_domain_for(const Message& message, std::string_view requested) {
    std::string domain(requested);
    if (domain.empty()) domain = message.from_address.substr(message.from_address.rfind('@') + 1);
    const bool valid = !domain.empty() && std::all_of(domain.begin(), domain.end(), [](unsigned char c) {
        return is_ascii_alnum(c) || c == '.' || c == '-';
    });
    if (!valid) throw std::invalid_argument("message-id domain is not a plain domain name");
    return domain;
}

}  // namespace

std::string build_mime(const Message& message, std::chrono::system_clock::time_point date,
                       std::string_view message_id_domain) {
    std::string out = "Date: " + rfc5322_date(date) + std::string(crlf);
    out += address_header("From", message.from_name, message.from_address);
    out += address_header("To", message.to_name, message.to_address);
    if (!message.reply_to.empty()) out += address_header("Reply-To", {}, message.reply_to);
    const auto subject = single_line(message.subject);
    out += header("Subject", needs_encoding(subject) ? encoded_words(subject) : words_of(subject));
    out +=
        "Message-ID: <" + random_hex(16) + "@" + message_id_domain_for(message, message_id_domain) + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    if (message.attachments.empty()) return out + content_entity(message);

    // Neither quoted-printable nor base64 ever writes "=_", so this boundary cannot occur inside a part.
    const auto boundary = "=_" + random_hex(12);
    out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n" + content_entity(message) + "\r\n";
    for (const auto& attachment : message.attachments) out += "--" + boundary + "\r\n" + attachment_part(attachment) + "\r\n";
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace salonbox::mail
