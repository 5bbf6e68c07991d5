// `salonbox mail test`: sends one message with the mail settings `serve` would use, and says what came of it.
#include "app/config.h"
#include "app/serve.h"
#include "cli/commands.h"
#include "domain/text.h"

#include <cstdio>
#include <exception>

namespace salonbox::cli {

int mail_test(const app::ServeOptions& options, const std::string& to) {
    if (!domain::is_plausible_email(to)) {
        std::fprintf(stderr, "salonbox: --to: '%s' is not an email address\n", to.c_str());
        return k_usage;
    }
    if (options.mail_transport == "console")
        std::fprintf(stderr, "salonbox: note: mail-transport is console, so serve prints emails instead of sending them; "
                             "set it to smtp once this test succeeds\n");
    // The test is of the SMTP settings, whatever the transport says.
    auto smtp_options = options;
    smtp_options.mail_transport = "smtp";
    app::ServeConfig config;
    if (auto error = app::check_mail(smtp_options, config); !error.empty()) {
        std::fprintf(stderr, "salonbox: %s\n", error.c_str());
        return k_usage;
    }
    if (config.mail != web::MailDelivery::smtp) {
        std::fprintf(stderr, "salonbox: mail is not set up: give the SMTP server with --smtp-url, SALONBOX_SMTP_URL or "
                             "smtp-url in the [serve] section of the config file\n");
        return k_failed;
    }
    try {
        auto transport = app::make_smtp_transport(config);
        mail::Message message;
        message.from_address = config.mail_from;
        message.from_name = "salonbox";
        message.to_address = to;
        message.subject = "salonbox test message";
        message.text = "This message was sent by `salonbox mail test` to check the mail settings of this salonbox.\r\n"
                       "If it reached you, password resets, invitations and appointment emails will reach customers too.\r\n";
        auto result = transport->send(message);
        if (result.kind != mail::SendResult::Kind::sent) {
            std::fprintf(stderr, "salonbox: the test message was not sent: %s\n", result.error.c_str());
            return k_failed;
        }
        std::printf("Sent a test message to %s: %s accepted it (sender %s)\n", to.c_str(), config.smtp_url.c_str(), config.mail_from.c_str());
        return k_ok;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "salonbox: the test message was not sent: %s\n", e.what());
        return k_failed;
    }
}

}  // namespace salonbox::cli
