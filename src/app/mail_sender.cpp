#include "app/mail_sender.h"

#include "auth/sealed_text.h"
#include "domain/clock.h"
#include "domain/salon_settings.h"
#include "mail/retry_policy.h"
#include "storage/outbox_store.h"
#include "storage/salon_store.h"

#include <cstdio>
#include <exception>
#include <vector>

namespace salonbox::app {

namespace {

// Log text from outside (a domain typed by a customer, a transport error) shown on one line, control
// characters as '?', cut at `max` bytes.
std::string loggable(std::string_view text, std::size_t max) {
    std::string out;
    for (unsigned char c : text.substr(0, max)) out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
    if (text.size() > max) out += "...";
    return out;
}

// The part after the last '@': enough to tell which provider refuses, without naming the customer.
std::string recipient_domain(std::string_view address) {
    const auto at = address.rfind('@');
    return loggable(at == std::string_view::npos ? std::string_view("?") : address.substr(at + 1), 100);
}

void log_outcome(std::int64_t id, const std::string& slug, const std::string& to_address, const char* outcome,
                 std::string_view error = {}) {
    std::string line = "salonbox: mail " + std::to_string(id) + " salon=" + slug + " to=@" +
                       recipient_domain(to_address) + " " + outcome;
    if (!error.empty()) line += ": " + loggable(error, 300);
    std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace

MailSender::MailSender(storage::SalonRegistry& registry, std::unique_ptr<mail::Transport> transport,
                       MailIdentity identity, MailSenderOptions options)
    : registry_(registry), transport_(std::move(transport)), identity_(std::move(identity)), options_(std::move(options)) {}

MailSender::~MailSender() { stop(); }

void MailSender::start() { thread_ = std::thread([this] { run(); }); }

void MailSender::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_up_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MailSender::finish(std::chrono::steady_clock::time_point deadline) {
    {
        const std::lock_guard lock(mutex_);
        finishing_ = true;
        finish_by_ = deadline;
    }
    wake_up_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MailSender::wake() {
    {
        const std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_up_.notify_all();
}

void MailSender::post(std::function<void()> job) {
    {
        const std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
        woken_ = true;
    }
    wake_up_.notify_all();
}

void MailSender::run_jobs() {
    for (;;) {
        std::function<void()> job;
        {
            const std::lock_guard lock(mutex_);
            if (stopping_ || jobs_.empty() || (finishing_ && std::chrono::steady_clock::now() >= finish_by_)) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "salonbox: background job failed: %s\n", loggable(e.what(), 300).c_str());
        }
    }
}

bool MailSender::stopping() {
    const std::lock_guard lock(mutex_);
    return stopping_ || (finishing_ && std::chrono::steady_clock::now() >= finish_by_);
}

void MailSender::run() {
    // A steady clock for the housekeeping schedule: a wall-clock jump must neither skip it nor run it in a loop.
    auto next_housekeeping = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        const bool last_pass = finishing_;
        woken_ = false;
        lock.unlock();
        run_jobs();
        deliver_all();
        if (last_pass) return;
        if (options_.housekeeping && std::chrono::steady_clock::now() >= next_housekeeping && !stopping()) {
            try {
                options_.housekeeping();
            } catch (const std::exception& e) {
                std::fprintf(stderr, "salonbox: housekeeping failed: %s\n", loggable(e.what(), 300).c_str());
            }
            next_housekeeping = std::chrono::steady_clock::now() + options_.housekeeping_interval;
        }
        lock.lock();
        wake_up_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || finishing_ || woken_ || !jobs_.empty(); });
    }
}

void MailSender::deliver_all() {
    if (!transport_) return;
    std::vector<std::string> slugs;
    try {
        slugs = registry_.slugs();
        salon_errors_.erase("*");
    } catch (const std::exception& e) {
        report_salon_error("*", e.what());
        return;
    }
    for (const auto& slug : slugs) {
        if (stopping()) return;
        try {
            deliver_salon(slug);
            salon_errors_.erase(slug);
        } catch (const std::exception& e) {
            report_salon_error(slug, e.what());
        }
    }
}

// A salon that cannot be read would otherwise repeat the same line every poll: log a change only.
void MailSender::report_salon_error(const std::string& slug, const std::string& error) {
    auto& last = salon_errors_[slug];
    if (last == error) return;
    last = error;
    std::fprintf(stderr, "salonbox: mail for salon %s is held back: %s\n", slug.c_str(), loggable(error, 300).c_str());
}

void MailSender::deliver_salon(const std::string& slug) {
    const auto db = registry_.open(slug);
    if (!db) return;  // removed since slugs() listed it
    std::optional<mail::Message> envelope;  // sender fields, read once per pass and only when mail is due
    for (;;) {
        const auto due = db->read([&](storage::ReadTx& c) {
            return storage::outbox_store::due(c, registry_.clock().now(), options_.batch_size);
        });
        if (due.empty()) return;
        if (!envelope) {
            const auto salon = db->read([](storage::ReadTx& c) { return storage::salon_store::load(c); });
            envelope.emplace();
            envelope->from_address = identity_.from_address;
            envelope->from_name = !salon.mail_sender_name.empty() ? salon.mail_sender_name
                                  : !salon.name.empty()           ? salon.name
                                                                  : identity_.from_name;
            envelope->reply_to = domain::reply_address(salon);
        }
        for (const auto& message : due) {
            if (stopping()) return;
            deliver_one(*db, slug, *envelope, message);
        }
        // Every message of the batch was claimed or finished, so none comes back in the next query.
        if (due.size() < static_cast<std::size_t>(options_.batch_size)) return;
    }
}

std::optional<std::string> MailSender::open_body(const std::string& body) const {
    if (!auth::is_sealed_text(body)) return body;
    if (!options_.sealing_key) return std::nullopt;
    return auth::open_sealed_text(*options_.sealing_key, body);
}

void MailSender::deliver_one(storage::Database& db, const std::string& slug, const mail::Message& envelope,
                             const storage::OutboxMessage& message) {
    namespace outbox = storage::outbox_store;
    using Kind = mail::SendResult::Kind;
    const bool claimed = db.write([&](storage::WriteTx& c) {
        return outbox::claim(c, message.id, message.next_attempt_at, registry_.clock().now() + options_.lease);
    });
    if (!claimed) return;  // another sender has it

    mail::Message email = envelope;
    email.to_address = message.to_address;
    email.to_name = message.to_name;
    email.subject = message.subject;
    const auto text = open_body(message.body_text);
    const auto html = open_body(message.body_html);
    mail::SendResult result{Kind::temporary_failure, {}};
    if (!text || !html) {
        result = {Kind::permanent_failure, "sealed with another secret key than this data directory's"};
    } else {
        email.text = *text;
        email.html = *html;
        for (const auto& a : message.attachments) email.attachments.push_back({a.filename, a.content_type, a.content});
        try {
            result = transport_->send(email);
        } catch (const std::exception& e) {
            result = {Kind::temporary_failure, std::string("transport error: ") + e.what()};
        }
    }
    if (result.kind != Kind::sent && result.error.empty()) result.error = "unknown error";

    // Should recording the outcome throw, the message stays claimed and is tried again when the lease ends
    // (a possible duplicate, as the contract allows); the exception ends this salon's pass.
    const auto now = registry_.clock().now();
    if (result.kind == Kind::sent) {
        db.write([&](storage::WriteTx& c) { outbox::mark_sent(c, message.id, now); });
        log_outcome(message.id, slug, message.to_address, "sent");
        return;
    }
    const auto delay = result.kind == Kind::temporary_failure ? mail::next_retry_delay(message.attempts + 1) : std::nullopt;
    if (delay) {
        db.write([&](storage::WriteTx& c) { outbox::mark_retry(c, message.id, result.error, now + *delay); });
        const std::string outcome = "deferred, next attempt in " + std::to_string(delay->count()) + " s";
        log_outcome(message.id, slug, message.to_address, outcome.c_str(), result.error);
    } else {
        db.write([&](storage::WriteTx& c) { outbox::mark_failed(c, message.id, result.error); });
        log_outcome(message.id, slug, message.to_address, "failed", result.error);
    }
}

}  // namespace salonbox::app
