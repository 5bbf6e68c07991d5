// The few socket calls the web layer makes itself, the same on POSIX and Windows (Winsock): headers, send
// and receive, accept, non-blocking mode, the last error, closing, poll(), the listening socket's option, and
// one thread waiting for many sockets (Linux only).
#pragma once

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>

#include <algorithm>
#include <climits>
#else
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#endif
#ifdef __linux__
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include <cstdint>
#endif

#include <cstddef>

namespace salonbox::web::socket_calls {

#ifdef _WIN32
using Socket = SOCKET;
constexpr int k_shut_both = SD_BOTH;
// Bytes sent or received, or -1 (Winsock counts in int and raises no signal on a closed connection).
inline std::ptrdiff_t send(Socket s, const char* data, std::size_t size) {
    return ::send(s, data, static_cast<int>(std::min<std::size_t>(size, INT_MAX)), 0);
}
inline std::ptrdiff_t recv(Socket s, char* data, std::size_t size) {
    return ::recv(s, data, static_cast<int>(std::min<std::size_t>(size, INT_MAX)), 0);
}
inline int poll(pollfd* fds, unsigned long count, int timeout_ms) { return ::WSAPoll(fds, count, timeout_ms); }
inline void set_nonblocking(Socket s) {
    u_long on = 1;
    ::ioctlsocket(s, FIONBIO, &on);
}
inline void close(Socket s) { ::closesocket(s); }
// A connection from `listening` (not inherited by child processes: Windows sockets never are), or INVALID_SOCKET.
inline Socket accept(Socket listening) { return ::accept(listening, nullptr, nullptr); }
// Before bind: the port is this socket's alone. Windows' SO_REUSEADDR would let another program take it over,
// and a quick restart works there without any option.
inline void own_the_port(Socket s) {
    int yes = 1;
    ::setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&yes), sizeof yes);
}
// Whether the last failed call would have blocked, or was interrupted and may simply be made again.
inline bool would_block() { return ::WSAGetLastError() == WSAEWOULDBLOCK; }
inline bool interrupted() { return ::WSAGetLastError() == WSAEINTR; }
inline int unread_bytes(Socket s) {
    u_long pending = 0;
    return ::ioctlsocket(s, FIONREAD, &pending) == 0 ? static_cast<int>(pending) : 0;
}
#else
using Socket = int;
constexpr int k_shut_both = SHUT_RDWR;
// Bytes sent or received, or -1; a peer that is gone is an error, never SIGPIPE.
inline std::ptrdiff_t send(Socket s, const char* data, std::size_t size) { return ::send(s, data, size, MSG_NOSIGNAL); }
inline std::ptrdiff_t recv(Socket s, char* data, std::size_t size) { return ::recv(s, data, size, 0); }
inline int poll(pollfd* fds, nfds_t count, int timeout_ms) { return ::poll(fds, count, timeout_ms); }
inline void set_nonblocking(Socket s) { ::fcntl(s, F_SETFL, ::fcntl(s, F_GETFL) | O_NONBLOCK); }
inline void close(Socket s) { ::close(s); }
inline Socket accept(Socket listening) { return ::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC); }
// SO_REUSEADDR only (a quick restart after a stop); no SO_REUSEPORT, which would let a second server share it.
inline void own_the_port(Socket s) {
    int yes = 1;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}
inline bool would_block() { return errno == EAGAIN || errno == EWOULDBLOCK; }
inline bool interrupted() { return errno == EINTR; }
inline int unread_bytes(Socket s) {
    int pending = 0;
    return ::ioctl(s, FIONREAD, &pending) == 0 ? pending : 0;
}
#endif

// Many sockets waited for by one thread (epoll). watch() reports its socket once, with its tag, when it can be
// read or was closed; to hear of it again, watch it again. Elsewhere `available` is false and nothing is watched.
#ifdef __linux__
class ReadinessQueue {
public:
    static constexpr bool available = true;

    ReadinessQueue() : epoll_(::epoll_create1(EPOLL_CLOEXEC)), wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.ptr = nullptr;  // the tag of wake()
        usable_ = epoll_ >= 0 && wake_ >= 0 && ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &e) == 0;
    }
    ~ReadinessQueue() {
        if (epoll_ >= 0) ::close(epoll_);
        if (wake_ >= 0) ::close(wake_);
    }
    ReadinessQueue(const ReadinessQueue&) = delete;
    ReadinessQueue& operator=(const ReadinessQueue&) = delete;

    bool usable() const { return usable_; }
    // `known`: watched before and not forgotten since (closing a socket forgets it too).
    bool watch(Socket s, void* tag, bool known) {
        epoll_event e{};
        e.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
        e.data.ptr = tag;
        if (::epoll_ctl(epoll_, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, s, &e) == 0) return true;
        return ::epoll_ctl(epoll_, known ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, s, &e) == 0;
    }
    void forget(Socket s) { ::epoll_ctl(epoll_, EPOLL_CTL_DEL, s, nullptr); }
    // Waits at most `timeout_ms` (-1: without limit) and stores the tags of the sockets reported (at most 64).
    int wait(void** tags, int timeout_ms) {
        epoll_event events[64];
        int n = ::epoll_wait(epoll_, events, 64, timeout_ms);
        int count = 0;
        for (int i = 0; i < n; ++i) {
            if (events[i].data.ptr) {
                tags[count++] = events[i].data.ptr;
            } else {
                std::uint64_t woken;
                (void)!::read(wake_, &woken, sizeof woken);
            }
        }
        return count;
    }
    // Ends the current wait (or the next one) early.
    void wake() {
        std::uint64_t one = 1;
        (void)!::write(wake_, &one, sizeof one);
    }

private:
    int epoll_, wake_;
    bool usable_ = false;
};
#else
class ReadinessQueue {
public:
    static constexpr bool available = false;
    bool usable() const { return false; }
    bool watch(Socket, void*, bool) { return false; }
    void forget(Socket) {}
    int wait(void**, int) { return 0; }
    void wake() {}
};
#endif

}  // namespace salonbox::web::socket_calls
