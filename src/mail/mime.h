// Turns a Message into the RFC 5322 / MIME bytes handed to an SMTP server.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "mail/message.h"

namespace salonbox::mail {

// Returns the whole message with CRLF line ends: Date (UTC), From, To, Reply-To when set, Subject,
// Message-ID, MIME-Version, then a text/plain part, or multipart/alternative (text, then html) when `html`
// is not empty. With attachments, that content is the first part of a multipart/mixed message and each
// attachment follows as a base64 part (lines of 76 characters) with its content type and a Content-Disposition
// "attachment" naming the file: filename="..." when the name is short printable ASCII, else the RFC 2231
// form (filename*0*=UTF-8''..., continued over several lines), which keeps every header line within 78
// characters. Bodies are quoted-printable UTF-8 with lines of at most 76 characters. Non-ASCII names
// and subjects become RFC 2047 encoded-words; header lines stay within 78 characters unless a single
// ASCII word is longer. Names and subject are trimmed, and runs of spaces in ASCII ones become one.
//
// Header injection cannot happen: control characters (CR and LF included) in names and subject become
// spaces, and an address that is not a plain ASCII addr-spec (one '@', no spaces, controls, '<', '>',
// ',', ';', quotes, parentheses or backslashes) throws std::invalid_argument, as does a message-id
// domain with characters other than letters, digits, '.' and '-', or an attachment content type that is not
// printable ASCII of the form type/subtype[; parameters]. An empty `message_id_domain` means the
// domain of from_address.
//
// Lines beginning with '.' need no escaping here: libcurl dot-stuffs SMTP uploads itself (lib/smtp.c,
// Curl_smtp_escape_eob sends "CRLF." as "CRLF.."), and the SMTP unit test sends such lines to prove it.
//
// Uses libsodium's CSPRNG for the Message-ID and the boundary: sodium_init() must have run (main does).
std::string build_mime(const Message& message, std::chrono::system_clock::time_point date,
                       std::string_view message_id_domain);

}  // namespace salonbox::mail
