// Emailed sign-in codes and the picker ticket: making codes, the keyed hashes they are stored as, and signed tickets.
#pragma once

#include "auth/secret_key.h"
#include "domain/clock.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace salonbox::auth {

// The rules of DESIGN.md for emailed codes.
inline constexpr std::chrono::minutes code_lifetime{15};
inline constexpr int code_max_failures = 5;

// Six decimal digits, uniformly drawn from libsodium's CSPRNG (leading zeros kept).
std::string new_sign_in_code();

// What a person typed, as a code: the six digits with spaces and dashes dropped, or nothing when it cannot be
// a code (so a malformed entry still counts as a wrong one without reaching the hash).
std::optional<std::string> parse_sign_in_code(std::string_view typed);

// The stored form of `code` for the challenge whose handle hash is `challenge`: HMAC-SHA-256 under secret.key,
// bound to that challenge, so the same digits never open another challenge, in this salon or another.
std::string sign_in_code_hash(const SecretKey& key, std::string_view challenge, std::string_view code);

// The multi-salon picker's ticket: the verified email and an expiry, signed with secret.key. It names no salon
// and no record: whoever holds it may sign in, until `expires_at`, wherever that email is a customer.
std::string issue_picker_ticket(const SecretKey& key, std::string_view email, domain::Instant expires_at);
// The email of a ticket this key signed and that has not expired; nothing for anything else.
std::optional<std::string> open_picker_ticket(const SecretKey& key, std::string_view ticket, domain::Instant now);

}  // namespace salonbox::auth
