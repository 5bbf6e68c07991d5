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
#include <map>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
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
// A queued job that waited this long behind busy threads gets a thread of its own: they are blocked (on a slow
// client, the password hasher, a write lock), not working through the queue, which takes a few ms at most.
constexpr auto k_queue_patience = std::chrono::milliseconds(40);
// An answer is sent in one piece up to this size; a larger one leaves as the gathered part fills up.
constexpr std::size_t k_answer_buffer = 64 * 1024;

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
// Set by close_after_answer() while the request this thread answers is handled.
thread_local bool t_close_after_answer = false;

// What a stopping server does with its pool (set by Guarded before listen() returns).
struct StopPlan {
    std::function<void()> drain;          // hands the connections still in the listen queue to the pool
    Clock::time_point deadline = Clock::time_point::max();
    std::function<void()> past_deadline;  // shuts every connection down
};

// A connection waiting for its client without a thread (see ConnectionPool::park).
class Parked {
public:
    virtual ~Parked() = default;
    // Runs on a pool thread once the socket can be read (bytes, or its end) or, `readable` false, at the deadline.
    virtual void resume(bool readable) = 0;

private:
    friend class ConnectionPool;
    bool watched_ = false;  // the readiness queue knows its socket
    socket_t socket_ = INVALID_SOCKET;
    std::multimap<Clock::time_point, Parked*>::iterator deadline_;
};

// cpp-httplib's ThreadPool has a fixed size and queues connections behind busy threads, where no limit or
// deadline of ours can see them. This pool serves its jobs (new connections, and parked ones that became
// readable) in arrival order with at most `usual_busy` threads at work, so that a saturated server finishes
// requests instead of time-slicing many half-done ones. A job that waits longer than k_queue_patience behind
// busy threads (blocked on a slow client, a password hash, a write lock) gets a thread of its own, up to
// `max_threads` in all.
// An idle thread waits for the parked connections itself and serves the first that becomes readable (no
// hand-over to another thread); while every thread is busy, a watcher looks at them and at the queue's age
// every k_queue_patience. Its state is shared with its threads, so that threads still busy when shutdown()
// gives up outlive the pool.
class ConnectionPool final : public httplib::TaskQueue {
public:
    ConnectionPool(std::size_t max_threads, std::function<StopPlan()> stop_plan, std::atomic<std::size_t>& abandoned)
        : state_(std::make_shared<State>()), stop_plan_(std::move(stop_plan)), abandoned_(abandoned) {
        auto& s = *state_;
        s.self = state_;
        s.max_threads = max_threads;
        // The one choice of strategy: where one thread can wait for many sockets, a connection waiting for its
        // client is parked and the busy threads are few; elsewhere each connection keeps a thread while it waits.
        s.parking = socket_calls::ReadinessQueue::available && s.readiness.usable();
        auto cores = static_cast<std::size_t>(std::max(1u, std::thread::hardware_concurrency()));
        s.usual_busy = s.parking ? std::min(max_threads, std::max<std::size_t>(4, 2 * cores)) : max_threads;
        s.allowed_busy = s.usual_busy;
        if (s.parking) watcher_ = std::thread([state = state_] { watch(*state); });
    }

    ~ConnectionPool() override { end_watcher(false); }

    void enqueue(std::function<void()> fn) override {
        auto& s = *state_;
        std::lock_guard lock(s.mutex);
        s.jobs.push_back({std::move(fn), Clock::now()});
        start_jobs(s);
        wake_watcher(s);
    }

    // Hands `p` over until its socket can be read or `deadline` passes; p.resume() then runs on a pool thread
    // (it may already run before this returns). False when nothing can be parked here: the caller waits itself.
    bool park(Parked& p, socket_t socket, Clock::time_point deadline) {
        auto& s = *state_;
        if (!s.parking) return false;
        std::lock_guard lock(s.mutex);
        p.socket_ = socket;
        p.deadline_ = s.deadlines.emplace(deadline, &p);
        if (!s.readiness.watch(socket, &p, p.watched_)) {
            s.deadlines.erase(p.deadline_);
            return false;
        }
        p.watched_ = true;
        ++s.parked;
        if (s.poller_waiting && deadline < s.poller_until) s.readiness.wake();
        wake_watcher(s);
        return true;
    }

