#include "web/connection_guard.h"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

using namespace salonbox::web;
using namespace std::chrono_literals;

namespace {
// A connected socket pair: the guard holds `server`, the test looks at `client`.
struct Pair {
    int server = -1, client = -1;
    Pair() {
        int fds[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        server = fds[0];
        client = fds[1];
    }
    ~Pair() {
        ::close(server);
        ::close(client);
    }
    // The guard shut the server side down: the client reads the end of the stream.
    bool closed_by_server() const {
        char c;
        return ::recv(client, &c, 1, MSG_DONTWAIT) == 0;
    }
};

ConnectionLimits small(std::size_t max_connections, std::size_t per_address) {
    ConnectionLimits l;
    l.max_connections = max_connections;
    l.per_address = per_address;
    l.reclaim_after = 0ms;
    l.admission_wait = 50ms;
    l.per_address_wait = 20ms;
    return l;
}
}  // namespace

TEST_CASE("one address holds at most its cap; trusted proxies have none") {
    ConnectionGuard guard(small(100, 2), {*parse_cidr("10.0.0.1")});
    Pair a, b, c, d;
    auto first = guard.admit(a.server, "203.0.113.5");
    CHECK(first);
    CHECK(guard.admit(b.server, "203.0.113.5"));
    CHECK_FALSE(guard.admit(c.server, "203.0.113.5"));
    CHECK(guard.admit(c.server, "203.0.113.6"));
    guard.release(*first);
    CHECK(guard.admit(d.server, "203.0.113.5"));
    std::vector<Pair> behind_proxy(5);
    for (auto& p : behind_proxy) CHECK(guard.admit(p.server, "10.0.0.1"));
}

TEST_CASE("a client reconnecting just before the server closed its previous connection gets in") {
    // The wait is long enough for the closing thread to run on a loaded machine; it ends as soon as it does.
    auto limits = small(100, 1);
    limits.per_address_wait = 2s;
    ConnectionGuard guard(limits, {});
    Pair before, after;
    auto id = guard.admit(before.server, "203.0.113.5");
    REQUIRE(id);
    std::thread closer([&] {
        std::this_thread::sleep_for(5ms);
        guard.release(*id);
    });
    CHECK(guard.admit(after.server, "203.0.113.5"));
    closer.join();
}

TEST_CASE("an IPv6 client is counted by its /64, an IPv4-mapped one by its IPv4 address") {
    CHECK(address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::7"));
    CHECK(address_key("2001:db8:1:2::1") != address_key("2001:db8:1:3::1"));
    CHECK(address_key("::ffff:192.0.2.1") == "192.0.2.1");
    CHECK(address_key("192.0.2.1") == "192.0.2.1");
}

TEST_CASE("when every place is taken, the connection waiting longest for a request makes room") {
    ConnectionGuard guard(small(2, 10), {});
    Pair idle, busy, fresh;
    auto idle_id = guard.admit(idle.server, "198.51.100.1");
    std::this_thread::sleep_for(2ms);
    auto busy_id = guard.admit(busy.server, "198.51.100.2");
    REQUIRE(idle_id);
    REQUIRE(busy_id);
    guard.serving(*busy_id);
    CHECK(guard.admit(fresh.server, "198.51.100.3"));
    CHECK(idle.closed_by_server());
    CHECK_FALSE(busy.closed_by_server());
    guard.release(*idle_id);  // its thread ends later: no effect on the others
    Pair late;
    CHECK(guard.admit(late.server, "198.51.100.4"));  // the fresh one was waiting: it goes
    CHECK(fresh.closed_by_server());
    CHECK_FALSE(busy.closed_by_server());
}

TEST_CASE("requests being served are never interrupted: a new connection is refused after waiting") {
    // A wait long enough for the finisher thread to run on a loaded machine: the refusal below costs it once.
    auto limits = small(1, 10);
    limits.admission_wait = 1s;
    ConnectionGuard guard(limits, {});
    Pair busy, fresh;
    auto id = guard.admit(busy.server, "198.51.100.1");
    REQUIRE(id);
    guard.serving(*id);
    CHECK_FALSE(guard.admit(fresh.server, "198.51.100.2"));
    CHECK_FALSE(busy.closed_by_server());
    std::thread finisher([&] {
        std::this_thread::sleep_for(10ms);
        guard.release(*id);
    });
    CHECK(guard.admit(fresh.server, "198.51.100.2"));  // admitted as soon as the served one ends
    finisher.join();
}

TEST_CASE("a connection whose request arrived but was not read yet keeps its place") {
    ConnectionGuard guard(small(2, 10), {});
    Pair unread, idle, fresh;
    REQUIRE(guard.admit(unread.server, "198.51.100.1"));
    std::this_thread::sleep_for(2ms);
    REQUIRE(guard.admit(idle.server, "198.51.100.2"));
    REQUIRE(::send(unread.client, "GET / HTTP/1.1\r\n\r\n", 18, 0) == 18);  // its thread has not run yet
    CHECK(guard.admit(fresh.server, "198.51.100.3"));
    CHECK_FALSE(unread.closed_by_server());
    CHECK(idle.closed_by_server());
}

TEST_CASE("a connection its thread is reading keeps its place until it waits again") {
    // The thread may just have taken a whole request out of the socket: the kernel then holds no unread
    // bytes, yet closing the connection would drop that request without an answer.
    ConnectionGuard guard(small(2, 10), {});
    Pair read, idle, fresh, late;
    auto read_id = guard.admit(read.server, "198.51.100.1");
    REQUIRE(read_id);
    std::this_thread::sleep_for(2ms);
    REQUIRE(guard.admit(idle.server, "198.51.100.2"));
    guard.hold(*read_id);
    auto fresh_id = guard.admit(fresh.server, "198.51.100.3");
    REQUIRE(fresh_id);
    CHECK_FALSE(read.closed_by_server());
    CHECK(idle.closed_by_server());
    guard.serving(*fresh_id);
    CHECK(guard.waiting(*read_id));  // no request came: it waits again, and is the one that may make room
    CHECK(guard.admit(late.server, "198.51.100.4"));
    CHECK(read.closed_by_server());
    CHECK_FALSE(fresh.closed_by_server());
}

TEST_CASE("a stop leaves a held connection to its thread, which learns of the stop when it waits again") {
    ConnectionGuard guard(small(10, 10), {});
    Pair held, receiving;
    auto held_id = guard.admit(held.server, "198.51.100.1");
    auto receiving_id = guard.admit(receiving.server, "198.51.100.2");
    REQUIRE(held_id);
    REQUIRE(receiving_id);
    guard.hold(*held_id);
    guard.hold(*receiving_id);
    guard.begin_stop();
    CHECK_FALSE(held.closed_by_server());
    CHECK_FALSE(guard.waiting(*held_id));
    guard.receiving(*receiving_id);  // a head still arriving goes on during a stop
    CHECK_FALSE(receiving.closed_by_server());
}

TEST_CASE("a stop closes the connections waiting with nothing received, and the deadline all others") {
    ConnectionGuard guard(small(10, 10), {});
    Pair idle, arrived, receiving, serving;
    REQUIRE(guard.admit(idle.server, "198.51.100.1"));
    REQUIRE(guard.admit(arrived.server, "198.51.100.2"));
    auto receiving_id = guard.admit(receiving.server, "198.51.100.3");
    auto serving_id = guard.admit(serving.server, "198.51.100.4");
    REQUIRE(receiving_id);
    REQUIRE(serving_id);
    guard.receiving(*receiving_id);
    guard.serving(*serving_id);
    REQUIRE(::send(arrived.client, "G", 1, 0) == 1);
    CHECK_FALSE(guard.stopping());
    guard.begin_stop();
    CHECK(guard.stopping());
    CHECK(idle.closed_by_server());
    CHECK_FALSE(arrived.closed_by_server());
    CHECK_FALSE(receiving.closed_by_server());
    CHECK_FALSE(serving.closed_by_server());
    guard.close_all();
    CHECK(arrived.closed_by_server());
    CHECK(receiving.closed_by_server());
    CHECK(serving.closed_by_server());
}
