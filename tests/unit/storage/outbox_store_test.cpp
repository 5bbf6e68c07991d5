#include "storage/outbox_store.h"

#include "fixture.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <type_traits>

using namespace salonbox::storage;
using salonbox::domain::Instant;
using namespace std::chrono_literals;

namespace {

OutboxMessage email(const std::string& to, bool sensitive = false) {
    OutboxMessage m;
    m.to_address = to;
    m.to_name = "Alice Martin";
    m.subject = "Your appointment";
    m.body_text = "See you on Tuesday.";
    m.body_html = "<p>See you on Tuesday.</p>";
    m.sensitive = sensitive;
    return m;
}

std::int64_t enqueue(Database& db, const OutboxMessage& m, Instant now) {
    return db.write([&](WriteTx& c) { return outbox_store::enqueue(c, m, now); });
}

std::vector<OutboxMessage> due(Database& db, Instant now, int limit = 10) {
    return db.read([&](ReadTx& c) { return outbox_store::due(c, now, limit); });
}

std::vector<OutboxMessage> all(Database& db) {
    return db.read([&](ReadTx& c) { return outbox_store::list(c, 100, 0); });
}

}  // namespace

TEST_CASE("an enqueued email is pending and due at once, oldest first") {
    SalonFixture f;
    const auto t0 = f.clock.now();
    const auto first = enqueue(*f.db, email("alice@demo.test"), t0);
    const auto second = enqueue(*f.db, email("bob@demo.test"), t0 + 1s);
    CHECK(second > first);

    CHECK(due(*f.db, t0 - 1s).empty());
    const auto at_t0 = due(*f.db, t0);
    REQUIRE(at_t0.size() == 1);
    const auto& m = at_t0[0];
    CHECK(m.id == first);
    CHECK(m.to_address == "alice@demo.test");
    CHECK(m.to_name == "Alice Martin");
    CHECK(m.subject == "Your appointment");
    CHECK(m.body_text == "See you on Tuesday.");
    CHECK(m.body_html == "<p>See you on Tuesday.</p>");
    CHECK(m.status == "pending");
    CHECK(m.attempts == 0);
    CHECK(m.last_error == "");
    CHECK(m.created_at == t0);
    CHECK(m.next_attempt_at == t0);
    CHECK_FALSE(m.sent_at);

    const auto later = due(*f.db, t0 + 1min);
    REQUIRE(later.size() == 2);
    CHECK(later[0].id == first);
    CHECK(later[1].id == second);
    CHECK(due(*f.db, t0 + 1min, 1).size() == 1);
}

TEST_CASE("an email enqueued in a transaction that rolls back never exists") {
    SalonFixture f;
    CHECK_THROWS_AS(f.db->write([&](WriteTx& c) {
        outbox_store::enqueue(c, email("alice@demo.test"), f.clock.now());
        throw std::runtime_error("the change that caused the email failed");
    }),
                    std::runtime_error);
    CHECK(all(*f.db).empty());
    CHECK(due(*f.db, f.clock.now() + 1h).empty());
}

// Enqueueing takes the WriteTx of the change it reports: outside one it does not compile.
static_assert(!std::is_invocable_v<decltype(outbox_store::enqueue), ReadTx&, const OutboxMessage&, std::optional<salonbox::domain::Instant>>);
static_assert(std::is_invocable_v<decltype(outbox_store::enqueue), WriteTx&, const OutboxMessage&, std::optional<salonbox::domain::Instant>>);

TEST_CASE("one claim wins: a claimed email leaves due() until its lease ends") {
    SalonFixture f;
    const auto t0 = f.clock.now();
    const auto id = enqueue(*f.db, email("alice@demo.test"), t0);
    const auto seen = due(*f.db, t0).at(0).next_attempt_at;

    auto claim = [&](Instant seen_at, Instant lease_until) {
        return f.db->write([&](WriteTx& c) { return outbox_store::claim(c, id, seen_at, lease_until); });
    };
    CHECK(claim(seen, t0 + 10min));
    // A second sender that read the same row before the first claimed it loses.
    CHECK_FALSE(claim(seen, t0 + 10min));
    CHECK(due(*f.db, t0 + 9min).empty());

    // The sender died mid-send: the email is due again when the lease ends, and can be claimed again.
    const auto again = due(*f.db, t0 + 10min);
    REQUIRE(again.size() == 1);
    CHECK(again[0].attempts == 0);
    CHECK(claim(again[0].next_attempt_at, t0 + 20min));

    // Once sent, it can be neither claimed nor marked again.
    CHECK(f.db->write([&](WriteTx& c) { return outbox_store::mark_sent(c, id, t0 + 11min); }));
    CHECK_FALSE(claim(t0 + 20min, t0 + 30min));
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return outbox_store::mark_retry(c, id, "451", t0 + 1h); }));
    CHECK_FALSE(f.db->write([&](WriteTx& c) { return outbox_store::mark_failed(c, id, "550"); }));
    const auto sent = all(*f.db).at(0);
    CHECK(sent.status == "sent");
    CHECK(sent.sent_at == t0 + 11min);
    CHECK(sent.attempts == 0);
    CHECK(due(*f.db, t0 + 48h).empty());
}

