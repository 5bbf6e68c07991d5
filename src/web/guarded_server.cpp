#include "web/guarded_server.h"

#include <httplib.h>

#include "web/socket_calls.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

// Native HTTPS needs cpp-httplib built with OpenSSL (Debian's is); the Windows build has none and is served
// over plain HTTP (behind a reverse proxy for customers outside the salon).
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
#include <openssl/err.h>
#include <openssl/ssl.h>
#else
struct ssl_st;
using SSL = ssl_st;
struct ssl_ctx_st;
using SSL_CTX = ssl_ctx_st;
#endif

#include <algorithm>
#include <atomic>
#include <climits>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

namespace salonbox::web {

namespace {

using Clock = std::chrono::steady_clock;

// Threads beyond the guard's ceiling and its admission waits: connections being closed after a reclaim, or
// refused, still hold one for a moment, and a new connection must not wait behind them.
constexpr std::size_t k_closing_reserve = 64;
// Threads kept ready between bursts; the others end after a minute without work.
constexpr std::size_t k_warm_threads = 16;
constexpr auto k_thread_idle = std::chrono::seconds(60);

// While stopping, a connection accepted from the listen queue that has not sent its first request within
// this is a browser's spare connection, not a request: it must not hold the exit until the deadline.
constexpr auto k_stopping_first_request_wait = std::chrono::seconds(1);
// After the stop's deadline every socket is shut down; threads still in a handler get this long to notice.
constexpr auto k_after_deadline = std::chrono::seconds(1);

// An answer at least this large was built in memory (an export, a PDF): once it is sent, glibc is asked to
// give the freed memory back to the system, which it otherwise keeps in this thread's arena.
constexpr std::size_t k_trim_after_bytes = 1024 * 1024;

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
// Native HTTPS follows Mozilla's "intermediate" profile (v5.7) without its DHE suites: TLS 1.2 and 1.3 only,
// forward-secret key exchange and AEAD ciphers only (no CBC suite: LUCKY13; no RSA key exchange).
constexpr const char* k_tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* k_tls13_suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

// OpenSSL's reason for the last failure, or `fallback`.
std::string openssl_error(const char* fallback) {
    unsigned long e = ERR_get_error();
    if (!e) return fallback;
    char text[256];
    ERR_error_string_n(e, text, sizeof text);
    return text;
}

// Sets up `ctx` with the profile above and the certificate chain (PEM: the certificate, then its
// intermediates, as certbot's fullchain.pem) and key. "" when done, else why not.
std::string configure_tls(SSL_CTX& ctx, const std::string& cert_file, const std::string& key_file) {
    ERR_clear_error();
    if (SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) != 1 || SSL_CTX_set_cipher_list(&ctx, k_tls12_ciphers) != 1 ||
        SSL_CTX_set_ciphersuites(&ctx, k_tls13_suites) != 1 || SSL_CTX_set1_groups_list(&ctx, "X25519:prime256v1:secp384r1") != 1)
        return openssl_error("cannot set the TLS protocols and ciphers");
    SSL_CTX_set_options(&ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
    if (SSL_CTX_use_certificate_chain_file(&ctx, cert_file.c_str()) != 1) return "cannot load the certificate " + cert_file + ": " + openssl_error("");
    if (SSL_CTX_use_PrivateKey_file(&ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) return "cannot load the key " + key_file + ": " + openssl_error("");
    if (SSL_CTX_check_private_key(&ctx) != 1) return "the key " + key_file + " does not belong to the certificate " + cert_file;
    return {};
}
#endif

// Whether the request this thread answers was handed to cpp-httplib as its connection's last (it then writes
// "Connection: close" itself).
thread_local bool t_answer_closes = false;

// What a stopping server does with its pool (set by Guarded before listen() returns).
struct StopPlan {
    std::function<void()> drain;          // hands the connections still in the listen queue to the pool
    Clock::time_point deadline = Clock::time_point::max();
    std::function<void()> past_deadline;  // shuts every connection down
};

// cpp-httplib's ThreadPool has a fixed size and queues connections behind busy threads, where no limit or
// deadline of ours can see them. This pool starts a thread whenever none is free, up to `max_threads`, so a
// connection reaches the guard as soon as it is accepted. Its state is shared with its threads, so that
// threads still busy when shutdown() gives up outlive the pool safely.
class ElasticPool final : public httplib::TaskQueue {
public:
    ElasticPool(std::size_t max_threads, std::function<StopPlan()> stop_plan, std::atomic<std::size_t>& abandoned)
        : state_(std::make_shared<State>()), stop_plan_(std::move(stop_plan)), abandoned_(abandoned) {
        state_->max_threads = max_threads;
    }

    void enqueue(std::function<void()> fn) override {
        auto& s = *state_;
        std::lock_guard lock(s.mutex);
        s.jobs.push_back(std::move(fn));
        if (s.jobs.size() > s.idle && s.threads < s.max_threads) {
            try {
                std::thread([state = state_] { work(*state); }).detach();
                ++s.threads;
            } catch (const std::system_error&) {
                // Out of threads: the job waits for a running one.
            }
        }
        s.work_ready.notify_one();
    }

    // Runs every queued job, then ends the threads; past the stop plan's deadline, returns without the
    // threads that are still busy (counted in `abandoned`).
    void shutdown() override {
        auto plan = stop_plan_();
        if (plan.drain) plan.drain();
        auto& s = *state_;
        std::unique_lock lock(s.mutex);
        s.stopping = true;
        s.work_ready.notify_all();
        if (s.all_ended.wait_until(lock, plan.deadline, [&] { return s.threads == 0; })) return;
        lock.unlock();
        if (plan.past_deadline) plan.past_deadline();
        lock.lock();
        if (!s.all_ended.wait_for(lock, k_after_deadline, [&] { return s.threads == 0; })) abandoned_ = s.threads;
    }

private:
    struct State {
        std::size_t max_threads = 0;
        std::mutex mutex;
        std::condition_variable work_ready, all_ended;
        std::deque<std::function<void()>> jobs;
        std::size_t threads = 0, idle = 0;
        bool stopping = false;
    };

    static void work(State& s) {
        std::unique_lock lock(s.mutex);
        for (;;) {
            ++s.idle;
            bool woken = s.work_ready.wait_for(lock, k_thread_idle, [&] { return s.stopping || !s.jobs.empty(); });
            --s.idle;
            if (!s.jobs.empty()) {
                auto fn = std::move(s.jobs.front());
                s.jobs.pop_front();
                lock.unlock();
                fn();
                fn = nullptr;
                lock.lock();
                continue;
            }
            if (s.stopping || (!woken && s.threads > k_warm_threads)) break;
        }
        --s.threads;
        s.all_ended.notify_all();
    }

    std::shared_ptr<State> state_;
    std::function<StopPlan()> stop_plan_;
    std::atomic<std::size_t>& abandoned_;
};

// Waits until `fd` can do `events` (POLLIN or POLLOUT) or the deadline passes; false on the deadline.
bool wait_socket(socket_t fd, short events, Clock::time_point deadline) {
    for (;;) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        int r = socket_calls::poll(&p, 1, static_cast<int>(std::min<long long>(left, INT_MAX)));
        if (r > 0) return true;
        if (r < 0 && !socket_calls::interrupted()) return false;
    }
}

void socket_address(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return;
    ip = host;
    port = std::atoi(serv);
}

// One connection's byte stream (plain or TLS over a non-blocking socket). Reads of one request share one
// deadline, so a client trickling a byte a second cannot keep its thread; the end of the request head is
// reported to the guard, after which the connection is no longer reclaimed.
class GuardedStream final : public httplib::Stream {
public:
    GuardedStream(socket_t fd, SSL* ssl, ConnectionGuard& guard, ConnectionGuard::Id id, std::chrono::seconds write_timeout,
                  std::string peer_ip, int peer_port)
        : fd_(fd), ssl_(ssl), guard_(guard), id_(id), write_timeout_(write_timeout), peer_ip_(std::move(peer_ip)), peer_port_(peer_port) {}