    // Runs every queued job and waits for every parked connection, then ends the threads; past the stop plan's
    // deadline, returns without the threads that are still busy (counted in `abandoned`).
    void shutdown() override {
        auto plan = stop_plan_();
        if (plan.drain) plan.drain();
        auto& s = *state_;
        std::unique_lock lock(s.mutex);
        s.stopping = true;
        s.work_ready.notify_all();
        s.readiness.wake();
        auto done = [&] { return s.threads == 0 && s.parked == 0 && s.jobs.empty(); };
        bool gave_up = false;
        if (!s.all_ended.wait_until(lock, plan.deadline, done)) {
            lock.unlock();
            if (plan.past_deadline) plan.past_deadline();
            lock.lock();
            if (!s.all_ended.wait_for(lock, k_after_deadline, done)) {
                abandoned_ = std::max<std::size_t>(s.busy, 1);
                gave_up = true;
            }
        }
        lock.unlock();
        end_watcher(gave_up);
    }

private:
    struct Job {
        std::function<void()> run;
        Clock::time_point queued;
    };
    struct State {
        std::size_t max_threads = 0, usual_busy = 0;
        bool parking = false;
        std::mutex mutex;
        std::condition_variable work_ready, all_ended, watcher_tick;
        std::deque<Job> jobs;
        std::size_t threads = 0;       // started and not ended
        std::size_t idle = 0;          // waiting for work_ready
        std::size_t wakeups = 0;       // idle threads told to take a job, not yet awake
        std::size_t starting = 0;      // threads on their way to take a job
        std::size_t busy = 0;          // running a job
        std::size_t allowed_busy = 0;  // usual_busy, plus the blocked ones, plus the jobs queued too long
        std::size_t blocked = 0;       // busy for k_queue_patience already (when last looked at)
        std::list<Clock::time_point> running_since;  // one per thread: when its job started (max: none)
        std::size_t parked = 0;
        std::multimap<Clock::time_point, Parked*> deadlines;  // of the parked connections
        socket_calls::ReadinessQueue readiness;
        // One thread at a time takes what the readiness queue reports, and the deadlines that passed: a
        // connection whose deadline one thread handled must not be reported to another one afterwards.
        bool harvesting = false;
        bool poller_waiting = false, poller_woken = false;  // a thread waits in the readiness queue (until poller_until)
        Clock::time_point poller_until;
        bool watcher_asleep = false, watcher_ends = false;
        bool stopping = false;
        std::weak_ptr<State> self;  // each thread holds the state while it runs
    };

    // Under the lock: wakes or starts the threads the queued jobs may have now.
    static void start_jobs(State& s) {
        auto may_start = std::min(s.jobs.size(), s.allowed_busy > s.busy ? s.allowed_busy - s.busy : 0);
        for (auto coming = s.wakeups + s.starting + (s.poller_woken ? 1 : 0); coming < may_start; ++coming) {
            if (s.idle > s.wakeups) {
                ++s.wakeups;
                s.work_ready.notify_one();
            } else if (s.poller_waiting && !s.poller_woken) {
                s.poller_woken = true;
                s.readiness.wake();
            } else if (s.threads < s.max_threads) {
                try {
                    std::thread([state = s.self.lock()] { work(*state); }).detach();
                } catch (const std::system_error&) {
                    return;  // out of threads: the job waits for a running one
                }
                ++s.threads;
                ++s.starting;
            } else {
                return;
            }
        }
    }

    static void wake_watcher(State& s) {
        if (!s.watcher_asleep) return;
        s.watcher_asleep = false;
        s.watcher_tick.notify_one();
    }

    // Under the lock, by the harvesting thread: queues the connections reported ready and those past their
    // deadline, and gives a queue stuck behind busy threads one more.
    static void take_ready(State& s, void* const* ready, int count) {
        auto now = Clock::now();
        for (int i = 0; i < count; ++i) {
            auto* p = static_cast<Parked*>(ready[i]);
            s.deadlines.erase(p->deadline_);
            --s.parked;
            s.jobs.push_back({[p] { p->resume(true); }, now});
        }
        while (!s.deadlines.empty() && s.deadlines.begin()->first <= now) {
            Parked* p = s.deadlines.begin()->second;
            s.deadlines.erase(s.deadlines.begin());
            s.readiness.forget(p->socket_);
            p->watched_ = false;
            --s.parked;
            s.jobs.push_back({[p] { p->resume(false); }, now});
        }
        age_queue(s, now);
    }

