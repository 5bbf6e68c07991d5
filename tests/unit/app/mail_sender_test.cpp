#include "app/mail_sender.h"

#include "auth/sealed_text.h"

#include "mail/smtp_transport.h"
#include "storage/fixture.h"
#include "storage/outbox_store.h"
#include "storage/salon_store.h"

#include "mail/mail_test_support.h"
#include "smtp_sink.h"

#include <SQLiteCpp/Statement.h>
#include <curl/curl.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

using namespace salonbox;
using namespace std::chrono_literals;
using storage::OutboxMessage;

namespace {

// salonbox's main does this before any thread starts; so do the tests, before any sender starts.
void init_curl_once() {
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    REQUIRE(initialised);
}

const app::MailIdentity identity{"noreply@salonbox.test", "salonbox"};

std::unique_ptr<mail::Transport> smtp_to(const SmtpSink& sink) {
    // Only a hung exchange should reach the limit, never a slow one on a busy machine.
    return std::make_unique<mail::SmtpTransport>(mail::SmtpSettings{.url = sink.url(), .timeout_seconds = 60});
}

// A poll interval no test waits for: a message goes out only because of start() or wake().
app::MailSenderOptions woken_only() {
    app::MailSenderOptions options;
    options.poll_interval = 1h;
    return options;
}

std::int64_t enqueue(storage::Database& db, const std::string& to, const std::string& body = "See you on Tuesday.") {
    OutboxMessage m;
    m.to_address = to;
    m.to_name = "Alice Martin";
    m.subject = "Your appointment";
    m.body_text = body;
    return db.write([&](storage::WriteTx& c) { return storage::outbox_store::enqueue(c, m); });
}

OutboxMessage row(storage::Database& db, std::int64_t id) {
    for (auto& m : db.read([](storage::ReadTx& c) { return storage::outbox_store::list(c, 1000, 0); }))
        if (m.id == id) return m;
    throw std::runtime_error("no outbox row " + std::to_string(id));
}

// Polls until `done` holds, for at most `timeout` (long: a loaded machine may be slow, never wrong); returns
// whether it did.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = 120s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

void set_mail_settings(storage::Database& db, const std::string& sender_name, const std::string& reply_to) {
    db.write([&](storage::WriteTx& c) {
        auto settings = storage::salon_store::load(c);
        settings.mail_sender_name = sender_name;
        settings.mail_reply_to = reply_to;
        storage::salon_store::update(c, settings);
    });
}

// Everything written to stderr while it lives (the sender's log), read back by text().
class CapturedStderr {
public:
    CapturedStderr() {
        std::fflush(stderr);
        saved_ = dup(STDERR_FILENO);
        file_ = std::tmpfile();
        REQUIRE(file_);
        dup2(fileno(file_), STDERR_FILENO);
    }
    ~CapturedStderr() {
        restore();
        if (file_) std::fclose(file_);
    }
    std::string text() {
        restore();
        std::rewind(file_);
        std::string out;
        char buffer[512];
        for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, file_)) > 0;) out.append(buffer, got);
        return out;
    }

private:
    void restore() {
        if (saved_ < 0) return;
        std::fflush(stderr);
        dup2(saved_, STDERR_FILENO);
        close(saved_);
        saved_ = -1;
    }
    int saved_ = -1;
    std::FILE* file_ = nullptr;
};

}  // namespace