    // True when the first byte of another request arrived within `idle`.
    bool wait_for_request(std::chrono::seconds idle) {
        if (pos_ < end_ || tls_pending()) return true;
        return wait_socket(fd_, POLLIN, Clock::now() + idle);
    }

    // After a request that missed its deadline the connection ends (cpp-httplib may still answer it 400).
    bool expired() const { return expired_; }

    void start_request(Clock::time_point deadline) {
        deadline_ = deadline;
        head_complete_ = false;
        line_length_ = 0;
    }

    bool is_readable() const override {
        return pos_ < end_ || tls_pending() || wait_socket(fd_, POLLIN, deadline_);
    }

    bool is_writable() const override { return wait_socket(fd_, POLLOUT, Clock::now() + write_timeout_); }

    ssize_t read(char* ptr, size_t size) override {
        if (pos_ == end_) {
            ssize_t n = fill();
            if (n <= 0) return n;
        }
        size_t n = std::min(size, end_ - pos_);
        std::memcpy(ptr, buffer_ + pos_, n);
        pos_ += n;
        if (!head_complete_) watch_head(ptr, n);
        return static_cast<ssize_t>(n);
    }

    // Bytes written since the last call.
    std::size_t take_written() { return std::exchange(written_, 0); }

    ssize_t write(const char* ptr, size_t size) override {
        if (size == 0) return 0;
        written_ += size;
        auto deadline = Clock::now() + write_timeout_;
        for (;;) {
            short want = POLLOUT;
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
            if (ssl_) {
                ERR_clear_error();
                int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, INT_MAX)));
                if (n > 0) return n;
                int e = SSL_get_error(ssl_, n);
                if (e == SSL_ERROR_WANT_READ) want = POLLIN;
                else if (e != SSL_ERROR_WANT_WRITE) return -1;
            } else
#endif
            {
                auto n = socket_calls::send(fd_, ptr, size);
                if (n >= 0) return n;
                if (socket_calls::interrupted()) continue;
                if (!socket_calls::would_block()) return -1;
            }
            if (!wait_socket(fd_, want, deadline)) return -1;
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = peer_ip_;
        port = peer_port_;
    }