    // Under the lock: a job that has run for k_queue_patience is blocked rather than working through the queue,
    // and does not count against usual_busy; every job queued that long behind busy threads may start now.
    static void age_queue(State& s, Clock::time_point now) {
        s.blocked = static_cast<std::size_t>(std::count_if(s.running_since.begin(), s.running_since.end(),
                                                            [&](Clock::time_point t) { return now - t >= k_queue_patience; }));
        s.allowed_busy = std::min(s.max_threads, s.usual_busy + s.blocked);
        if (s.busy < s.allowed_busy) return;
        std::size_t overdue = 0;
        for (const auto& job : s.jobs) {
            if (now - job.queued < k_queue_patience) break;
            ++overdue;
        }
        if (overdue > 0) s.allowed_busy = std::min(s.max_threads, s.busy + overdue);
    }

    // Harvests the readiness queue, waiting at most until `until` (now: not at all).
    static void harvest(State& s, std::unique_lock<std::mutex>& lock, Clock::time_point until) {
        void* ready[64];
        s.harvesting = true;
        auto now = Clock::now();
        int timeout_ms = 0;
        if (until == Clock::time_point::max()) {
            timeout_ms = -1;
        } else if (until > now) {
            timeout_ms = static_cast<int>(std::min<long long>(std::chrono::ceil<std::chrono::milliseconds>(until - now).count(), INT_MAX));
        }
        if (timeout_ms != 0) {
            s.poller_waiting = true;
            s.poller_until = until;
        }
        lock.unlock();
        int count = s.readiness.wait(ready, timeout_ms);
        lock.lock();
        s.poller_waiting = s.poller_woken = false;
        take_ready(s, ready, count);
        s.harvesting = false;
    }

    static void work(State& s) {
        std::unique_lock lock(s.mutex);
        --s.starting;
        auto since = s.running_since.insert(s.running_since.end(), Clock::time_point::max());
        for (;;) {
            if (!s.jobs.empty() && s.busy < s.allowed_busy) {
                auto job = std::move(s.jobs.front());
                s.jobs.pop_front();
                ++s.busy;
                *since = Clock::now();
                lock.unlock();
                job.run();
                job.run = nullptr;
                lock.lock();
                *since = Clock::time_point::max();
                --s.busy;
                if (s.jobs.empty()) {
                    s.allowed_busy = std::min(s.max_threads, s.usual_busy + s.blocked);
                    if (s.stopping) s.work_ready.notify_all();
                }
                continue;
            }
            if (s.stopping && s.jobs.empty() && s.parked == 0) break;
            if (s.parking && !s.harvesting) {
                // This thread waits for the parked connections and takes the first one ready itself.
                auto until = s.deadlines.empty() ? Clock::time_point::max() : s.deadlines.begin()->first;
                if (!s.jobs.empty()) until = std::min(until, s.jobs.front().queued + k_queue_patience);
                harvest(s, lock, until);
                ++s.starting;
                start_jobs(s);
                --s.starting;
                continue;
            }
            ++s.idle;
            bool woken = s.work_ready.wait_for(lock, k_thread_idle, [&] {
                return s.wakeups > 0 || (s.stopping && s.jobs.empty() && s.parked == 0);
            });
            --s.idle;
            if (s.wakeups > 0) --s.wakeups;
            if (!woken && s.threads > k_warm_threads) break;
        }
        s.running_since.erase(since);
        --s.threads;
        s.all_ended.notify_all();
        s.work_ready.notify_all();
    }

    // While every thread is busy, none waits in the readiness queue: this looks at it, at the deadlines and at
    // the queue's age every k_queue_patience, for as long as any connection is parked or queued.
    static void watch(State& s) {
        std::unique_lock lock(s.mutex);
        while (!s.watcher_ends) {
            if (s.parked == 0 && s.jobs.empty()) {
                s.watcher_asleep = true;
                s.watcher_tick.wait(lock, [&] { return !s.watcher_asleep || s.watcher_ends; });
                continue;
            }
            s.watcher_tick.wait_for(lock, k_queue_patience);
            if (s.watcher_ends) break;
            if (!s.harvesting) harvest(s, lock, Clock::now());
            else age_queue(s, Clock::now());
            start_jobs(s);
        }
    }

