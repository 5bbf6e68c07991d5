// An outgoing email as the rest of salonbox describes it, before any wire encoding.
#pragma once

#include <string>
#include <vector>

namespace salonbox::mail {

// A file sent with an email: an invoice PDF, a calendar invitation.
struct Attachment {
    std::string filename;      // UTF-8, as the recipient will see it; a path or control characters are not expected
    std::string content_type;  // a MIME type with its parameters: "text/calendar; charset=UTF-8; method=REQUEST"
    std::string content;       // the bytes, any of them
};

// Addresses are bare addr-specs ("alice@example.com"); names and subject are UTF-8 text. `html` may be
// empty, which sends text/plain only; `reply_to` may be empty, which omits the header.
struct Message {
    std::string from_address, from_name, reply_to, to_address, to_name, subject, text, html;
    std::vector<Attachment> attachments;  // in the order the recipient sees them
};

}  // namespace salonbox::mail
