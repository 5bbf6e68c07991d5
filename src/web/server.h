// The HTTP(S) server: cpp-httplib set up for salonbox and its life cycle; every request goes to web/middleware.h.
#pragma once

#include "web/services.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace salonbox::web {

struct ServerSettings {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0 picks a free port
    // Connections served at once, one thread each, started as needed; idle keep-alives count, and the
    // longest-waiting ones are closed to make room when all are taken (see ConnectionGuard).
    int threads = 512;
    // A request's head and body must arrive within this from its first byte (slow or stalled clients).
    std::chrono::seconds request_timeout{10};
    std::string tls_cert_file;  // both set: HTTPS natively
    std::string tls_key_file;
    std::size_t max_body_bytes = 1024 * 1024;
    // With TLS, a plain-HTTP address answering ACME challenges and redirecting the rest to HTTPS
    // (--http-listen); http_port -1: none, 0: a free port.
    std::string http_host = "0.0.0.0";
    int http_port = -1;
};

// Whether this build can serve HTTPS itself (--tls-cert): cpp-httplib built with OpenSSL, as Debian's is. The
// Windows build has no OpenSSL and serves plain HTTP behind a reverse proxy that holds the certificate.
bool native_tls_available();

class Server {
public:
    Server(Services& services, ServerSettings settings);
    ~Server();

    // Binds the socket; returns the port (useful with port 0). Throws std::runtime_error with a clear
    // message when the address cannot be bound or the certificate cannot be loaded.
    int bind();
    // The plain-HTTP port bound for http_port, or -1. After bind().
    int http_port() const;
    // Serves until stop(); returns false when the server failed.
    bool listen();
    // Stops gracefully and returns at once: no new connections (those already queued are taken), idle
    // keep-alives closed now, requests being received or served answered with "Connection: close"; at
    // `deadline` every connection is shut down and listen() returns soon after.
    void stop(std::chrono::steady_clock::time_point deadline);
    // Connections whose handler still ran when listen() gave up after the deadline: they use this server
    // and its services, so the process must end without destroying them (std::_Exit).
    std::size_t abandoned_connections() const;
    // Reads --tls-cert and --tls-key again (a renewed certificate): new connections use them, open ones
    // finish with the old. "" when done, else why not; the server then keeps what it had. Thread-safe.
    std::string reload_certificate();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace salonbox::web