    void get_local_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) socket_address(addr, len, ip, port);
    }

    socket_t socket() const override { return fd_; }

private:
    bool tls_pending() const {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        return ssl_ && SSL_pending(ssl_) > 0;
#else
        return false;
#endif
    }

    // Refills the buffer before the deadline: bytes read, 0 at the end of the stream, -1 on error or deadline.
    ssize_t fill() {
        pos_ = end_ = 0;
        for (;;) {
            short want = POLLIN;
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
            if (ssl_) {
                ERR_clear_error();
                int n = SSL_read(ssl_, buffer_, sizeof buffer_);
                if (n > 0) return static_cast<ssize_t>(end_ = static_cast<size_t>(n));
                int e = SSL_get_error(ssl_, n);
                if (e == SSL_ERROR_ZERO_RETURN) return 0;
                if (e == SSL_ERROR_WANT_WRITE) want = POLLOUT;
                else if (e != SSL_ERROR_WANT_READ) return -1;
            } else
#endif
            {
                auto n = socket_calls::recv(fd_, buffer_, sizeof buffer_);
                if (n >= 0) return static_cast<ssize_t>(end_ = static_cast<size_t>(n));
                if (socket_calls::interrupted()) continue;
                if (!socket_calls::would_block()) return -1;
            }
            if (!wait_socket(fd_, want, deadline_)) {
                expired_ = true;
                return -1;
            }
        }
    }

    // The head ends with an empty line.
    void watch_head(const char* p, size_t n) {
        for (size_t i = 0; i < n; ++i) {
            if (p[i] == '\n') {
                if (line_length_ == 0) {
                    head_complete_ = true;
                    guard_.serving(id_);
                    return;
                }
                line_length_ = 0;
            } else if (p[i] != '\r') {
                ++line_length_;
            }
        }
    }

    socket_t fd_;
    SSL* ssl_;
    ConnectionGuard& guard_;
    ConnectionGuard::Id id_;
    std::chrono::seconds write_timeout_;
    std::string peer_ip_;
    int peer_port_;
    Clock::time_point deadline_ = Clock::now();
    bool expired_ = false;
    bool head_complete_ = false;
    size_t line_length_ = 0;
    char buffer_[16 * 1024];
    size_t pos_ = 0, end_ = 0;
    std::size_t written_ = 0;
};

class ListenSocket {
public:
    virtual ~ListenSocket() = default;
    virtual socket_t listen_socket() const = 0;
    virtual void begin_stop(Clock::time_point deadline) = 0;
    virtual std::size_t abandoned() const = 0;
    virtual std::string reload_tls(const std::string& cert_file, const std::string& key_file) = 0;
};