    // Past a deadline the watcher may still be needed by abandoned connections: it then goes on alone.
    void end_watcher(bool leave_running) {
        if (!watcher_.joinable()) return;
        if (leave_running) {
            watcher_.detach();
            return;
        }
        {
            std::lock_guard lock(state_->mutex);
            state_->watcher_ends = true;
        }
        state_->watcher_tick.notify_all();
        watcher_.join();
    }

    std::shared_ptr<State> state_;
    std::function<StopPlan()> stop_plan_;
    std::atomic<std::size_t>& abandoned_;
    std::thread watcher_;
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

// Where a connection's answer is gathered before it is sent in one piece: one per thread, as an answer is
// written by the thread that serves its request, and emptied before the thread serves another.
std::string& answer_buffer() {
    thread_local std::string buffer = [] {
        std::string b;
        b.reserve(k_answer_buffer);
        return b;
    }();
    return buffer;
}

// One connection's byte stream (plain or TLS over a non-blocking socket). The bytes of a request are watched
// as they arrive: its first byte starts its deadline, which all its reads share (a client trickling a byte a
// second cannot keep a thread), and the end of its head tells the guard it is served (no longer reclaimed).
// Answers are gathered and sent by flush(), so that a small one leaves in one segment.
class GuardedStream final : public httplib::Stream {
public:
    GuardedStream(socket_t fd, SSL* ssl, ConnectionGuard& guard, ConnectionGuard::Id id, std::chrono::seconds write_timeout,
                  std::string peer_ip, int peer_port)
        : fd_(fd), ssl_(ssl), guard_(guard), id_(id), write_timeout_(write_timeout), peer_ip_(std::move(peer_ip)), peer_port_(peer_port) {}

    enum class Pull { bytes, nothing, end };
    // Takes what the client sent without waiting for more: `nothing` when it sent nothing, `end` when the
    // stream ended or failed.
    Pull pull() {
        if (pos_ == end_) {
            pos_ = end_ = 0;
        } else if (end_ == sizeof buffer_) {
            std::memmove(buffer_, buffer_ + pos_, end_ - pos_);
            end_ -= pos_;
            pos_ = 0;
        }
        for (;;) {
            short want = 0;
            auto n = receive(want);
            if (n > 0) return Pull::bytes;
            if (n == 0 || want == 0) return Pull::end;
            if (want == POLLIN) return Pull::nothing;
            if (!wait_socket(fd_, want, Clock::now() + write_timeout_)) return Pull::end;  // TLS must write first
        }
    }

    // The next request starts (its bytes may be here already, sent behind the last one).
    void next_request() {
        head_complete_ = began_ = false;
        line_length_ = 0;
        if (pos_ < end_) arrived(buffer_ + pos_, end_ - pos_);
    }

    bool head_complete() const { return head_complete_; }
    // The request's first bytes arrived; it must be complete by deadline().
    bool began() const { return began_; }
    Clock::time_point deadline() const { return deadline_; }
    // No room for more of the head: cpp-httplib reads what is here (and refuses a head that long).
    bool buffer_full() const { return pos_ == 0 && end_ == sizeof buffer_; }
    // Bytes received and not read yet.
    bool holds_bytes() const { return pos_ < end_ || tls_pending(); }

    // After a request that missed its deadline the connection ends (cpp-httplib may still answer it 400).
    bool expired() const { return expired_; }

    bool is_readable() const override {
        return pos_ < end_ || tls_pending() || wait_socket(fd_, POLLIN, deadline_);
    }

    // Writes are gathered: the socket is looked at when they are sent.
    bool is_writable() const override { return true; }

    ssize_t read(char* ptr, size_t size) override {
        if (pos_ == end_) {
            ssize_t n = fill();
            if (n <= 0) return n;
        }
        // cpp-httplib reads a request's head one byte at a time.
        if (size == 1) {
            *ptr = buffer_[pos_++];
            return 1;
        }
        size_t n = std::min(size, end_ - pos_);
        std::memcpy(ptr, buffer_ + pos_, n);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }

    // Bytes written since the last call.
    std::size_t take_written() { return std::exchange(written_, 0); }

    ssize_t write(const char* ptr, size_t size) override {
        if (size == 0) return 0;
        written_ += size;
        auto& out = answer_buffer();
        if (out.size() + size > k_answer_buffer) {
            if (!flush()) return -1;
            if (size >= k_answer_buffer) return send_all(ptr, size) ? static_cast<ssize_t>(size) : -1;
        }
        out.append(ptr, size);
        return static_cast<ssize_t>(size);
    }

    // Sends what was written; false when the client is gone or stopped reading for the write timeout.
    bool flush() {
        auto& out = answer_buffer();
        if (out.empty()) return true;
        bool sent = send_all(out.data(), out.size());
        out.clear();
        return sent;
    }

    // Forgets an answer that was not sent (this thread then serves another connection).
    static void discard_answer() { answer_buffer().clear(); }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = peer_ip_;
        port = peer_port_;
    }

    // Asked for every request: the system is asked once per connection.
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        if (local_port_ < 0) {
            sockaddr_storage addr{};
            socklen_t len = sizeof addr;
            local_port_ = 0;
            if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) socket_address(addr, len, local_ip_, local_port_);
        }
        ip = local_ip_;
        port = local_port_;
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

    // One read into the free end of the buffer: bytes read, 0 at the end of the stream, -1 otherwise, with
    // `want` POLLIN or POLLOUT when the socket must become readable or writable first (0: an error).
    ssize_t receive(short& want) {
        want = 0;
        char* into = buffer_ + end_;
        size_t room = sizeof buffer_ - end_;
        ssize_t n = -1;
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if (ssl_) {
            ERR_clear_error();
            int r = SSL_read(ssl_, into, static_cast<int>(room));
            if (r <= 0) {
                int e = SSL_get_error(ssl_, r);
                if (e == SSL_ERROR_ZERO_RETURN) return 0;
                if (e == SSL_ERROR_WANT_READ) want = POLLIN;
                else if (e == SSL_ERROR_WANT_WRITE) want = POLLOUT;
                return -1;
            }
            n = r;
        } else
#endif
        {
            do {
                n = socket_calls::recv(fd_, into, room);
            } while (n < 0 && socket_calls::interrupted());
            if (n == 0) return 0;
            if (n < 0) {
                if (socket_calls::would_block()) want = POLLIN;
                return -1;
            }
        }
        end_ += static_cast<size_t>(n);
        arrived(into, static_cast<size_t>(n));
        return n;
    }

    // Refills the buffer before the deadline: bytes read, 0 at the end of the stream, -1 on error or deadline.
    ssize_t fill() {
        pos_ = end_ = 0;
        for (;;) {
            short want = 0;
            auto n = receive(want);
            if (n >= 0) return n;
            if (want == 0) return -1;
            // Before waiting for the client, it gets what it is owed (an interim "100 Continue").
            if (!flush()) return -1;
            // Only a head too long for the buffer is read here before it is complete: while it trickles in,
            // the connection may be reclaimed.
            if (!head_complete_) guard_.receiving(id_);
            if (!wait_socket(fd_, want, deadline_)) {
                expired_ = true;
                return -1;
            }
        }
    }

    // Every byte of a request passes here once, when it arrives.
    void arrived(const char* p, size_t n) {
        if (!began_) {
            began_ = true;
            deadline_ = Clock::now() + guard_.limits().request_deadline;
        }
        if (!head_complete_) watch_head(p, n);
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

    // Sends all of [data, data + size) within the write timeout.
    bool send_all(const char* data, size_t size) {
        auto deadline = Clock::now() + write_timeout_;
        while (size > 0) {
            short want = POLLOUT;
            std::ptrdiff_t n = -1;
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
            if (ssl_) {
                ERR_clear_error();
                int r = SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(size, INT_MAX)));
                if (r <= 0) {
                    int e = SSL_get_error(ssl_, r);
                    if (e == SSL_ERROR_WANT_READ) want = POLLIN;
                    else if (e != SSL_ERROR_WANT_WRITE) return false;
                }
                n = r;
            } else
#endif
            {
                n = socket_calls::send(fd_, data, size);
                if (n < 0 && socket_calls::interrupted()) continue;
                if (n < 0 && !socket_calls::would_block()) return false;
            }
            if (n > 0) {
                data += n;
                size -= static_cast<size_t>(n);
            } else if (!wait_socket(fd_, want, deadline)) {
                return false;
            }
        }
        return true;
    }

    socket_t fd_;
    SSL* ssl_;
    ConnectionGuard& guard_;
    ConnectionGuard::Id id_;
    std::chrono::seconds write_timeout_;
    std::string peer_ip_;
    int peer_port_;
    mutable std::string local_ip_;
    mutable int local_port_ = -1;  // not asked yet
    Clock::time_point deadline_ = Clock::now();
    bool expired_ = false;
    bool began_ = false;
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
        this->new_task_queue = [this, threads] { return pool_ = new ConnectionPool(threads, [this] { return stop_plan(); }, abandoned_); };
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

    // One connection, between the jobs of the pool that serve it.
    struct Connection final : Parked {
        Connection(Guarded& server, socket_t sock, SSL* ssl, ConnectionGuard::Id id, std::string peer_ip, int peer_port)
            : server(server), sock(sock), ssl(ssl), id(id),
              stream(sock, ssl, server.guard_, id, std::chrono::seconds(server.write_timeout_sec_), std::move(peer_ip), peer_port),
              requests_left(server.keep_alive_max_count_), handshaken(!ssl),
              handshake_deadline(Clock::now() + server.guard_.limits().request_deadline) {}

        void resume(bool readable) override {
            waited = true;
            server.advance(*this, readable);
        }

        Guarded& server;
        socket_t sock;
        SSL* ssl;
        ConnectionGuard::Id id;
        GuardedStream stream;
        std::function<void(httplib::Request&)> setup;  // shows the request its TLS connection
        std::size_t requests_left;
        bool first = true;  // no request answered yet
        bool ok = false;    // the last request was answered
        bool waited = false;  // was parked or waited for the client at least once
        bool handshaken, handshake_began = false;
        Clock::time_point handshake_deadline;  // the handshake belongs to the first request's deadline
    };

    bool process_and_close_socket(socket_t sock) override {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        std::string peer_ip;
        int peer_port = 0;
        if (::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) socket_address(addr, len, peer_ip, peer_port);
        auto id = guard_.admit(sock, peer_ip);
        SSL* ssl = nullptr;
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if constexpr (tls) {
            if (id) {
                std::lock_guard lock(tls_mutex_);
                ssl = SSL_new(reloaded_tls_ ? reloaded_tls_ : this->ssl_context());
            }
            if (id && !ssl) {
                guard_.release(*id);
                id.reset();
            }
        }
#endif
        if (!id) {
            ::shutdown(sock, socket_calls::k_shut_both);
            socket_calls::close(sock);
            return false;
        }
        socket_calls::set_nonblocking(sock);
        // Answers and TLS handshakes go out in several writes: Nagle's algorithm would hold each back until the
        // client's delayed acknowledgement.
        int yes = 1;
        ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<const char*>(&yes), sizeof yes);
        auto* c = new Connection(*this, sock, ssl, *id, std::move(peer_ip), peer_port);
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if (ssl) {
            SSL_set_fd(ssl, sock);
            c->setup = [ssl](httplib::Request& req) { req.ssl = ssl; };
        }
