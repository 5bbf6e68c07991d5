// cpp-httplib servers (plain and TLS) whose connections pass through a ConnectionGuard and whose requests
// must arrive within a deadline; declared without <httplib.h>, which only server.cpp and its .cpp include.
#pragma once

#include "web/connection_guard.h"

#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace salonbox::web {

// A server that reads requests itself, with the guard's limits: each connection gets its own thread (started
// as needed, up to the guard's ceiling and a small reserve for connections being closed), waits at most the
// keep-alive timeout for a request, and must deliver each request within `request_deadline`. HTTPS when
// `tls_cert_file` is set. Throws std::runtime_error when the certificate or key cannot be loaded.
std::unique_ptr<httplib::Server> make_guarded_server(ConnectionGuard& guard, const std::string& tls_cert_file,
                                                     const std::string& tls_key_file);

// Listens again with a queue of `backlog` pending connections (cpp-httplib's compiled-in queue holds 5,
// so bursts are reset or wait for SYN retries); the kernel caps it at net.core.somaxconn. Call after bind.
void raise_listen_backlog(httplib::Server& server, int backlog);

}  // namespace salonbox::web