TEST_CASE("a retry counts the attempt and waits; a failure counts it and ends the email") {
    SalonFixture f;
    const auto t0 = f.clock.now();
    const auto busy = enqueue(*f.db, email("busy@demo.test"), t0);
    const auto rejected = enqueue(*f.db, email("reject@demo.test"), t0);

    CHECK(f.db->write([&](WriteTx& c) {
        return outbox_store::mark_retry(c, busy, "RCPT failed: 451 (SMTP 451)", t0 + 1min);
    }));
    CHECK(f.db->write([&](WriteTx& c) { return outbox_store::mark_failed(c, rejected, "RCPT failed: 550 (SMTP 550)"); }));

    CHECK(due(*f.db, t0 + 59s).empty());
    const auto retried = due(*f.db, t0 + 1min);
    REQUIRE(retried.size() == 1);
    CHECK(retried[0].id == busy);
    CHECK(retried[0].status == "pending");
    CHECK(retried[0].attempts == 1);
    CHECK(retried[0].last_error == "RCPT failed: 451 (SMTP 451)");
    CHECK(retried[0].next_attempt_at == t0 + 1min);

    CHECK(f.db->write([&](WriteTx& c) { return outbox_store::mark_retry(c, busy, "timeout", t0 + 6min); }));
    CHECK(due(*f.db, t0 + 6min).at(0).attempts == 2);
    // Sent at last: the error it once had is no longer its state.
    CHECK(f.db->write([&](WriteTx& c) { return outbox_store::mark_sent(c, busy, t0 + 7min); }));

    const auto log = all(*f.db);
    REQUIRE(log.size() == 2);
    CHECK(log[0].id == rejected);  // newest first
    CHECK(log[0].status == "failed");
    CHECK(log[0].attempts == 1);
    CHECK(log[0].last_error == "RCPT failed: 550 (SMTP 550)");
    CHECK_FALSE(log[0].sent_at);
    CHECK(log[1].status == "sent");
    CHECK(log[1].attempts == 2);
    CHECK(log[1].last_error == "");
}

TEST_CASE("the email log pages newest first and never returns a sensitive body") {
    SalonFixture f;
    const auto t0 = f.clock.now();
    auto code = email("alice@demo.test", true);
    code.subject = "Your sign-in code";
    code.body_text = "Your code is 123456";
    code.body_html = "<p>Your code is <b>123456</b></p>";
    const auto plain = enqueue(*f.db, email("bob@demo.test"), t0);
    const auto secret = enqueue(*f.db, code, t0 + 1s);

    const auto log = all(*f.db);
    REQUIRE(log.size() == 2);
    CHECK(log[0].id == secret);
    CHECK(log[0].sensitive);
    CHECK(log[0].subject == "Your sign-in code");
    CHECK(log[0].to_address == "alice@demo.test");
    CHECK(log[0].body_text == "");
    CHECK(log[0].body_html == "");
    CHECK(log[1].id == plain);
    CHECK_FALSE(log[1].sensitive);
    CHECK(log[1].body_text == "See you on Tuesday.");
    CHECK(log[1].body_html == "<p>See you on Tuesday.</p>");

    // The sender still gets the body it has to deliver.
    CHECK(due(*f.db, t0 + 1s).at(1).body_text == "Your code is 123456");

    const auto second_page = f.db->read([&](ReadTx& c) { return outbox_store::list(c, 1, 1); });
    REQUIRE(second_page.size() == 1);
    CHECK(second_page[0].id == plain);
    CHECK(f.db->read([&](ReadTx& c) { return outbox_store::list(c, 10, 2); }).empty());
}

TEST_CASE("attachments travel with their message: every byte to the sender, names only to the log") {
    SalonFixture f;
    const auto t0 = f.clock.now();
    auto m = email("bob@demo.test");
    std::string pdf;
    for (int i = 0; i < 600; ++i) pdf += static_cast<char>(i % 256);  // NUL bytes included
    m.attachments = {{"rendez-vous.ics", "text/calendar; charset=UTF-8; method=REQUEST", "BEGIN:VCALENDAR\r\n"},
                     {"FA2602-0001.pdf", "application/pdf", pdf},
                     {"empty.txt", "text/plain", ""}};
    const auto with = enqueue(*f.db, m, t0);
    const auto without = enqueue(*f.db, email("alice@demo.test"), t0);

    const auto pending = due(*f.db, t0);
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].id == with);
    REQUIRE(pending[0].attachments.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(pending[0].attachments[i].filename == m.attachments[i].filename);
        CHECK(pending[0].attachments[i].content_type == m.attachments[i].content_type);
        CHECK(pending[0].attachments[i].content == m.attachments[i].content);
    }
    CHECK(pending[1].id == without);
    CHECK(pending[1].attachments.empty());

    const auto log = all(*f.db);
    REQUIRE(log.size() == 2);
    REQUIRE(log[1].attachments.size() == 3);
    CHECK(log[1].attachments[1].filename == "FA2602-0001.pdf");
    CHECK(log[1].attachments[1].content.empty());
}
