#include "web/write_health.h"

#include <doctest/doctest.h>

#include <chrono>

using namespace salonbox;
using namespace std::chrono_literals;
using Outcome = storage::WriteProbe::Outcome;

namespace {

struct Probed {
    web::WriteHealth::Clock::time_point now{};
    web::WriteHealth health{2s, 5s, [this] { return now; }};
    int probes = 0;
    Outcome next = Outcome::writable;

    std::string ask(const std::string& slug = "demo") {
        return health.problem(slug, [this] {
            ++probes;
            return storage::WriteProbe{next, next == Outcome::failed ? "cannot write: attempt to write a readonly database" : ""};
        });
    }
};

}  // namespace

TEST_CASE("a salon is probed at most once per interval; the checks in between get the last verdict") {
    Probed p;
    CHECK(p.ask() == "");
    p.next = Outcome::failed;
    p.now += 1s;
    CHECK(p.ask() == "");
    CHECK(p.probes == 1);
    p.now += 1s;
    CHECK(p.ask().find("readonly") != std::string::npos);
    CHECK(p.probes == 2);
    CHECK(p.ask("other") != "");  // each salon has its own probe
    CHECK(p.probes == 3);
    p.next = Outcome::writable;
    p.now += 2s;
    CHECK(p.ask() == "");
}

TEST_CASE("a busy write lock is a writer at work until it has been found taken for longer than a write waits") {
    Probed p;
    p.next = Outcome::busy;
    CHECK(p.ask() == "");
    p.now += 2s;
    CHECK(p.ask() == "");
    p.now += 2s;
    CHECK(p.ask() == "");
    p.now += 2s;
    CHECK(p.ask().find("write lock") != std::string::npos);
    p.next = Outcome::writable;
    p.now += 2s;
    CHECK(p.ask() == "");
}

TEST_CASE("busy probes far apart are two writers, not one stuck lock") {
    Probed p;
    p.next = Outcome::busy;
    CHECK(p.ask() == "");
    p.now += 10min;
    CHECK(p.ask() == "");
    p.now += 2s;
    CHECK(p.ask() == "");
}
