// A customer's free text (comments, a reason) as typed: each line break counted and kept as one character.
#pragma once

#include <string>
#include <string_view>

namespace salonbox::web {

// Browsers send every line break of a textarea as CRLF but count it as one character against its maxlength:
// a note the browser let through at the limit would be "too long" by one per line. "\r\n" becomes "\n".
inline std::string typed_text(std::string_view posted) {
    std::string out;
    out.reserve(posted.size());
    for (std::size_t i = 0; i < posted.size(); ++i) {
        if (posted[i] == '\r' && i + 1 < posted.size() && posted[i + 1] == '\n') continue;
        out += posted[i];
    }
    return out;
}

}  // namespace salonbox::web
