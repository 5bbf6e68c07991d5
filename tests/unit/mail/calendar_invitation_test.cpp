#include "mail/calendar_invitation.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "mail_test_support.h"

using namespace salonbox;
using namespace salonbox::mail;
using namespace salonbox::mail::test;
using namespace std::chrono;

namespace {

domain::Instant at(sys_days day, seconds time) { return domain::Instant{day.time_since_epoch() + time}; }

CalendarInvitation sample() {
    CalendarInvitation e;
    e.uid = appointment_uid(42, "7f3a9c01d2e4b6a8");
    e.sequence = 3;
    e.stamp = at(sys_days{2026y / November / 2}, 8h + 30min + 5s);
    e.starts_at = at(sys_days{2026y / November / 21}, 13h);
    e.ends_at = at(sys_days{2026y / November / 21}, 14h + 30min);
    e.summary = "Bath & brush - Happy Paws Grooming";
    e.location = "12 rue des Lilas\n75011 Paris";
    e.organizer_address = "salon@demo.test";
    e.organizer_name = "Happy Paws Grooming";
    e.attendee_address = "bob@demo.test";
    e.attendee_name = "Bob Durand";
    return e;
}

// Content lines with folding undone (RFC 5545 3.1: a CRLF followed by one space or tab is removed).
std::vector<std::string> unfolded_lines(const std::string& text) {
    std::string unfolded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += text[i];
    }
    auto lines = split(unfolded, "\r\n");
    REQUIRE(lines.back().empty());
    lines.pop_back();
    return lines;
}

// Property name (with its parameters) -> value, for the lines of the VEVENT and the VCALENDAR around it.
std::multimap<std::string, std::string> properties(const std::string& text) {
    std::multimap<std::string, std::string> out;
    for (const auto& line : unfolded_lines(text)) {
        // The first ':' outside a quoted parameter value ends the name.
        bool quoted = false;
        std::size_t colon = 0;
        for (; colon < line.size(); ++colon) {
            if (line[colon] == '"') quoted = !quoted;
            if (line[colon] == ':' && !quoted) break;
        }
        REQUIRE(colon < line.size());
        out.emplace(line.substr(0, colon), line.substr(colon + 1));
    }
    return out;
}

std::string value(const std::multimap<std::string, std::string>& props, const std::string& name) {
    REQUIRE(props.count(name) == 1);
    return props.find(name)->second;
}

// A TEXT value as a calendar reads it: "\n" a line break, "\x" the character x.
std::string unescaped(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char next = text[++i];
        out += (next == 'n' || next == 'N') ? '\n' : next;
    }
    return out;
}


}  // namespace

TEST_CASE("an invitation is one VEVENT in a REQUEST calendar, times in UTC, CRLF line ends") {
    const auto text = to_icalendar(sample());
    CHECK(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    CHECK(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') CHECK(text[i - 1] == '\r');
    const auto p = properties(text);
    CHECK(value(p, "METHOD") == "REQUEST");
    CHECK(value(p, "UID") == "appointment-42-7f3a9c01d2e4b6a8@salonbox");
    CHECK(value(p, "SEQUENCE") == "3");
    CHECK(value(p, "DTSTAMP") == "20261102T083005Z");
    CHECK(value(p, "DTSTART") == "20261121T130000Z");
    CHECK(value(p, "DTEND") == "20261121T143000Z");
    CHECK(value(p, "SUMMARY") == "Bath & brush - Happy Paws Grooming");
    CHECK(value(p, "LOCATION") == "12 rue des Lilas\\n75011 Paris");
    CHECK(value(p, "ORGANIZER;CN=\"Happy Paws Grooming\"") == "mailto:salon@demo.test");
    CHECK(value(p, "ATTENDEE;CN=\"Bob Durand\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE") == "mailto:bob@demo.test");
    CHECK(value(p, "STATUS") == "CONFIRMED");
    CHECK(p.count("BEGIN") == 2);
    CHECK(p.count("DESCRIPTION") == 0);
    CHECK(calendar_content_type(CalendarMethod::request) == "text/calendar; charset=UTF-8; method=REQUEST");
}

TEST_CASE("a cancellation says CANCEL and CANCELLED for the same UID") {
    auto e = sample();
    e.method = CalendarMethod::cancel;
    e.sequence = 4;
    const auto p = properties(to_icalendar(e));
    CHECK(value(p, "METHOD") == "CANCEL");
    CHECK(value(p, "STATUS") == "CANCELLED");
    CHECK(value(p, "UID") == "appointment-42-7f3a9c01d2e4b6a8@salonbox");
    CHECK(value(p, "SEQUENCE") == "4");
    CHECK(calendar_content_type(CalendarMethod::cancel) == "text/calendar; charset=UTF-8; method=CANCEL");
}

TEST_CASE("TEXT values escape backslash, semicolon, comma and every kind of line break") {
    auto e = sample();
    e.summary = "Coupe, bain; \\ fini";
    e.description = "one\r\ntwo\nthree\rfour\x01";
    const auto p = properties(to_icalendar(e));
    CHECK(value(p, "SUMMARY") == "Coupe\\, bain\\; \\\\ fini");
    CHECK(value(p, "DESCRIPTION") == "one\\ntwo\\nthree\\nfour ");
    CHECK(unescaped(value(p, "SUMMARY")) == e.summary);
}

TEST_CASE("parameter values cannot close their quotes or break the line") {
    auto e = sample();
    e.organizer_name = "Toilettage \"Chic\"\r\nX-EVIL:1";
    e.attendee_address = "bob@demo.test\r\nX-EVIL:2";
    const auto text = to_icalendar(e);
    const auto p = properties(text);
    CHECK(p.count("X-EVIL") == 0);
    CHECK(value(p, "ORGANIZER;CN=\"Toilettage  Chic   X-EVIL:1\"") == "mailto:salon@demo.test");
}

TEST_CASE("long French text folds at 75 octets without splitting a UTF-8 character, and unfolds to the original") {
    const std::string french =
        "Toilettage complet « prestige » pour Câline : bain à l'avoine, coupe aux ciseaux, épilation des oreilles, "
        "démêlage — soin des coussinets 🐾 et parfum léger, chez Toilettage Élégance à Besançon";
    // Every alignment of the multi-byte characters against the fold points.
    for (std::size_t shift = 0; shift < 4; ++shift) {
        CAPTURE(shift);
        auto e = sample();
        e.summary = std::string(shift, 'x') + french;
        e.location = "Résidence « Les Érables », 3 allée des Châtaigniers, bâtiment C, 25000 Besançon, France";
        const auto text = to_icalendar(e);
        const auto physical = split(text, "\r\n");
        bool folded = false;
        for (std::size_t i = 0; i < physical.size(); ++i) {
            CHECK(physical[i].size() <= 75);
            CHECK(is_valid_utf8(physical[i]));
            if (physical[i].starts_with(' ')) {
                folded = true;
                CHECK(physical[i - 1].size() >= 72);  // folded only when the line was full
            }
        }
        CHECK(folded);
        const auto p = properties(text);
        CHECK(unescaped(value(p, "SUMMARY")) == e.summary);
        CHECK(value(p, "LOCATION") == "Résidence « Les Érables »\\, 3 allée des Châtaigniers\\, bâtiment C\\, 25000 Besançon\\, France");
    }
}
