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

namespace {

// The parts of a multipart body, each without the CRLFs that belong to its delimiters (RFC 2046 5.1.1).
std::vector<ParsedMessage> parts_of(const ParsedMessage& multipart, const std::string& expected_type) {
    const auto content_type = multipart.header("Content-Type");
    REQUIRE(content_type);
    std::smatch match;
    REQUIRE(std::regex_match(*content_type, match, std::regex(expected_type + "; boundary=\"(=_[0-9a-f]{24})\"")));
    const auto pieces = split(multipart.body, "--" + std::string(match[1]));
    REQUIRE(pieces.size() >= 3);
    CHECK(pieces.back() == "--\r\n");
    std::vector<ParsedMessage> parts;
    for (std::size_t i = 1; i + 1 < pieces.size(); ++i) {
        const auto& piece = pieces[i];
        REQUIRE(piece.starts_with("\r\n"));
        REQUIRE(piece.ends_with("\r\n"));
        parts.push_back(parse(piece.substr(2, piece.size() - 4)));
    }
    return parts;
}

// The filename of a Content-Disposition value: the quoted form, or the RFC 2231 continuations decoded.
std::string disposition_filename(const std::string& disposition) {
    std::smatch match;
    if (std::regex_search(disposition, match, std::regex("; filename=\"([^\"]*)\""))) return match[1];
    std::string encoded;
    const std::regex continuation("filename\\*(\\d+)\\*=([^; ]*)");
    int expected = 0;
    for (auto it = std::sregex_iterator(disposition.begin(), disposition.end(), continuation); it != std::sregex_iterator(); ++it) {
        CHECK(std::stoi((*it)[1]) == expected++);
        encoded += (*it)[2];
    }
    REQUIRE(encoded.starts_with("UTF-8''"));
    std::string name;
    for (std::size_t i = 7; i < encoded.size(); ++i) {
        if (encoded[i] == '%') {
            name += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            name += encoded[i];
        }
    }
    return name;
}

std::string every_byte_value(std::size_t length) {
    std::string bytes;
    for (std::size_t i = 0; i < length; ++i) bytes += static_cast<char>(i * 7 % 256);
    return bytes;
}

}  // namespace

TEST_CASE("attachments make the message multipart/mixed: the text and html first, then each file in base64") {
    auto message = sample();
    message.html = "<p>Hello Alice</p>";
    const auto calendar = "BEGIN:VCALENDAR\r\nSUMMARY:Bath \xC3\xA0 9h\r\nEND:VCALENDAR\r\n";
    const auto pdf = every_byte_value(1000);
    message.attachments = {{"appointment.ics", "text/calendar; charset=UTF-8; method=REQUEST", calendar},
                           {"FA2602-0001.pdf", "application/pdf", pdf}};
    const auto raw = build_mime(message, fixed_date, "x.test");
    CHECK(only_crlf_line_ends(raw));
    CHECK(longest_line(raw) <= 78);
    const auto parts = parts_of(parse(raw), "multipart/mixed");
    REQUIRE(parts.size() == 3);

    const auto alternative = parts_of(parts[0], "multipart/alternative");
    REQUIRE(alternative.size() == 2);
    CHECK(quoted_printable_decode(alternative[0].body) == "Hello Alice,\r\nsee you on Tuesday.\r\n");
    CHECK(quoted_printable_decode(alternative[1].body) == message.html);

    CHECK(parts[1].header("Content-Type") == "text/calendar; charset=UTF-8; method=REQUEST; name=\"appointment.ics\"");
    CHECK(parts[1].header("Content-Transfer-Encoding") == "base64");
    CHECK(parts[1].header("Content-Disposition") == "attachment; filename=\"appointment.ics\"");
    CHECK(base64_decode(parts[1].body) == calendar);

    CHECK(parts[2].header("Content-Type") == "application/pdf; name=\"FA2602-0001.pdf\"");
    CHECK(base64_decode(parts[2].body) == pdf);
    for (const auto& line : split(parts[2].body, "\r\n")) CHECK(line.size() <= 76);
}

TEST_CASE("a text-only message with an attachment puts its text/plain part first") {
    auto message = sample();
    message.attachments = {{"empty.txt", "text/plain", ""}};
    const auto parts = parts_of(parse(build_mime(message, fixed_date, "x.test")), "multipart/mixed");
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].header("Content-Type") == "text/plain; charset=UTF-8");
    CHECK(quoted_printable_decode(parts[0].body) == "Hello Alice,\r\nsee you on Tuesday.\r\n");
    CHECK(parts[1].body.empty());
}

TEST_CASE("a long or non-ASCII file name travels in RFC 2231 continuations and decodes back") {
    auto message = sample();
    const std::string name = "Rendez-vous de Câline chez Toilettage Élégance, samedi 12 décembre — confirmé.ics";
    message.attachments = {{name, "text/calendar", "x"}};
    const auto raw = build_mime(message, fixed_date, "x.test");
    CHECK(longest_line(raw) <= 78);
    const auto parts = parts_of(parse(raw), "multipart/mixed");
    REQUIRE(parts.size() == 2);
    const auto disposition = parts[1].header("Content-Disposition");
    REQUIRE(disposition);
    CHECK(disposition->find("filename*1*=") != std::string::npos);
    CHECK(disposition_filename(*disposition) == name);
    CHECK(parts[1].header("Content-Type") == "text/calendar");
}

TEST_CASE("an attachment cannot add headers: its name loses line breaks, a bad content type is refused") {
    auto message = sample();
    message.attachments = {{"a\r\nBcc: x@evil.test.ics", "text/calendar", "x"}};
    const auto parts = parts_of(parse(build_mime(message, fixed_date, "x.test")), "multipart/mixed");
    REQUIRE(parts.size() == 2);
    CHECK(disposition_filename(parts[1].header("Content-Disposition").value()) == "a__Bcc: x@evil.test.ics");
    for (const auto& line : parts[1].header_lines) CHECK(!line.starts_with("Bcc"));

    for (const auto* type : {"text/calendar\r\nBcc: x@evil.test", "calendar", "text/cal endar", "/pdf", "text/"}) {
        CAPTURE(type);
        message.attachments = {{"a.ics", type, "x"}};
        CHECK_THROWS_AS(build_mime(message, fixed_date, "x.test"), std::invalid_argument);
    }
}
