#include "mail/calendar_invitation.h"

#include <cstdio>

namespace salonbox::mail {
namespace {

constexpr std::size_t max_line_octets = 75;  // RFC 5545 3.1, the CRLF not counted

std::string method_name(CalendarMethod method) { return method == CalendarMethod::cancel ? "CANCEL" : "REQUEST"; }

std::string utc_stamp(domain::Instant t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day date{day};
    const hh_mm_ss time{t - day};
    char text[32];
    std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return text;
}

// A TEXT value (RFC 5545 3.3.11): any line break becomes "\n", other controls a space.
std::string escaped_text(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\\n";
        } else if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += static_cast<char>(c);
        } else {
            out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
        }
    }
    return out;
}

// A parameter value (RFC 5545 3.2) always quoted; DQUOTE and controls cannot appear in one at all.
std::string quoted_parameter(std::string_view value) {
    std::string out = "\"";
    for (unsigned char c : value) out += (c < 0x20 || c == 0x7f || c == '"') ? ' ' : static_cast<char>(c);
    return out + "\"";
}

// A mailto: URI of an address salonbox already accepted as plain; anything that would break the line is dropped.
std::string mailto(std::string_view address) {
    std::string out = "mailto:";
    for (unsigned char c : address)
        if (c > 0x20 && c < 0x7f && c != '"' && c != ';' && c != ':' && c != ',') out += static_cast<char>(c);
    return out;
}

// Appends one content line, folded: a CRLF and a space before the octet that would pass 75, stepping back to
// the start of a UTF-8 character so that no character is split across lines.
void add_line(std::string& out, std::string_view line) {
    std::size_t room = max_line_octets;
    while (line.size() > room) {
        std::size_t cut = room;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        if (cut == 0) cut = room;  // not UTF-8: any cut will do
        out += line.substr(0, cut);
        out += "\r\n ";
        line.remove_prefix(cut);
        room = max_line_octets - 1;  // the leading space counts
    }
    out += line;
    out += "\r\n";
}

}  // namespace

std::string appointment_uid(std::int64_t appointment_id, std::string_view salon_token) {
    return "appointment-" + std::to_string(appointment_id) + "-" + std::string(salon_token) + "@salonbox";
}

std::string calendar_content_type(CalendarMethod method) {
    return "text/calendar; charset=UTF-8; method=" + method_name(method);
}

std::string to_icalendar(const CalendarInvitation& e) {
    std::string out;
    add_line(out, "BEGIN:VCALENDAR");
    add_line(out, "VERSION:2.0");
    add_line(out, "PRODID:-//salonbox//salonbox//EN");
    add_line(out, "CALSCALE:GREGORIAN");
    add_line(out, "METHOD:" + method_name(e.method));
    add_line(out, "BEGIN:VEVENT");
    add_line(out, "UID:" + escaped_text(e.uid));
    add_line(out, "SEQUENCE:" + std::to_string(e.sequence));
    add_line(out, "DTSTAMP:" + utc_stamp(e.stamp));
    add_line(out, "DTSTART:" + utc_stamp(e.starts_at));
    add_line(out, "DTEND:" + utc_stamp(e.ends_at));
    add_line(out, "SUMMARY:" + escaped_text(e.summary));
    if (!e.location.empty()) add_line(out, "LOCATION:" + escaped_text(e.location));
    if (!e.description.empty()) add_line(out, "DESCRIPTION:" + escaped_text(e.description));
    if (!e.organizer_address.empty()) {
        std::string organizer = "ORGANIZER";
        if (!e.organizer_name.empty()) organizer += ";CN=" + quoted_parameter(e.organizer_name);
        add_line(out, organizer + ":" + mailto(e.organizer_address));
    }
    if (!e.attendee_address.empty()) {
        std::string attendee = "ATTENDEE";
        if (!e.attendee_name.empty()) attendee += ";CN=" + quoted_parameter(e.attendee_name);
        // The salon booked it for the customer: nothing for them to answer.
        attendee += ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE";
        add_line(out, attendee + ":" + mailto(e.attendee_address));
    }
    add_line(out, std::string("STATUS:") + (e.method == CalendarMethod::cancel ? "CANCELLED" : "CONFIRMED"));
    add_line(out, "TRANSP:OPAQUE");
    add_line(out, "END:VEVENT");
    add_line(out, "END:VCALENDAR");
    return out;
}

}  // namespace salonbox::mail