#endif
        advance(*c, true);
        return true;
    }

    // Serves what the client sent until it owes more bytes: the connection then waits for them, parked where
    // the pool can park it (this thread is free again), else here; or it ends. `readable` false: the client
    // did not send them in time.
    void advance(Connection& c, bool readable) {
        for (;;) {
            if (!readable) return finish(c);
            guard_.hold(c.id);
            if (!serve_arrived(c)) return finish(c);
            auto deadline = wait_for_client(c);
            if (!deadline) return finish(c);
            if (pool_->park(c, c.sock, *deadline)) return;
            readable = wait_socket(c.sock, POLLIN, *deadline);
            c.waited = true;
        }
    }

    // The TLS handshake, then every request whose head has arrived. True when the client owes bytes, false when
    // the connection ends.
    bool serve_arrived(Connection& c) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if (!c.handshaken) {
            switch (tls_handshake(c)) {
            case Handshake::done: c.handshaken = true; break;
            case Handshake::needs_bytes: return true;
            case Handshake::failed: return false;
            }
        }
#endif
        for (;;) {
            while (!c.stream.head_complete() && !c.stream.buffer_full()) {
                auto got = c.stream.pull();
                if (got == GuardedStream::Pull::end) return false;
                if (got == GuardedStream::Pull::nothing) return true;
            }
            bool closed = false;
            t_answer_closes = c.requests_left == 1 || guard_.stopping();
            GuardedStream::discard_answer();
            t_close_after_answer = false;
            c.ok = this->process_request(c.stream, t_answer_closes, closed, c.setup);
            if (!c.stream.flush()) c.ok = false;
#ifdef __GLIBC__
            if (c.stream.take_written() >= k_trim_after_bytes) ::malloc_trim(0);
#else
            c.stream.take_written();
#endif
            c.first = false;
            // A kept-alive connection ends with the stop.
            if (!c.ok || closed || t_close_after_answer || c.stream.expired() || --c.requests_left == 0 || guard_.stopping()) return false;
            c.stream.next_request();
            // The client reads this answer before it asks again: waiting costs less than looking now.
            if (!c.stream.holds_bytes()) return true;
        }
    }

    // Tells the guard what the connection waits for, and until when; nothing when it ends instead (a kept-alive
    // connection during a stop).
    std::optional<Clock::time_point> wait_for_client(Connection& c) {
        if (c.handshaken ? c.stream.began() : c.handshake_began) {
            guard_.receiving(c.id);
            return c.handshaken ? c.stream.deadline() : c.handshake_deadline;
        }
        bool running = guard_.waiting(c.id);
        if (!running && !c.first) return std::nullopt;
        auto deadline = c.handshaken ? Clock::now() + std::chrono::seconds(this->keep_alive_timeout_sec_) : c.handshake_deadline;
        // While stopping, a new connection that has not sent its first request is a browser's spare connection,
        // not a request: it must not hold the exit until the deadline.
        if (!running) deadline = std::min(deadline, Clock::now() + k_stopping_first_request_wait);
        return deadline;
    }

    // Ends the connection (after a close_notify for a TLS connection that was answered).
    void finish(Connection& c) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        if (c.ssl) {
            if (c.ok) SSL_shutdown(c.ssl);  // one attempt: the close_notify, never a wait for the client's
            SSL_free(c.ssl);
        }
