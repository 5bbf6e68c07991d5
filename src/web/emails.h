// The emails salonbox sends, written in the recipient's language from templates and put in the salon's outbox.
#pragma once

#include "domain/clock.h"
#include "auth/secret_key.h"
#include "domain/salon_settings.h"
#include "storage/outbox_store.h"
#include "storage/user_store.h"
#include "view/templates.h"

#include "storage/database.h"
#include "web/context.h"
#include "web/services.h"

#include <cstdint>
#include <optional>
#include <string>

namespace salonbox::web {

// The two bodies of an email: its .txt and .html templates rendered with the same data.
struct EmailBodies {
    std::string text, html;
};

// Renders email template `name` ("email/appointment") in `locale`: `data` plus {{{footer}}}, which every email
// template ends with: the signature, then the salon's address, phone and email address on lines of their own
// (each line break kept in the HTML too).
EmailBodies render_email(const view::Templates& templates, const domain::SalonSettings& salon, const std::string& name,
                         const std::string& locale, view::Data data);
void set_bodies(storage::OutboxMessage& message, EmailBodies bodies);

// The name an email greets a customer by ({{name}} of email.greeting): the first name of their record, else
// `fallback` (the name it is addressed to).
std::string greeting_name(storage::ReadTx& db, std::int64_t customer_id, const std::string& fallback);

struct PasswordLinkEmail {
    std::string to_address, to_name, locale;
    std::string greeting_name;  // a customer's first name; "" greets `to_name`
    std::string link;        // the set-password page with its token: never logged, marked sensitive
    std::string portal_url;  // the salon's sign-in page
    bool invitation = false; // an invitation (days to use it) rather than a reset (an hour)
    bool staff = false;      // the team's wording: the admin panel, not the customer portal
};

// Everything an invitation needs that does not come with the request.
struct MailContext {
    const view::Templates& templates;
    const view::Catalogs& catalogs;
    const auth::SecretKey& secret;
    std::string link_base;  // "https://salon.example.com", without a trailing slash
};

// Creates a set-password token for `user_id` (7 days) and enqueues the invitation email in the account's
// language, inside the caller's write transaction. Earlier links of the account stop working. A customer's
// email points at the portal, a staff member's at the admin panel. Call wake_mail_sender after the commit.
void invite_account(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon, std::int64_t user_id);

// Creates a reset token for `user` (an hour) and enqueues the reset email in the account's language, inside
// the caller's write transaction. A customer's link opens the portal's reset page, a staff member's the
// admin panel's. Earlier links of the account stop working.
void email_reset_link(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon, const storage::User& user);

struct SignInCodeEmail {
    std::string to_address, to_name, locale;
    std::string greeting_name;  // the customer's first name; "" greets `to_name`
    std::string code;        // the six digits: in the body only, never in the subject (lock-screen previews)
    std::string portal_url;  // the salon's sign-in page
};

// The code email in `email.locale`, sealed like a password link (see enqueue_password_link), ready for
// outbox_store::enqueue.
storage::OutboxMessage sign_in_code_message(const MailContext& mail, const domain::SalonSettings& salon, const SignInCodeEmail& email);

// Renders and enqueues; must run inside the write transaction that created the token. The bodies hold the
// live link, so they are stored sealed (auth/sealed_text.h) and marked sensitive: the mail sender opens them,
// and blanks them once the message is sent or has failed for good.
void enqueue_password_link(storage::WriteTx& db, const MailContext& mail, const domain::SalonSettings& salon,
                           const PasswordLinkEmail& email);

// What happened to an appointment, as its customer is told: booked at once, a request approved, moved to
// another time or groomer, cancelled.
enum class AppointmentEvent { booked, approved, moved, cancelled };

struct AppointmentNotice {
    AppointmentEvent event = AppointmentEvent::booked;
    std::int64_t appointment_id = 0;
    // moved: the start it had before (or the time the customer asked for), shown beside the new one.
    std::optional<domain::Instant> previous_start;
    std::string salon_message;  // a word from the salon, shown as typed; may be empty
};

// Enqueues the customer's email about an appointment, inside the caller's write transaction and after the
// change (it reads the appointment as it now is), in the customer's language (the customer record's, then the
// portal account's, then the salon's): service, groomer, date and time in the salon's zone, the salon's
// address and phone, and an .ics invitation (METHOD:REQUEST, or CANCEL for a cancellation) whose UID is the
// same for every message about the appointment and whose SEQUENCE grows with each one. It goes to the customer
// record's email, else the portal account's (as request answers do); returns false and enqueues nothing when
// there is neither (or no such appointment). Call
// services.wake_mail_sender() after the commit.
bool email_appointment_notice(storage::WriteTx& db, const Services& services, const domain::SalonSettings& salon,
                              const AppointmentNotice& notice);

// Enqueues "we have your request" to the customer who sent appointment request `request_id`, inside the
// transaction that stored it: the animal, the asked time, the salon's address and phone; no calendar file, since
// nothing is booked yet. Returns false and enqueues nothing when the customer has no email address.
bool email_request_received(storage::WriteTx& db, const Services& services, const domain::SalonSettings& salon, std::int64_t request_id);

// Enqueues issued invoice `invoice_id` to its customer, inside the transaction that issued it: in the language of
// the customer's documents, with the invoice's PDF attached (the same bytes and file name as its download), the
// amount due and the due date, and the portal's invoices page when the salon has a portal. It goes to the address
// the invoice prints (the customer record's); returns false and enqueues nothing when there is none. Call
// services.wake_mail_sender() after the commit.
bool email_issued_invoice(storage::WriteTx& db, const Context& ctx, std::int64_t invoice_id);

// The salon's answer to a customer's change that leaves the appointment as it is, enqueued inside the caller's
// write transaction in the customer's language: a decline, or (with `proposed_start` and `proposed_end`) another
// time proposed instead, which the customer accepts or declines in the portal. No calendar file: nothing has
// changed yet. False, and nothing enqueued, without an email address.
bool email_change_answer(storage::WriteTx& db, const Services& services, const domain::SalonSettings& salon, std::int64_t appointment_id,
                         std::optional<domain::Instant> proposed_start, std::optional<domain::Instant> proposed_end, const std::string& message);

}  // namespace salonbox::web