// cpp-httplib's Server or SSLServer with its per-connection loop replaced (process_and_close_socket is its
// virtual hook; process_request, the protected parser and router, still does each request).
template <class Base>
class Guarded final : public Base, public ListenSocket {
public:
    template <class... Args>
    explicit Guarded(ConnectionGuard& guard, Args&&... args) : Base(std::forward<Args>(args)...), guard_(guard) {
        auto threads = guard.limits().max_connections + guard.limits().max_waiting_admission + k_closing_reserve;
        this->new_task_queue = [this, threads] { return pool_ = new ElasticPool(threads, [this] { return stop_plan(); }, abandoned_); };
        // cpp-httplib's accept loop then looks at its listen socket this often, which is how begin_stop() ends
        // it without closing the socket (closing would reset the connections still in its queue).
        this->set_idle_interval(0, 100'000);
    }

    socket_t listen_socket() const override { return this->svr_sock_; }

    // Stops accepting: the listen loop ends within its idle interval, the pool then takes what waits in the
    // listen queue, and serves the rest until `deadline`.
    void begin_stop(Clock::time_point deadline) override {
        {
            std::lock_guard lock(stop_mutex_);
            stop_deadline_ = deadline;
            draining_socket_ = this->svr_sock_.exchange(INVALID_SOCKET);
        }
        guard_.begin_stop();
    }

    // Threads still busy when listen() returned after the deadline (they hold this server: the process must
    // end without destroying it).
    std::size_t abandoned() const override { return abandoned_; }

    // New connections get a context with the files' current certificate and key; those already open keep
    // theirs (each SSL holds a reference to its context). On failure the current one stays.
    std::string reload_tls(const std::string& cert_file, const std::string& key_file) override {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if constexpr (tls) {
            SSL_CTX* fresh = SSL_CTX_new(TLS_server_method());
            if (!fresh) return openssl_error("cannot make a TLS context");
            if (auto problem = configure_tls(*fresh, cert_file, key_file); !problem.empty()) {
                SSL_CTX_free(fresh);
                return problem;
            }
            SSL_CTX* old = nullptr;
            {
                std::lock_guard lock(tls_mutex_);
                old = std::exchange(reloaded_tls_, fresh);
            }
            if (old) SSL_CTX_free(old);
            return {};
        }
#endif
        (void)cert_file;
        (void)key_file;
        return "the server does not serve HTTPS";
    }

    ~Guarded() override {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if (reloaded_tls_) SSL_CTX_free(reloaded_tls_);
#endif
    }

private:
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    static constexpr bool tls = std::is_base_of_v<httplib::SSLServer, Base>;
#else
    static constexpr bool tls = false;
#endif

    bool process_and_close_socket(socket_t sock) override {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        std::string peer_ip;
        int peer_port = 0;
        if (::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) socket_address(addr, len, peer_ip, peer_port);
        auto id = guard_.admit(sock, peer_ip);
        bool ok = false;
        if (id) {
            socket_calls::set_nonblocking(sock);
            // Answers and TLS handshakes go out in several writes: Nagle's algorithm would hold each back
            // until the client's delayed acknowledgement.
            int yes = 1;
            ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&yes), sizeof yes);
            ok = serve_connection(sock, *id, peer_ip, peer_port);
            guard_.release(*id);
        }
        ::shutdown(sock, socket_calls::k_shut_both);
        socket_calls::close(sock);
        return ok;
    }

    StopPlan stop_plan() {
        std::lock_guard lock(stop_mutex_);
        StopPlan plan;
        if (draining_socket_ == INVALID_SOCKET) return plan;  // listen() failed: no stop was asked
        plan.deadline = stop_deadline_;
        plan.drain = [this] { drain_listen_queue(); };
        plan.past_deadline = [this] { guard_.close_all(); };
        return plan;
    }

    // Connections the kernel completed before the socket closes are accepted and answered; later ones are
    // refused by the kernel once it is closed.
    void drain_listen_queue() {
        socket_calls::set_nonblocking(draining_socket_);
        for (;;) {
            socket_t sock = socket_calls::accept(draining_socket_);
            if (sock == INVALID_SOCKET) {
                if (socket_calls::interrupted()) continue;
                break;
            }
            pool_->enqueue([this, sock] { process_and_close_socket(sock); });
        }
        socket_calls::close(draining_socket_);
    }

    bool serve_connection(socket_t sock, ConnectionGuard::Id id, const std::string& peer_ip, int peer_port) {
        SSL* ssl = nullptr;
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if constexpr (tls) {
            {
                std::lock_guard lock(tls_mutex_);
                ssl = SSL_new(reloaded_tls_ ? reloaded_tls_ : this->ssl_context());
            }
            if (!ssl) return false;
            SSL_set_fd(ssl, sock);
            if (!tls_handshake(ssl, sock, id)) {
                SSL_free(ssl);
                return false;
            }
        }
#endif
        GuardedStream stream(sock, ssl, guard_, id, std::chrono::seconds(this->write_timeout_sec_), peer_ip, peer_port);
        std::function<void(httplib::Request&)> setup;
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if constexpr (tls) setup = [ssl](httplib::Request& req) { req.ssl = ssl; };
#endif
        bool ok = false;
        for (auto left = this->keep_alive_max_count_; left > 0; --left) {
            bool first = left == this->keep_alive_max_count_;
            // A kept-alive connection ends with the stop; the first request of a new one is still answered.
            if (!first) {
                if (guard_.stopping()) break;
                guard_.waiting(id);
            }
            auto idle = std::chrono::seconds(this->keep_alive_timeout_sec_);
            if (guard_.stopping()) idle = std::min<std::chrono::seconds>(idle, k_stopping_first_request_wait);
            if (!stream.wait_for_request(idle)) break;
            guard_.receiving(id);
            stream.start_request(Clock::now() + guard_.limits().request_deadline);
            bool closed = false;
            t_answer_closes = left == 1 || guard_.stopping();
            ok = this->process_request(stream, t_answer_closes, closed, setup);
#ifdef __GLIBC__
            if (stream.take_written() >= k_trim_after_bytes) ::malloc_trim(0);
#else
            stream.take_written();
#endif
            if (!ok || closed || stream.expired()) break;
        }
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if (ssl) {
            if (ok) SSL_shutdown(ssl);  // one attempt: the close_notify, never a wait for the client's
            SSL_free(ssl);
        }
#endif
        return ok;
    }

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    // The handshake is part of the first request's deadline; until it ends the connection is reclaimable.
    // Its first bytes make the connection `receiving`: a stop lets it finish.
    bool tls_handshake(SSL* ssl, int sock, ConnectionGuard::Id id) {
        auto deadline = Clock::now() + guard_.limits().request_deadline;
        if (!wait_socket(sock, POLLIN, deadline)) return false;
        guard_.receiving(id);
        for (;;) {
            ERR_clear_error();
            int r = SSL_accept(ssl);
            if (r == 1) return true;
            int e = SSL_get_error(ssl, r);
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return false;
            if (!wait_socket(sock, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) return false;
        }
    }
#endif

    ConnectionGuard& guard_;
    ElasticPool* pool_ = nullptr;  // owned by cpp-httplib's listen(), which deletes it when it returns
    std::atomic<std::size_t> abandoned_{0};
    std::mutex stop_mutex_;
    Clock::time_point stop_deadline_ = Clock::time_point::max();
    socket_t draining_socket_ = INVALID_SOCKET;
    std::mutex tls_mutex_;
    SSL_CTX* reloaded_tls_ = nullptr;  // set by reload_tls(); until then httplib's own context serves
};

}  // namespace

