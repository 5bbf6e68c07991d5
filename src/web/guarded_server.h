// cpp-httplib servers (plain and TLS) whose connections pass through a ConnectionGuard and whose requests
// must arrive within a deadline; declared without <httplib.h>, which only server.cpp and its .cpp include.
#pragma once

#include "web/connection_guard.h"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace salonbox::web {

// A server that reads requests itself, with the guard's limits: a connection waiting for its client holds no
// thread (on Linux; elsewhere each connection keeps one), ready ones are served in arrival order by a few
// threads (more, up to the guard's ceiling and a small reserve, while those are blocked), each waits at most
// the keep-alive timeout for a request and must deliver each request within `request_deadline`, and each
// answer is sent in one piece. HTTPS when `tls_cert_file` is set, with the protocols and ciphers of
// reload_tls() below. Throws std::runtime_error when the certificate or key cannot be loaded.
std::unique_ptr<httplib::Server> make_guarded_server(ConnectionGuard& guard, const std::string& tls_cert_file,
                                                     const std::string& tls_key_file);

// Listens again with a queue of `backlog` pending connections (cpp-httplib's compiled-in queue holds 5,
// so bursts are reset or wait for SYN retries); the kernel caps it at net.core.somaxconn. Call after bind.
void raise_listen_backlog(httplib::Server& server, int backlog);

// Stops a guarded server gracefully: no new connections (those already in the listen queue are still taken),
// idle keep-alives closed at once, requests being received or served answered with "Connection: close",
// and at `deadline` every connection shut down. listen() returns when all are done, or shortly after the
// deadline without the threads still busy in a handler (counted by abandoned_connections()).
void begin_stop(httplib::Server& server, std::chrono::steady_clock::time_point deadline);
std::size_t abandoned_connections(const httplib::Server& server);

// Native HTTPS (TLS 1.2 and 1.3, AEAD ciphers with forward secrecy only): makes new connections use the
// certificate and key now in these files, as after a renewal; connections already open finish with the old
// ones. Returns "" when done, else why not (the server then goes on with what it had).
std::string reload_tls(httplib::Server& server, const std::string& cert_file, const std::string& key_file);

// For the pre-routing handler: `res`'s connection ends after this answer ("Connection: close"), whatever
// follows on the wire. For a request whose body length is unknown or not to be trusted: what follows its head
// is no next request, and reading it as one would let a client slip a request past a proxy in front.
void close_after_answer(httplib::Response& res);

// For the post-routing handler: when a stop began while `req` was being answered, its connection ends after
// the answer, which says so ("Connection: close", unless cpp-httplib writes it already); an answer that ends
// its connection offers no keep-alive.
void settle_connection_header(const ConnectionGuard& guard, const httplib::Request& req, httplib::Response& res);

}  // namespace salonbox::web
