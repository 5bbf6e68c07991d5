// The packaged systemd unit against the server's own stop bound: systemd must never kill a stop that is
// still within what salonbox promises (requests in flight, then the last mail pass).
#include "app/config.h"
#include "mail/smtp_transport.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>

namespace {

std::string read_source_file(const std::string& relative) {
    const char* root = std::getenv("SALONBOX_SOURCE_DIR");
    REQUIRE_MESSAGE(root, "ctest sets SALONBOX_SOURCE_DIR");
    std::ifstream in(std::string(root) + "/" + relative);
    REQUIRE_MESSAGE(in, relative);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<int> first_number(const std::string& text, const std::string& pattern) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex(pattern))) return std::nullopt;
    return std::stoi(m[1]);
}

}  // namespace

TEST_CASE("the unit gives a stop more time than the server's bound plus a mail send in progress") {
    const auto unit = read_source_file("systemd/salonbox.service");
    const auto config = read_source_file("packaging/salonbox.conf");
    const auto timeout_stop = first_number(unit, R"(\nTimeoutStopSec=(\d+)s?\s*\n)");
    REQUIRE(timeout_stop);
    // The server's bound: the unit's flag, else the shipped config's setting, else the built-in default.
    int server_bound = salonbox::app::ServeOptions{}.stop_timeout;
    if (auto set = first_number(config, R"((?:^|\n)stop-timeout\s*=\s*(\d+))")) server_bound = *set;
    if (auto flag = first_number(unit, R"(\nExecStart=[^\n]*--stop-timeout[ =](\d+))")) server_bound = *flag;
    // After the bound no mail send starts, but one begun just before it runs to the transport's timeout.
    const long mail_send = salonbox::mail::SmtpSettings{}.timeout_seconds;
    CHECK(*timeout_stop > server_bound + mail_send);
    CHECK(*timeout_stop <= server_bound + mail_send + 15);  // and not so much that a hung stop lingers
}
