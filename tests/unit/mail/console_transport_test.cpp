#include "mail/console_transport.h"

#include <doctest/doctest.h>

#include <sstream>
#include <thread>
#include <vector>

using namespace salonbox::mail;

TEST_CASE("the console transport prints who, what and the text, and reports it sent") {
    std::ostringstream out;
    ConsoleTransport console(out);
    Message message;
    message.from_address = "noreply@happypaws.test";
    message.to_address = "alice@demo.test";
    message.to_name = "Alice Martin";
    message.subject = "Your code\x1b[2J";
    message.text = "Your code is 123456.\r\nIt expires in 10 minutes.";
    message.html = "<p>not printed</p>";
    const auto result = console.send(message);
    CHECK(result.kind == SendResult::Kind::sent);
    CHECK(result.error.empty());
    const auto printed = out.str();
    CHECK(printed.find("To: Alice Martin <alice@demo.test>\n") != std::string::npos);
    CHECK(printed.find("Subject: Your code?[2J\n") != std::string::npos);  // no escape reaches the terminal
    CHECK(printed.find("Your code is 123456.\nIt expires in 10 minutes.\n") != std::string::npos);
    CHECK(printed.find("not printed") == std::string::npos);
    CHECK(printed.find("Attached") == std::string::npos);
}

TEST_CASE("the console names each attachment with its type and size, never its bytes") {
    std::ostringstream out;
    ConsoleTransport console(out);
    Message message;
    message.to_address = "bob@demo.test";
    message.subject = "Rendez-vous";
    message.text = "À bientôt.";
    message.attachments = {{"rendez-vous.ics", "text/calendar; method=REQUEST", "BEGIN:VCALENDAR\r\nSECRET-LOOKING\r\n"}};
    CHECK(console.send(message).kind == SendResult::Kind::sent);
    const auto printed = out.str();
    CHECK(printed.find("À bientôt.\nAttached: rendez-vous.ics (text/calendar; method=REQUEST, 33 bytes)\n----- end of email -----\n") !=
          std::string::npos);
    CHECK(printed.find("SECRET-LOOKING") == std::string::npos);
}

TEST_CASE("emails sent from several threads come out whole, one after another") {
    std::ostringstream out;
    ConsoleTransport console(out);
    Message message;
    message.to_address = "alice@demo.test";
    message.subject = "Hello";
    message.text = std::string(2000, 'x');
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            for (int k = 0; k < 20; ++k) console.send(message);
        });
    for (auto& thread : threads) thread.join();
    const auto printed = out.str();
    const std::string one = "----- email -----\nFrom: \nTo: alice@demo.test\nSubject: Hello\n\n" +
                            message.text + "\n----- end of email -----\n";
    CHECK(printed.size() == one.size() * 160);
    bool all_whole = true;
    for (std::size_t at = 0; at < printed.size(); at += one.size())
        all_whole &= printed.compare(at, one.size(), one) == 0;
    CHECK(all_whole);
}