#endif
        guard_.release(c.id);
        ::shutdown(c.sock, socket_calls::k_shut_both);
        socket_calls::close(c.sock);
        delete &c;
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

#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    enum class Handshake { done, needs_bytes, failed };
    // The handshake as far as the client's bytes allow. Until its first bytes the connection waits like an idle
    // one (reclaimable, closed by a stop); from then on it is `receiving`, and a stop lets it finish.
    Handshake tls_handshake(Connection& c) {
        if (!c.handshake_began && !c.waited && socket_calls::unread_bytes(c.sock) == 0) return Handshake::needs_bytes;
        c.handshake_began = true;
        for (;;) {
            ERR_clear_error();
            int r = SSL_accept(c.ssl);
            if (r == 1) return Handshake::done;
            int e = SSL_get_error(c.ssl, r);
            if (e == SSL_ERROR_WANT_READ) return Handshake::needs_bytes;
            if (e != SSL_ERROR_WANT_WRITE || !wait_socket(c.sock, POLLOUT, c.handshake_deadline)) return Handshake::failed;
        }
    }
#endif

    ConnectionGuard& guard_;
    ConnectionPool* pool_ = nullptr;  // owned by cpp-httplib's listen(), which deletes it when it returns
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

void close_after_answer(httplib::Response& res) {
    t_close_after_answer = true;
    if (!t_answer_closes) res.set_header("Connection", "close");
}

void settle_connection_header(const ConnectionGuard& guard, const httplib::Request& req, httplib::Response& res) {
    if (guard.stopping() && !t_answer_closes && req.get_header_value("Connection") != "close") res.set_header("Connection", "close");
    if (res.get_header_value("Connection") == "close") res.headers.erase("Keep-Alive");
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
