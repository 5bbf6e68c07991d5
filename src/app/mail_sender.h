// The background thread that delivers every salon's outbox through one mail transport, with retries.
#pragma once

#include "auth/secret_key.h"
#include "mail/transport.h"
#include "storage/salon_registry.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace salonbox::storage {
struct OutboxMessage;
}

namespace salonbox::app {

// The sender every email goes out as. Each salon shows its own name: its mail_sender_name, else its name,
// else `from_name`; its reply address (domain::reply_address) becomes Reply-To.
struct MailIdentity {
    std::string from_address;
    std::string from_name;
};

struct MailSenderOptions {
    // How long the thread sleeps when nobody calls wake(): the bound on how late a retry or an email
    // enqueued without wake() (by the CLI, say) goes out.
    std::chrono::milliseconds poll_interval{std::chrono::seconds(2)};
    // How long a claimed message stays out of due() (storage/outbox_store.h): longer than one send may take
    // (SmtpTransport gives up after 30 s), and the delay before a send cut short by a crash is tried again,
    // so kept short: a sign-in code is worth little ten minutes late.
    std::chrono::seconds lease{std::chrono::minutes(2)};
    int batch_size = 20;  // messages read per query; a salon's whole backlog is drained in one pass anyway
    // Runs on the sender's thread after the first delivery pass and then every `housekeeping_interval`,
    // for upkeep too small for a thread of its own (serve.cpp purges expired sessions). Mail waits while it
    // runs, so it must be quick; an exception it throws is logged and the thread goes on.
    std::function<void()> housekeeping;
    std::chrono::seconds housekeeping_interval{std::chrono::hours(1)};
    // Opens bodies stored sealed (auth/sealed_text.h); a sealed body that does not open (no key, or another
    // key than the one that sealed it) fails the message for good.
    std::optional<auth::SecretKey> sealing_key;
};

// Delivery follows the contract of storage/outbox_store.h: claim, send, record the outcome. "Now" (what is
// due, lease ends, retry times) comes from the registry's clock, so a test can pin it. A temporary
// failure is tried again after mail::next_retry_delay, and marked failed once that gives up; a permanent
// one is marked failed at once. Every pass visits every salon of the registry, so messages left pending by
// an earlier run go out soon after start().
//
// Logs one line per outcome to stderr with the outbox id, the salon slug and the recipient's domain (plus
// the transport's error, which never holds a password); never an address, a subject or a body, since bodies
// may hold sign-in links or codes.
//
// Without a transport (nullptr: no mail set up) nothing is delivered: messages stay pending in the outbox
// until a later run has one; housekeeping still runs.
class MailSender {
public:
    MailSender(storage::SalonRegistry& registry, std::unique_ptr<mail::Transport> transport, MailIdentity identity,
               MailSenderOptions options = {});
    ~MailSender();  // stop()s
    MailSender(const MailSender&) = delete;
    MailSender& operator=(const MailSender&) = delete;

    // Starts the thread; it makes a first pass at once. Call once.
    void start();
    // Wakes the thread and waits for it to end. A send in progress is finished (and recorded) first, so
    // this may take as long as the transport's timeout; messages not reached stay pending for the next
    // run. Idempotent.
    void stop();
    // As stop(), after one last pass (handed-off jobs, then every salon's due mail) begun after this call,
    // so that what the last requests enqueued goes out. No job or message is started after `deadline`.
    void finish(std::chrono::steady_clock::time_point deadline);
    // Asks for a pass now, after an enqueue. Cheap, callable from any thread; wakes during a pass are not
    // lost (another pass follows).
    void wake();
    // Runs `job` on the sender's thread before its next delivery pass, and wakes it: work a request hands off
    // so that its answer takes the same time whatever the job finds (a forgot-password request). Jobs run in
    // order; one that throws is logged and dropped. Jobs not yet run when stop() is called are dropped.
    void post(std::function<void()> job);

private:
    void run();
    bool stopping();
    void run_jobs();
    void deliver_all();
    void deliver_salon(const std::string& slug);
    void deliver_one(storage::Database& db, const std::string& slug, const mail::Message& envelope,
                     const storage::OutboxMessage& message);
    std::optional<std::string> open_body(const std::string& body) const;
    void report_salon_error(const std::string& slug, const std::string& error);

    storage::SalonRegistry& registry_;
    std::unique_ptr<mail::Transport> transport_;
    MailIdentity identity_;
    MailSenderOptions options_;

    std::mutex mutex_;
    std::condition_variable wake_up_;
    bool woken_ = false;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    bool finishing_ = false;  // finish() asked for a last pass, ending at finish_by_
    std::chrono::steady_clock::time_point finish_by_;
    std::thread thread_;

    std::map<std::string, std::string> salon_errors_;  // the last error logged per salon (thread only)
};

}  // namespace salonbox::app
