#include "auth/one_time_code.h"

#include "auth/tokens.h"

#include <sodium.h>

#include <charconv>
#include <cstdio>

namespace salonbox::auth {

namespace {
// Domain separation: a code hash, a picker signature and a token hash never collide even on equal input.
constexpr std::string_view k_code_purpose = "sign-in-code\n";
constexpr std::string_view k_ticket_purpose = "picker-ticket\n";

std::optional<std::string> from_base64url(std::string_view text) {
    std::string out(text.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return std::nullopt;
    out.resize(len);
    return out;
}
}  // namespace

std::string new_sign_in_code() {
    char digits[8];
    std::snprintf(digits, sizeof digits, "%06u", static_cast<unsigned>(randombytes_uniform(1000000)));
    return digits;
}

std::optional<std::string> parse_sign_in_code(std::string_view typed) {
    std::string code;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        if (c < '0' || c > '9' || code.size() == 6) return std::nullopt;
        code += c;
    }
    if (code.size() != 6) return std::nullopt;
    return code;
}

std::string sign_in_code_hash(const SecretKey& key, std::string_view challenge, std::string_view code) {
    std::string message(k_code_purpose);
    message += to_base64url(challenge);
    message += '\n';
    message += code;
    return key.keyed_hash(message);
}

std::string issue_picker_ticket(const SecretKey& key, std::string_view email, domain::Instant expires_at) {
    std::string payload = std::to_string(domain::to_unix(expires_at)) + "\n" + std::string(email);
    return to_base64url(payload) + "." + to_base64url(key.keyed_hash(std::string(k_ticket_purpose) + payload));
}

std::optional<std::string> open_picker_ticket(const SecretKey& key, std::string_view ticket, domain::Instant now) {
    auto dot = ticket.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto payload = from_base64url(ticket.substr(0, dot));
    auto signature = from_base64url(ticket.substr(dot + 1));
    if (!payload || !signature || !constant_time_equal(*signature, key.keyed_hash(std::string(k_ticket_purpose) + *payload)))
        return std::nullopt;
    auto newline = payload->find('\n');
    if (newline == std::string::npos) return std::nullopt;
    std::int64_t expires = 0;
    auto r = std::from_chars(payload->data(), payload->data() + newline, expires);
    if (r.ec != std::errc{} || r.ptr != payload->data() + newline || domain::from_unix(expires) <= now) return std::nullopt;
    return payload->substr(newline + 1);
}

}  // namespace salonbox::auth
