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
};

class Server {
public:
    Server(Services& services, ServerSettings settings);
    ~Server();

    // Binds the socket; returns the port (useful with port 0). Throws std::runtime_error with a clear
    // message when the address cannot be bound or the certificate cannot be loaded.
    int bind();
    // Serves until stop(); returns false when the server failed.
    bool listen();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace salonbox::web