TEST_CASE("a woken sender delivers as the salon, with its Reply-To, and logs no address or body") {
    init_curl_once();
    SmtpSink sink;
    SalonFixture f("happy");  // named "Happy Paws"
    set_mail_settings(*f.db, "", "desk@happypaws.test");
    CapturedStderr log;
    app::MailSender sender(f.registry, smtp_to(sink), identity, woken_only());
    sender.start();

    const auto first = enqueue(*f.db, "alice@demo.test", "Sign in: https://salon.test/s/happy/login?token=SECRET");
    sender.wake();
    const auto [raw, envelope] = sink.messages(1).at(0);
    const auto parsed = mail::test::parse(raw);
    CHECK(parsed.header("From") == "Happy Paws <noreply@salonbox.test>");
    CHECK(parsed.header("Reply-To") == "desk@happypaws.test");
    CHECK(parsed.header("To") == "Alice Martin <alice@demo.test>");
    CHECK(parsed.header("Subject") == "Your appointment");
    CHECK(envelope.find("mail_from=noreply@salonbox.test\nrcpt=alice@demo.test\n") == 0);
    REQUIRE(eventually([&] { return row(*f.db, first).status == "sent"; }));
    CHECK(row(*f.db, first).sent_at);
    CHECK(row(*f.db, first).attempts == 0);

    // The salon's own sender name wins over its name.
    set_mail_settings(*f.db, "Happy Paws Grooming", "");
    const auto second = enqueue(*f.db, "bob@demo.test");
    sender.wake();
    const auto [raw2, envelope2] = sink.messages(2).at(1);
    CHECK(mail::test::parse(raw2).header("From") == "Happy Paws Grooming <noreply@salonbox.test>");
    CHECK_FALSE(mail::test::parse(raw2).header("Reply-To"));
    REQUIRE(eventually([&] { return row(*f.db, second).status == "sent"; }));

    // Without a reply-to address of its own, replies go to the salon's email address.
    f.db->write([&](storage::WriteTx& c) {
        auto settings = storage::salon_store::load(c);
        settings.email = "hello@happypaws.test";
        storage::salon_store::update(c, settings);
    });
    const auto third = enqueue(*f.db, "carol@demo.test");
    sender.wake();
    const auto [raw3, envelope3] = sink.messages(3).at(2);
    CHECK(mail::test::parse(raw3).header("Reply-To") == "hello@happypaws.test");
    REQUIRE(eventually([&] { return row(*f.db, third).status == "sent"; }));

    sender.stop();
    const auto text = log.text();
    CHECK(text.find("salonbox: mail " + std::to_string(first) + " salon=happy to=@demo.test sent\n") != std::string::npos);
    CHECK(text.find("salonbox: mail " + std::to_string(second) + " salon=happy to=@demo.test sent\n") != std::string::npos);
    CHECK(text.find("alice") == std::string::npos);
    CHECK(text.find("SECRET") == std::string::npos);
    CHECK(text.find("appointment") == std::string::npos);
}

TEST_CASE("a 451 is retried later and a 550 fails for good, each with its error") {
    init_curl_once();
    SmtpSink sink;
    SalonFixture f;
    const auto busy = enqueue(*f.db, "busy@demo.test");
    const auto rejected = enqueue(*f.db, "reject@demo.test");
    const auto fine = enqueue(*f.db, "alice@demo.test");
    app::MailSender sender(f.registry, smtp_to(sink), identity, woken_only());
    sender.start();

    REQUIRE(eventually([&] {
        return row(*f.db, busy).attempts == 1 && row(*f.db, rejected).status == "failed" &&
               row(*f.db, fine).status == "sent";
    }));
    const auto deferred = row(*f.db, busy);
    CHECK(deferred.status == "pending");
    CHECK(deferred.last_error.find("451") != std::string::npos);
    // mail::next_retry_delay(1) is one minute, counted from the sender's clock.
    CHECK(deferred.next_attempt_at == f.clock.now() + 1min);
    CHECK_FALSE(deferred.sent_at);

    const auto failed = row(*f.db, rejected);
    CHECK(failed.attempts == 1);
    CHECK(failed.last_error.find("550") != std::string::npos);
    CHECK_FALSE(failed.sent_at);

    // Another pass leaves both alone: one waits for its next attempt, the other is finished.
    sender.wake();
    enqueue(*f.db, "carol@demo.test");
    sender.wake();
    sink.messages(2);
    sender.stop();
    CHECK(row(*f.db, busy).attempts == 1);
    CHECK(row(*f.db, rejected).attempts == 1);
    CHECK(sink.count() == 2);
}

TEST_CASE("an email claimed by a sender that died is tried again within two minutes") {
    CHECK(app::MailSenderOptions{}.lease <= std::chrono::minutes(2));
    CHECK(app::MailSenderOptions{}.lease > std::chrono::seconds(mail::SmtpSettings{}.timeout_seconds));  // one send's own limit
}

