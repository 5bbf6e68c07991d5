#include "mail/mime.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <stdexcept>

#include "mail_test_support.h"

using namespace salonbox::mail;
using namespace salonbox::mail::test;
using namespace std::chrono;

namespace {

// Tuesday 3 February 2026, 14:05:09.250 UTC.
const auto fixed_date = sys_days{2026y / February / 3} + 14h + 5min + 9s + 250ms;

Message sample() {
    Message message;
    message.from_address = "noreply@happypaws.test";
    message.from_name = "Happy Paws Grooming";
    message.to_address = "alice@demo.test";
    message.to_name = "Alice Martin";
    message.subject = "Your appointment";
    message.text = "Hello Alice,\nsee you on Tuesday.\n";
    return message;
}

bool only_crlf_line_ends(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) return false;
        if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) return false;
    }
    return true;
}

std::size_t longest_line(std::string_view text) {
    std::size_t longest = 0;
    for (const auto& line : split(text, "\r\n")) longest = std::max(longest, line.size());
    return longest;
}

bool is_valid_utf8(std::string_view bytes) {
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

}  // namespace

TEST_CASE("a text message has every header and CRLF line ends only") {
    auto message = sample();
    message.text = "line one\nline two\r\nline three\rend";  // all three line-break conventions
    const auto raw = build_mime(message, fixed_date, "happypaws.test");
    CHECK(only_crlf_line_ends(raw));

    const auto parsed = parse(raw);
    CHECK(parsed.header("Date") == "Tue, 03 Feb 2026 14:05:09 +0000");
    CHECK(parsed.header("From") == "Happy Paws Grooming <noreply@happypaws.test>");
    CHECK(parsed.header("To") == "Alice Martin <alice@demo.test>");
    CHECK(parsed.header("Subject") == "Your appointment");
    CHECK(parsed.header("MIME-Version") == "1.0");
    CHECK(parsed.header("Content-Type") == "text/plain; charset=UTF-8");
    CHECK(parsed.header("Content-Transfer-Encoding") == "quoted-printable");
    CHECK_FALSE(parsed.header("Reply-To"));
    REQUIRE(parsed.header("Message-ID"));
    CHECK(std::regex_match(*parsed.header("Message-ID"), std::regex("<[0-9a-f]{32}@happypaws\\.test>")));
    CHECK(quoted_printable_decode(parsed.body) == "line one\r\nline two\r\nline three\r\nend");
}

TEST_CASE("Reply-To appears when set and is checked like any address") {
    auto message = sample();
    message.reply_to = "desk@happypaws.test";
    CHECK(parse(build_mime(message, fixed_date, "x.test")).header("Reply-To") == "desk@happypaws.test");
    message.reply_to = "desk@happypaws.test\r\nBcc: evil@x.test";
    CHECK_THROWS_AS(build_mime(message, fixed_date, "x.test"), std::invalid_argument);
}

TEST_CASE("each message gets its own Message-ID, on the sender's domain unless told otherwise") {
    const auto first = parse(build_mime(sample(), fixed_date, {})).header("Message-ID");
    const auto second = parse(build_mime(sample(), fixed_date, {})).header("Message-ID");
    REQUIRE(first);
    CHECK(first->ends_with("@happypaws.test>"));
    CHECK(first != second);
    CHECK_THROWS_AS(build_mime(sample(), fixed_date, "bad domain\r\nX: y"), std::invalid_argument);
}

TEST_CASE("a non-ASCII subject is RFC 2047 encoded and decodes back to the original") {
    auto message = sample();
    message.subject = "Rendez-vous confirmé";
    const auto raw = build_mime(message, fixed_date, "x.test");
    CHECK(raw.find("confirmé") == std::string::npos);
    const auto subject = parse(raw).header("Subject");
    REQUIRE(subject);
    CHECK(subject->starts_with("=?UTF-8?B?"));
    CHECK(rfc2047_decode(*subject) == "Rendez-vous confirmé");
}

TEST_CASE("a long non-ASCII subject folds into short encoded-words of whole characters") {
    auto message = sample();
    for (int i = 0; i < 12; ++i) message.subject += "Toilettage pour Médor 🐩 à 14 h, ";
    const auto raw = build_mime(message, fixed_date, "x.test");
    const auto parsed = parse(raw);
    CHECK(longest_line(raw.substr(0, raw.find("\r\n\r\n"))) <= 78);

    const auto subject = parsed.header("Subject");
    REQUIRE(subject);
    const auto words = split(*subject, " ");
    CHECK(words.size() > 5);
    for (const auto& word : words) {
        CHECK(word.size() <= 75);
        CHECK(is_valid_utf8(base64_decode(word.substr(10, word.size() - 12))));  // no character cut in two
    }
    CHECK(rfc2047_decode(*subject) == message.subject.substr(0, message.subject.size() - 1));  // trimmed
}

