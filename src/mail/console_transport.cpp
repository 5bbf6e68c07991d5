#include "mail/console_transport.h"

#include <string>
#include <string_view>

namespace salonbox::mail {
namespace {

std::string printable(std::string_view text, bool keep_line_breaks) {
    std::string out;
    for (const unsigned char c : text) {
        if (c == '\r' && keep_line_breaks) continue;  // CRLF and LF print alike
        const bool allowed = c == '\t' || (c == '\n' && keep_line_breaks);
        out += (c < 0x20 || c == 0x7f) && !allowed ? '?' : static_cast<char>(c);
    }
    return out;
}

std::string mailbox(std::string_view name, std::string_view address) {
    if (name.empty()) return printable(address, false);
    return printable(name, false) + " <" + printable(address, false) + ">";
}

}  // namespace

SendResult ConsoleTransport::send(const Message& message) {
    std::string rendition = "----- email -----\n";
    rendition += "From: " + mailbox(message.from_name, message.from_address) + "\n";
    rendition += "To: " + mailbox(message.to_name, message.to_address) + "\n";
    if (!message.reply_to.empty()) rendition += "Reply-To: " + printable(message.reply_to, false) + "\n";
    rendition += "Subject: " + printable(message.subject, false) + "\n\n";
    rendition += printable(message.text, true);
    if (!rendition.ends_with('\n')) rendition += '\n';
    for (const auto& attachment : message.attachments)
        rendition += "Attached: " + printable(attachment.filename, false) + " (" + printable(attachment.content_type, false) + ", " +
                     std::to_string(attachment.content.size()) + " bytes)\n";
    rendition += "----- end of email -----\n";

    const std::lock_guard lock(mutex_);
    out_ << rendition << std::flush;
    return {SendResult::Kind::sent, {}};
}

}  // namespace salonbox::mail
