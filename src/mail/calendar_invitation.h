// One appointment as an iCalendar (RFC 5545) invitation or cancellation, the .ics a confirmation email carries.
#pragma once

#include "domain/clock.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace salonbox::mail {

// REQUEST adds or replaces the event in the recipient's calendar; CANCEL removes it (RFC 5546 3.2).
enum class CalendarMethod { request, cancel };

struct CalendarInvitation {
    CalendarMethod method = CalendarMethod::request;
    // The same for every message about one appointment, so calendars replace the event instead of adding a
    // second one; with SEQUENCE growing at each change, the latest message wins whatever order they arrive in.
    std::string uid;
    int sequence = 0;
    domain::Instant stamp{};  // when this message was made (DTSTAMP)
    domain::Instant starts_at{}, ends_at{};
    std::string summary, location, description;   // UTF-8 text, line breaks allowed
    std::string organizer_address, organizer_name;  // empty address: no ORGANIZER line
    std::string attendee_address, attendee_name;    // empty address: no ATTENDEE line
};

// "appointment-<id>-<salon_token>@salonbox": unique across salons as long as each has its own random token.
std::string appointment_uid(std::int64_t appointment_id, std::string_view salon_token);

// The VCALENDAR text with one VEVENT: CRLF line ends, lines folded at 75 octets without splitting a UTF-8
// character, TEXT values escaped (backslash, ';', ',' and line breaks), times in UTC ("20261121T130000Z").
// A cancellation carries STATUS:CANCELLED, an invitation STATUS:CONFIRMED.
std::string to_icalendar(const CalendarInvitation& invitation);

// The attachment's content type: "text/calendar; charset=UTF-8; method=REQUEST" (or CANCEL), as mail
// clients expect to recognise an invitation.
std::string calendar_content_type(CalendarMethod method);

}  // namespace salonbox::mail
