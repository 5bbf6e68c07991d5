#include "mail/smtp_transport.h"

#include <curl/curl.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "mail_test_support.h"
#include "smtp_sink.h"

using namespace salonbox::mail;
using namespace salonbox::mail::test;

namespace {

// The exchange limit with the sink: only a hung exchange should reach it, never a slow one on a busy machine.
constexpr long k_patient_seconds = 60;

// salonbox's main does this once; the tests run on one thread, so the first test to need it may.
void init_curl_once() {
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    REQUIRE(initialised);
}

// A loopback socket that is bound but never listens (connections are refused) or listens but never
// answers (the SMTP greeting never comes); either way no other process can take its port meanwhile.
class DeadPort {
public:
    explicit DeadPort(bool listening) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0);
        REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        if (listening) REQUIRE(listen(fd_, 4) == 0);
        port_ = ntohs(address.sin_port);
    }
    ~DeadPort() { close(fd_); }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_;
    int port_ = 0;
};

Message appointment_confirmation() {
    Message message;
    message.from_address = "noreply@happypaws.test";
    message.from_name = "Happy Paws Grooming";
    message.reply_to = "desk@happypaws.test";
    message.to_address = "bob@demo.test";
    message.to_name = "Bob Durand";
    message.subject = "Rendez-vous confirmé";
    // A lone "." would end the DATA phase early unless libcurl dot-stuffs, as mime.h says it does.
    message.text = "Bonjour Bob,\nRex est attendu mardi à 14 h.\n.\n.Le point en tête reste.\n";
    message.html = "<p>Bonjour Bob, Rex est attendu <b>mardi à 14 h</b>.</p>";
    return message;
}

std::string text_body(const std::string& raw) {
    const auto parsed = parse(raw);
    const auto boundary =
        parsed.header("Content-Type")->substr(std::string("multipart/alternative; boundary=\"").size());
    const auto pieces = split(parsed.body, "--" + boundary.substr(0, boundary.size() - 1));
    const auto part = parse(pieces.at(1).substr(2, pieces.at(1).size() - 4));
    REQUIRE(part.header("Content-Type") == "text/plain; charset=UTF-8");
    return quoted_printable_decode(part.body);
}

}  // namespace

TEST_CASE("an email sent over SMTP arrives whole: envelope, encoded subject, text with leading dots") {
    init_curl_once();
    SmtpSink sink;
    SmtpTransport transport({.url = sink.url(), .timeout_seconds = k_patient_seconds, .helo_domain = "salon.example"});
    const auto message = appointment_confirmation();
    const auto result = transport.send(message);
    CHECK(result.error == "");
    REQUIRE(result.kind == SendResult::Kind::sent);

    const auto [raw, envelope] = sink.messages(1).at(0);
    CHECK(envelope == "mail_from=noreply@happypaws.test\nrcpt=bob@demo.test\nhelo=salon.example\nlogin=\n");
    const auto parsed = parse(raw);
    CHECK(rfc2047_decode(parsed.header("Subject").value()) == "Rendez-vous confirmé");
    CHECK(parsed.header("Reply-To") == "desk@happypaws.test");
    CHECK(text_body(raw) ==
          "Bonjour Bob,\r\nRex est attendu mardi à 14 h.\r\n.\r\n.Le point en tête reste.\r\n");
    CHECK(raw.find("mardi =C3=A0 14 h") != std::string::npos);  // the html part came along too
}

TEST_CASE("SMTP credentials are used, and a refused password is a temporary failure that never shows it") {
    init_curl_once();
    SmtpSink sink;
    SmtpTransport good(
        {.url = sink.url(), .user = "salon", .password = "correct horse", .timeout_seconds = k_patient_seconds});
    REQUIRE(good.send(appointment_confirmation()).kind == SendResult::Kind::sent);
    CHECK(sink.messages(1).at(0).second.find("\nlogin=salon\n") != std::string::npos);

    SmtpTransport wrong(
        {.url = sink.url(), .user = "salon", .password = "wrong horse", .timeout_seconds = k_patient_seconds});
    const auto result = wrong.send(appointment_confirmation());
    CHECK(result.kind == SendResult::Kind::temporary_failure);
    CHECK(result.error.find("535") != std::string::npos);
    CHECK(result.error.find("wrong horse") == std::string::npos);
}

TEST_CASE("a 5xx answer is a permanent failure and a 4xx answer a temporary one") {
    init_curl_once();
    SmtpSink sink;
    SmtpTransport transport({.url = sink.url(), .timeout_seconds = k_patient_seconds});
    auto message = appointment_confirmation();
    message.to_address = "reject@demo.test";
    const auto rejected = transport.send(message);
    CHECK(rejected.kind == SendResult::Kind::permanent_failure);
    CHECK(rejected.error.find("550") != std::string::npos);

    message.to_address = "busy@demo.test";
    const auto deferred = transport.send(message);
    CHECK(deferred.kind == SendResult::Kind::temporary_failure);
    CHECK(deferred.error.find("451") != std::string::npos);
}

TEST_CASE("a refused connection or a silent server is a temporary failure") {
    init_curl_once();
    const DeadPort refusing(false);
    const auto refused =
        SmtpTransport({.url = refusing.url(), .password = "hunter2"}).send(appointment_confirmation());
    CHECK(refused.kind == SendResult::Kind::temporary_failure);
    CHECK_FALSE(refused.error.empty());

    const DeadPort silent(true);
    const auto timed_out =
        SmtpTransport({.url = silent.url(), .timeout_seconds = 1}).send(appointment_confirmation());
    CHECK(timed_out.kind == SendResult::Kind::temporary_failure);
    // The transport's own timeout ended the exchange (curl's CURLE_OPERATION_TIMEDOUT), not the server.
    CHECK(timed_out.error.starts_with("Timeout was reached"));
}

TEST_CASE("a message with an unusable address fails permanently before any connection") {
    init_curl_once();
    const DeadPort refusing(false);
    auto message = appointment_confirmation();
    message.to_address = "bob@demo.test\r\nRCPT TO:<evil@x.test>";
    const auto result = SmtpTransport({.url = refusing.url()}).send(message);
    CHECK(result.kind == SendResult::Kind::permanent_failure);
    CHECK(result.error.find("address") != std::string::npos);
}

TEST_CASE("SMTP settings that cannot work are refused when the transport is made") {
    CHECK_THROWS_AS(SmtpTransport({.url = "http://mail.example:25"}), std::invalid_argument);
    CHECK_THROWS_AS(SmtpTransport({.url = "smtp://user:secret@mail.example:25"}), std::invalid_argument);
    CHECK_THROWS_AS(SmtpTransport({.url = "smtp://mail.example:25", .helo_domain = "a b\r\nQUIT"}),
                    std::invalid_argument);
    CHECK_NOTHROW(SmtpTransport({.url = "smtps://mail.example:465", .helo_domain = "salon.example"}));
}
