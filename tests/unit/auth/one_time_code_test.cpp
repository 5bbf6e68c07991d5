#include "auth/one_time_code.h"

#include <doctest/doctest.h>

#include <set>

using namespace salonbox::auth;
using namespace std::chrono_literals;

namespace {
SecretKey key(char fill) { return SecretKey::from_bytes(std::string(SecretKey::size, fill)); }
}  // namespace

TEST_CASE("codes are six digits, leading zeros kept, and spread over the whole range") {
    std::set<std::string> seen;
    bool leading_zero = false;
    for (int i = 0; i < 2000; ++i) {
        auto code = new_sign_in_code();
        REQUIRE(code.size() == 6);
        CHECK(code.find_first_not_of("0123456789") == std::string::npos);
        leading_zero = leading_zero || code[0] == '0';
        seen.insert(code);
    }
    CHECK(leading_zero);           // about 200 of 2000 start with 0
    CHECK(seen.size() > 1990);     // collisions among 2000 draws from a million are rare
}

TEST_CASE("a typed code is read with spaces and dashes dropped, and nothing else is a code") {
    CHECK(parse_sign_in_code("012345") == "012345");
    CHECK(parse_sign_in_code(" 012 345 ") == "012345");
    CHECK(parse_sign_in_code("012-345") == "012345");
    CHECK_FALSE(parse_sign_in_code("12345"));
    CHECK_FALSE(parse_sign_in_code("1234567"));
    CHECK_FALSE(parse_sign_in_code("12345a"));
    CHECK_FALSE(parse_sign_in_code(""));
    CHECK_FALSE(parse_sign_in_code("１２３４５６"));  // full-width digits are not ASCII digits
}

TEST_CASE("a code's hash depends on the key, the challenge and the code, and never holds the code") {
    auto k = key('a');
    auto h = sign_in_code_hash(k, "challenge-1", "123456");
    CHECK(h.size() == 32);
    CHECK(h == sign_in_code_hash(k, "challenge-1", "123456"));
    CHECK(h != sign_in_code_hash(k, "challenge-2", "123456"));
    CHECK(h != sign_in_code_hash(k, "challenge-1", "123457"));
    CHECK(h != sign_in_code_hash(key('b'), "challenge-1", "123456"));
    CHECK(h.find("123456") == std::string::npos);
    // Not the plain keyed hash of the code: a stored session or reset hash can never match a code.
    CHECK(h != k.keyed_hash("123456"));
}

TEST_CASE("a picker ticket gives back its email until it expires, and only under its own key") {
    auto k = key('a');
    auto now = salonbox::domain::from_unix(1'800'000'000);
    auto ticket = issue_picker_ticket(k, "alice@demo.test", now + 10min);
    CHECK(open_picker_ticket(k, ticket, now) == "alice@demo.test");
    CHECK(open_picker_ticket(k, ticket, now + 9min) == "alice@demo.test");
    CHECK_FALSE(open_picker_ticket(k, ticket, now + 10min));
    CHECK_FALSE(open_picker_ticket(key('b'), ticket, now));
}

TEST_CASE("a changed picker ticket is refused") {
    auto k = key('a');
    auto now = salonbox::domain::from_unix(1'800'000'000);
    auto ticket = issue_picker_ticket(k, "alice@demo.test", now + 10min);
    auto other = issue_picker_ticket(k, "mallory@demo.test", now + 10min);
    auto dot = ticket.find('.');
    // Mallory's payload with Alice's signature, and the reverse.
    CHECK_FALSE(open_picker_ticket(k, other.substr(0, other.find('.')) + ticket.substr(dot), now));
    CHECK_FALSE(open_picker_ticket(k, ticket.substr(0, dot) + other.substr(other.find('.')), now));
    CHECK_FALSE(open_picker_ticket(k, ticket.substr(0, dot), now));
    CHECK_FALSE(open_picker_ticket(k, "", now));
    CHECK_FALSE(open_picker_ticket(k, "not.a-ticket", now));
    std::string flipped = ticket;
    flipped[dot + 3] = flipped[dot + 3] == 'A' ? 'B' : 'A';
    CHECK_FALSE(open_picker_ticket(k, flipped, now));
}