TEST_CASE("after a restart, what was pending goes out, including an email whose sender died mid-send") {
    init_curl_once();
    SmtpSink sink;
    SalonFixture f;
    const auto waiting = enqueue(*f.db, "alice@demo.test");
    // Claimed by a run that died before recording the outcome: its lease ended a minute ago.
    const auto orphan = enqueue(*f.db, "bob@demo.test");
    // Claimed by a sender still within its lease: not touched.
    const auto leased = enqueue(*f.db, "carol@demo.test");
    const auto claim = [&](std::int64_t id, domain::Instant lease_until) {
        const auto seen = row(*f.db, id).next_attempt_at;
        return f.db->write([&](storage::WriteTx& c) { return storage::outbox_store::claim(c, id, seen, lease_until); });
    };
    REQUIRE(claim(orphan, f.clock.now() - 1min));
    REQUIRE(claim(leased, f.clock.now() + 10min));

    app::MailSender sender(f.registry, smtp_to(sink), identity, woken_only());
    sender.start();  // no wake(): start-up delivers on its own
    REQUIRE(eventually([&] { return row(*f.db, waiting).status == "sent" && row(*f.db, orphan).status == "sent"; }));
    sender.stop();
    CHECK(sink.count() == 2);
    CHECK(row(*f.db, leased).status == "pending");
}

TEST_CASE("two senders racing on one outbox send each email once") {
    init_curl_once();
    SmtpSink sink;
    SalonFixture f;
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 12; ++i) ids.push_back(enqueue(*f.db, "guest" + std::to_string(i) + "@demo.test"));
    app::MailSenderOptions small_batches = woken_only();
    small_batches.batch_size = 3;  // more rounds of reading, more chances to race
    app::MailSender one(f.registry, smtp_to(sink), identity, small_batches);
    app::MailSender other(f.registry, smtp_to(sink), identity, small_batches);
    one.start();
    other.start();
    REQUIRE(eventually([&] {
        for (auto id : ids)
            if (row(*f.db, id).status != "sent") return false;
        return true;
    }));
    one.stop();
    other.stop();
    CHECK(sink.count() == ids.size());
}

TEST_CASE("stop() returns without waiting out the poll interval, and housekeeping runs at start and then on its interval") {
    init_curl_once();
    SalonFixture f;
    std::atomic<int> housekeeping_runs = 0;
    // A poll interval far longer than any stall of a loaded machine: a stop() that waited for the next poll
    // would show plainly.
    app::MailSenderOptions options = woken_only();
    options.housekeeping = [&] {
        ++housekeeping_runs;
        throw std::runtime_error("a failing chore does not end the thread");
    };
    app::MailSender sender(f.registry, std::make_unique<mail::SmtpTransport>(mail::SmtpSettings{.url = "smtp://127.0.0.1:9"}),
                           identity, options);
    sender.start();
    REQUIRE(eventually([&] { return housekeeping_runs == 1; }));
    sender.wake();
    std::this_thread::sleep_for(100ms);
    CHECK(housekeeping_runs == 1);  // the next one is an hour away

    const auto before = std::chrono::steady_clock::now();
    sender.stop();
    CHECK(std::chrono::steady_clock::now() - before < options.poll_interval / 2);
    sender.stop();  // twice is harmless
}

TEST_CASE("finish() sends what was enqueued without a wake before it ends, unless its deadline has passed") {
    init_curl_once();
    SmtpSink sink;
    SalonFixture f;
    for (const bool in_time : {true, false}) {
        std::atomic<bool> first_pass_done = false;
        auto options = woken_only();
        options.housekeeping = [&] { first_pass_done = true; };
        app::MailSender sender(f.registry, smtp_to(sink), identity, options);
        sender.start();
        REQUIRE(eventually([&] { return first_pass_done.load(); }));
        const auto id = enqueue(*f.db, "alice@demo.test");  // as the last request before a stop does
        sender.finish(std::chrono::steady_clock::now() + (in_time ? 120s : -1s));
        CHECK(row(*f.db, id).status == (in_time ? "sent" : "pending"));
    }
}

TEST_CASE("a sender that never started stops at once") {
    init_curl_once();
    SalonFixture f;
    const auto options = woken_only();
    app::MailSender sender(f.registry, std::make_unique<mail::SmtpTransport>(mail::SmtpSettings{.url = "smtp://127.0.0.1:9"}),
                           identity, options);
    const auto before = std::chrono::steady_clock::now();
    sender.stop();
    CHECK(std::chrono::steady_clock::now() - before < options.poll_interval / 2);
}