TEST_CASE("display names are atoms, a quoted string or encoded-words as their characters need") {
    auto message = sample();
    message.from_name = "Martin, \"Alice\"";
    message.to_name = "Chloé";
    const auto parsed = parse(build_mime(message, fixed_date, "x.test"));
    CHECK(parsed.header("From") == "\"Martin, \\\"Alice\\\"\" <noreply@happypaws.test>");
    const auto to = parsed.header("To");
    REQUIRE(to);
    CHECK(to->starts_with("=?UTF-8?B?"));
    CHECK(to->ends_with(" <alice@demo.test>"));
    CHECK(rfc2047_decode(to->substr(0, to->rfind(' '))) == "Chloé");

    message.to_name = "";
    CHECK(parse(build_mime(message, fixed_date, "x.test")).header("To") == "alice@demo.test");
}

TEST_CASE("line breaks in a subject or a name cannot add a header") {
    auto message = sample();
    message.subject = "Hi\r\nBcc: evil@x.test";
    message.to_name = "Alice\nBcc: evil@x.test";
    message.from_name = "Salon\rCc: evil@x.test";
    const auto raw = build_mime(message, fixed_date, "x.test");
    CHECK(only_crlf_line_ends(raw));
    for (const auto& line : parse(raw).header_lines) {
        CHECK_FALSE(line.starts_with("Bcc"));
        CHECK_FALSE(line.starts_with("Cc"));
    }
    CHECK(parse(raw).header("Subject") == "Hi Bcc: evil@x.test");
}

TEST_CASE("an address that is not a plain addr-spec is refused") {
    for (const char* address :
         {"alice@demo.test\r\nBcc: evil@x.test", "alice@demo.test\n", "alice.demo.test", "<alice@demo.test>",
          "alice@demo.test>", "evil,alice@demo.test", "\"alice\"@demo.test", "alice smith@demo.test",
          "@demo.test", "alice@", "alicé@demo.test"}) {
        const std::string shown = address;  // CAPTURE prints a const char* as a pointer
        CAPTURE(shown);
        auto message = sample();
        message.to_address = address;
        CHECK_THROWS_AS(build_mime(message, fixed_date, "x.test"), std::invalid_argument);
        message = sample();
        message.from_address = address;
        CHECK_THROWS_AS(build_mime(message, fixed_date, "x.test"), std::invalid_argument);
    }
}

TEST_CASE("quoted-printable bodies keep every byte, with lines of at most 76 characters") {
    auto message = sample();
    message.text =
        std::string(200, 'a') + " = égal, trailing space \n\ttab\n.\n" + std::string(100, 'e') + "é";
    const auto raw = build_mime(message, fixed_date, "x.test");
    const auto body = parse(raw).body;
    CHECK(longest_line(body) <= 76);
    CHECK(body.find(" \r\n") == std::string::npos);  // trailing spaces would be stripped in transit
    std::string expected = message.text;
    for (std::size_t at = 0; (at = expected.find('\n', at)) != std::string::npos; at += 2)
        expected.insert(at, "\r");
    CHECK(quoted_printable_decode(body) == expected);
}

TEST_CASE("with html the message is multipart/alternative, text first, then html") {
    auto message = sample();
    message.html = "<p>Hello <b>Alice</b>, see you on Tuesday — à bientôt.</p>";
    const auto raw = build_mime(message, fixed_date, "x.test");
    CHECK(only_crlf_line_ends(raw));
    const auto parsed = parse(raw);
    const auto content_type = parsed.header("Content-Type");
    REQUIRE(content_type);
    std::smatch match;
    REQUIRE(std::regex_match(*content_type, match,
                             std::regex("multipart/alternative; boundary=\"(=_[0-9a-f]{24})\"")));
    const std::string boundary = match[1];

    // body = preamble, delimiter, part, delimiter, part, close-delimiter, epilogue (RFC 2046 5.1.1)
    const auto pieces = split(parsed.body, "--" + boundary);
    REQUIRE(pieces.size() == 4);
    CHECK(pieces[3] == "--\r\n");
    // Each part sits between the CRLF ending its delimiter line and the CRLF that begins the next one.
    for (const auto& piece : {pieces[1], pieces[2]}) {
        CHECK(piece.starts_with("\r\n"));
        CHECK(piece.ends_with("\r\n"));
    }
    const auto text_part = parse(pieces[1].substr(2, pieces[1].size() - 4));
    const auto html_part = parse(pieces[2].substr(2, pieces[2].size() - 4));
    CHECK(text_part.header("Content-Type") == "text/plain; charset=UTF-8");
    CHECK(html_part.header("Content-Type") == "text/html; charset=UTF-8");
    CHECK(quoted_printable_decode(text_part.body) == "Hello Alice,\r\nsee you on Tuesday.\r\n");
    CHECK(quoted_printable_decode(html_part.body) == message.html);
    CHECK(parse(build_mime(message, fixed_date, "x.test")).header("Content-Type") != content_type);
}
