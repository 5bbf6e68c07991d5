// Prints emails to a stream instead of sending them, so that a developer reads them in the terminal.
#pragma once

#include <mutex>
#include <ostream>

#include "mail/transport.h"

namespace salonbox::mail {

// Writes From, To, Reply-To, Subject, the text body (never the html) and the names and types of its
// attachments (never their contents), one email at a time even when
// several threads send at once. Control characters other than line breaks and tabs are shown as '?', so
// that user-typed text cannot drive the terminal. `out` must outlive the transport.
class ConsoleTransport : public Transport {
public:
    explicit ConsoleTransport(std::ostream& out) : out_(out) {}
    SendResult send(const Message& message) override;  // always sent

private:
    std::mutex mutex_;
    std::ostream& out_;
};

}  // namespace salonbox::mail