std::unique_ptr<httplib::Server> make_guarded_server(ConnectionGuard& guard, const std::string& tls_cert_file,
                                                     const std::string& tls_key_file) {
    if (tls_cert_file.empty()) return std::make_unique<Guarded<httplib::Server>>(guard);
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
    (void)tls_key_file;
    throw std::runtime_error("--tls-cert/--tls-key: this build serves plain HTTP only; put a reverse proxy with TLS in front of it");
#else
    std::string problem;
    auto server = std::make_unique<Guarded<httplib::SSLServer>>(guard, [&](SSL_CTX& ctx) {
        problem = configure_tls(ctx, tls_cert_file, tls_key_file);
        return problem.empty();
    });
    if (!server->is_valid()) throw std::runtime_error("--tls-cert/--tls-key: " + (problem.empty() ? "cannot set up TLS" : problem));
    return server;
#endif
}

void raise_listen_backlog(httplib::Server& server, int backlog) {
    if (auto* s = dynamic_cast<ListenSocket*>(&server); s && s->listen_socket() != INVALID_SOCKET) ::listen(s->listen_socket(), backlog);
}

void begin_stop(httplib::Server& server, std::chrono::steady_clock::time_point deadline) {
    if (auto* s = dynamic_cast<ListenSocket*>(&server)) s->begin_stop(deadline);
}

void announce_close_when_stopping(const ConnectionGuard& guard, const httplib::Request& req, httplib::Response& res) {
    if (guard.stopping() && !t_answer_closes && req.get_header_value("Connection") != "close") res.set_header("Connection", "close");
}

std::string reload_tls(httplib::Server& server, const std::string& cert_file, const std::string& key_file) {
    auto* s = dynamic_cast<ListenSocket*>(&server);
    return s ? s->reload_tls(cert_file, key_file) : "not a guarded server";
}

std::size_t abandoned_connections(const httplib::Server& server) {
    auto* s = dynamic_cast<const ListenSocket*>(&server);
    return s ? s->abandoned() : 0;
}

}  // namespace salonbox::web
