// Delivers messages to an SMTP server through libcurl, one connection per message.
#pragma once

#include <string>

#include "mail/transport.h"

namespace salonbox::mail {

// Members have default initializers so that designated initializers may omit any of them under -Wextra.
struct SmtpSettings {
    std::string url{};       // smtp://host:port (STARTTLS when offered) or smtps://host:port (TLS at once)
    std::string user{};      // empty: no AUTH
    std::string password{};  // never part of the URL, an error or a log
    // smtp:// only. true: refuse to go on unless STARTTLS succeeds (CURLUSESSL_ALL). false: use STARTTLS
    // when the server offers it (CURLUSESSL_TRY), so with a user set the password may cross in clear.
    bool require_tls = false;
    long timeout_seconds = 30;  // the whole exchange, connection included
    std::string helo_domain{};  // the name given in EHLO; empty lets libcurl choose
};

// Thread-safe: send() shares nothing between calls (a fresh curl easy handle each time), so it may run on
// any number of threads at once. Contract: whoever owns main calls curl_global_init(CURL_GLOBAL_DEFAULT)
// once before starting threads (and curl_global_cleanup at exit): otherwise the first send() makes
// libcurl initialise itself, which is thread-safe only in some builds.
//
// Outcome of send(): sent; permanent_failure when the server answers 5xx to this message (mailbox
// unknown, message refused) or build_mime rejects it; temporary_failure otherwise (connection refused,
// timeout, TLS trouble, 4xx, and authentication refused, which is the salon's settings to fix rather than
// this message's fault).
class SmtpTransport : public Transport {
public:
    // Throws std::invalid_argument, naming the setting, for a URL that is not smtp:// or smtps://, holds
    // credentials, or for a helo_domain that is not a plain host name.
    explicit SmtpTransport(SmtpSettings settings);
    SendResult send(const Message& message) override;

private:
    SmtpSettings settings_;
    std::string url_;  // settings_.url with the EHLO name as its path, as libcurl takes it
};

}  // namespace salonbox::mail
