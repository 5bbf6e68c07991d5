// An outgoing email as the rest of salonbox describes it, before any wire encoding.
#pragma once

#include <string>

namespace salonbox::mail {

// Addresses are bare addr-specs ("alice@example.com"); names and subject are UTF-8 text. `html` may be
// empty, which sends text/plain only; `reply_to` may be empty, which omits the header.
struct Message {
    std::string from_address, from_name, reply_to, to_address, to_name, subject, text, html;
};

}  // namespace salonbox::mail
