// Who may hold a connection: a ceiling on open connections, a cap per client address, and reclaiming the
// connections that hold a place without sending a request.
#pragma once

#include "web/network.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace salonbox::web {

// A connected socket as the operating system names it (Winsock's SOCKET is a pointer-sized handle).
#ifdef _WIN32
using NativeSocket = std::uintptr_t;
#else
using NativeSocket = int;
#endif

struct ConnectionLimits {
    // Open connections at once. A connection waiting for its client holds no thread, but one served holds one:
    // this is also the ceiling of the server's threads.
    std::size_t max_connections = 512;
    // Connections one client address (an IPv6 /64) may hold at once; trusted proxies have no cap.
    std::size_t per_address = 32;
    // A request's head and body must have arrived this long after its first byte, however slowly they trickle.
    std::chrono::milliseconds request_deadline{10'000};
    // A connection waiting for a request (idle keep-alive, or a head still arriving) for at least this long may
    // be closed to make room for a new one when every place is taken. Zero: the oldest always goes, so under
    // attack each connection keeps its place for max_connections / (new connections per second); any grace
    // would throttle reclaiming and leave newcomers queued behind the attackers' connections.
    std::chrono::milliseconds reclaim_after{0};
    // When every place is held by a request being served, a new connection waits this long for one to free.
    std::chrono::milliseconds admission_wait{2'000};
    // A connection over its address's cap waits this long for one of that address to close: a client that
    // reconnects as soon as it has read a "Connection: close" answer is ahead of the server's own close.
    std::chrono::milliseconds per_address_wait{250};
    // Connections waiting to be admitted at once (each holds a thread); beyond, they are refused at once.
    std::size_t max_waiting_admission = 64;
};

// Thread-safe. A connection is admitted with its socket, is `waiting` for a request (`receiving` once its
// first bytes arrived) until the request head is complete, `serving` until its answer is written, waiting
// again between kept-alive requests, and released before its socket is closed. When the ceiling is reached,
// the connection that has waited longest for a request is shut down (its reads end at once); a request
// being served is never interrupted, nor a connection whose client sent bytes the server has not read yet
// (a request that arrived while no thread was reading it is the server's delay, not the client's), nor one
// a thread is reading from (`held`: the bytes it takes may be a request; waiting or receiving ends that).
class ConnectionGuard {
public:
    using Id = std::uint64_t;

    ConnectionGuard(ConnectionLimits limits, std::vector<Cidr> uncapped);

    // An id, or nothing when the connection must be closed: its address holds its cap, or every place stays
    // taken by served requests for `admission_wait`.
    std::optional<Id> admit(NativeSocket socket, const std::string& address);
    // A thread is about to read the connection's socket: not reclaimed, nor closed by a stop, until it waits again.
    void hold(Id id);
    // Waits for the next request with nothing received. False when a stop has begun: an idle keep-alive then
    // closes instead (begin_stop() did not close this one, which was held).
    bool waiting(Id id);
    // Waits for the rest of a request whose first bytes arrived.
    void receiving(Id id);
    void serving(Id id);
    // Forgets the connection; after this the guard never touches its socket again.
    void release(Id id);

    // The server stops: connections waiting for a request with nothing received end now (idle keep-alives);
    // those receiving or serving one go on. Connections admitted from now on are told by stopping().
    void begin_stop();
    bool stopping() const;
    // Shuts down every connection, served requests included: the stop's deadline has passed.
    void close_all();

    const ConnectionLimits& limits() const { return limits_; }

private:
    enum class Phase { waiting, receiving, serving };
    struct Connection {
        NativeSocket socket;
        std::string address_key;  // empty: uncapped
        Phase phase = Phase::waiting;
        std::chrono::steady_clock::time_point since;  // start of the current wait
        bool held = false;
    };
    // The connection waiting longest for a request that may be closed, or end().
    std::unordered_map<Id, Connection>::iterator oldest_reclaimable();
    void forget(std::unordered_map<Id, Connection>::iterator it);

    const ConnectionLimits limits_;
    const std::vector<Cidr> uncapped_;
    std::mutex mutex_;
    std::condition_variable freed_;
    std::unordered_map<Id, Connection> open_;
    std::map<std::string, std::size_t> per_address_;
    std::size_t waiting_admission_ = 0;
    Id next_id_ = 1;
    std::atomic<bool> stopping_{false};
};

// The key a client address is counted under: the address itself for IPv4 (also IPv4-mapped IPv6), its /64
// network for IPv6, where one subscriber usually holds a whole /64.
std::string address_key(const std::string& address);

}  // namespace salonbox::web