namespace {
std::int64_t enqueue_sealed(storage::Database& db, const auth::SecretKey& key, const std::string& to, const std::string& body) {
    OutboxMessage m;
    m.to_address = to;
    m.subject = "Your new password";
    m.body_text = auth::seal_text(key, body);
    m.body_html = auth::seal_text(key, "<p>" + body + "</p>");
    m.sensitive = true;
    return db.write([&](storage::WriteTx& c) { return storage::outbox_store::enqueue(c, m); });
}

// What the file holds, read past the store (whose list() blanks sensitive bodies itself).
std::string stored_bodies(storage::Database& db, std::int64_t id) {
    return db.read([&](storage::ReadTx& c) {
        SQLite::Statement st(c.connection(), "SELECT body_text || body_html FROM outbox WHERE id = ?");
        st.bind(1, id);
        st.executeStep();
        return st.getColumn(0).getString();
    });
}
}  // namespace

TEST_CASE("sealed bodies are opened to be sent and emptied once sent or failed for good") {
    init_curl_once();
    SmtpSink sink;
    SalonFixture f;
    const auto key = auth::SecretKey::from_bytes(std::string(32, 'k'));
    const auto sent = enqueue_sealed(*f.db, key, "alice@demo.test", "Reset: https://salon.test/reset/SECRET1");
    const auto refused = enqueue_sealed(*f.db, key, "reject@demo.test", "Reset: https://salon.test/reset/SECRET2");
    const auto foreign = enqueue_sealed(*f.db, auth::SecretKey::from_bytes(std::string(32, 'x')), "bob@demo.test", "reset/SECRET3");
    CHECK(stored_bodies(*f.db, sent).find("SECRET1") == std::string::npos);
    auto options = woken_only();
    options.sealing_key = key;
    app::MailSender sender(f.registry, smtp_to(sink), identity, options);
    sender.start();
    const auto [raw, envelope] = sink.messages(1).at(0);
    CHECK(raw.find("reset/SECRET1") != std::string::npos);
    REQUIRE(eventually([&] {
        return row(*f.db, sent).status == "sent" && row(*f.db, refused).status == "failed" && row(*f.db, foreign).status == "failed";
    }));
    CHECK(row(*f.db, foreign).last_error.find("secret key") != std::string::npos);
    for (auto id : {sent, refused, foreign}) CHECK(stored_bodies(*f.db, id).empty());
    sender.stop();
    CHECK(sink.count() == 1);  // the one sealed with another key never left
}

TEST_CASE("jobs handed to the sender run on its thread, in order, before the delivery they lead to") {
    init_curl_once();
    SmtpSink sink;
    SalonFixture f;
    app::MailSender sender(f.registry, smtp_to(sink), identity, woken_only());
    sender.start();
    std::vector<int> order;
    std::atomic<bool> done = false;
    const auto caller = std::this_thread::get_id();
    std::thread::id ran_on;
    sender.post([&] { throw std::runtime_error("a failing job is dropped"); });
    sender.post([&] {
        order.push_back(1);
        ran_on = std::this_thread::get_id();
        enqueue(*f.db, "alice@demo.test");
    });
    sender.post([&] {
        order.push_back(2);
        done = true;
    });
    REQUIRE(eventually([&] { return done.load(); }));
    CHECK(order == std::vector<int>{1, 2});
    CHECK(ran_on != caller);
    CHECK(sink.messages(1).size() == 1);  // posting woke the sender, and the email the job enqueued went out
    sender.stop();
}

TEST_CASE("an email's attachments reach the SMTP server byte for byte") {
    init_curl_once();
    SmtpSink sink;
    SalonFixture f;
    app::MailSender sender(f.registry, smtp_to(sink), identity, woken_only());
    sender.start();
    OutboxMessage m;
    m.to_address = "bob@demo.test";
    m.subject = "Rendez-vous confirmé";
    m.body_text = "À bientôt.";
    std::string bytes;
    for (int i = 0; i < 700; ++i) bytes += static_cast<char>(i * 13 % 256);
    m.attachments = {{"rendez-vous.ics", "text/calendar; charset=UTF-8; method=REQUEST", bytes}};
    f.db->write([&](storage::WriteTx& c) { storage::outbox_store::enqueue(c, m); });
    sender.wake();
    const auto raw = std::get<0>(sink.messages(1).at(0));
    const auto at = raw.find("Content-Disposition: attachment;\r\n filename=\"rendez-vous.ics\"\r\n\r\n");
    REQUIRE(at != std::string::npos);
    const auto body_start = raw.find("\r\n\r\n", at) + 4;
    const auto body = raw.substr(body_start, raw.find("\r\n--", body_start) - body_start);
    CHECK(mail::test::base64_decode(body) == bytes);
}
