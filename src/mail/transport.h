// The one interface through which salonbox hands an email to the outside world (SMTP, console, tests).
#pragma once

#include <string>

#include "mail/message.h"

namespace salonbox::mail {

struct SendResult {
    // temporary_failure: worth retrying later (network, 4xx, configuration being fixed);
    // permanent_failure: this message will never be accepted as it is (5xx, invalid address).
    enum class Kind { sent, temporary_failure, permanent_failure } kind;
    std::string error;  // empty when sent; never holds a password
};

// Implementations must be safe to call from several threads at once.
class Transport {
public:
    virtual ~Transport() = default;
    virtual SendResult send(const Message&) = 0;
};

}  // namespace salonbox::mail
