#include "web/connection_guard.h"

#include "web/socket_calls.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace salonbox::web {

namespace {
// Bytes the client sent that the connection's thread has not read yet.
bool has_unread_bytes(NativeSocket socket) { return socket_calls::unread_bytes(socket) > 0; }
}  // namespace

std::string address_key(const std::string& address) {
    in6_addr v6{};
    if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return address;
    static constexpr std::array<unsigned char, 12> v4_mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    const unsigned char* b = v6.s6_addr;
    char out[INET6_ADDRSTRLEN];
    if (std::equal(v4_mapped.begin(), v4_mapped.end(), b)) {
        inet_ntop(AF_INET, b + 12, out, sizeof out);
        return out;
    }
    std::snprintf(out, sizeof out, "%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
    return out;
}

ConnectionGuard::ConnectionGuard(ConnectionLimits limits, std::vector<Cidr> uncapped)
    : limits_(limits), uncapped_(std::move(uncapped)) {}

std::optional<ConnectionGuard::Id> ConnectionGuard::admit(NativeSocket socket, const std::string& address) {
    bool capped = std::none_of(uncapped_.begin(), uncapped_.end(), [&](const Cidr& n) { return contains(n, address); });
    std::string key = capped ? address_key(address) : std::string();
    auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    auto wait = [&](std::chrono::steady_clock::time_point until) {
        if (waiting_admission_ >= limits_.max_waiting_admission) return false;
        ++waiting_admission_;
        freed_.wait_until(lock, until);
        --waiting_admission_;
        return true;
    };
    auto give_up = start + limits_.admission_wait;
    for (;;) {
        auto now = std::chrono::steady_clock::now();
        if (auto held = per_address_.find(key); capped && held != per_address_.end() && held->second >= limits_.per_address) {
            auto until = start + limits_.per_address_wait;
            if (now >= until || !wait(until)) return std::nullopt;
            continue;
        }
        if (open_.size() < limits_.max_connections) break;
        auto oldest = oldest_reclaimable();
        if (oldest != open_.end() && now - oldest->second.since >= limits_.reclaim_after) {
            // Its thread sees the end of the stream and closes the socket, which it cannot do before this
            // point: release() needs this lock.
            ::shutdown(oldest->second.socket, socket_calls::k_shut_both);
            forget(oldest);
            continue;
        }
        // Until a served request ends, or the oldest waiting connection becomes old enough to reclaim.
        auto wake = oldest == open_.end() ? give_up : std::min(give_up, oldest->second.since + limits_.reclaim_after);
        if (now >= give_up || !wait(wake)) return std::nullopt;
    }
    if (capped) ++per_address_[key];
    Id id = next_id_++;
    open_.emplace(id, Connection{socket, key, Phase::waiting, std::chrono::steady_clock::now()});
    return id;
}

std::unordered_map<ConnectionGuard::Id, ConnectionGuard::Connection>::iterator ConnectionGuard::oldest_reclaimable() {
    // Asking the kernel about unread bytes costs a system call: only for the candidate, usually once.
    std::vector<Id> unread;
    for (;;) {
        auto oldest = open_.end();
        for (auto it = open_.begin(); it != open_.end(); ++it)
            if (it->second.phase != Phase::serving && !it->second.held && (oldest == open_.end() || it->second.since < oldest->second.since) &&
                std::find(unread.begin(), unread.end(), it->first) == unread.end())
                oldest = it;
        if (oldest == open_.end() || !has_unread_bytes(oldest->second.socket)) return oldest;
        unread.push_back(oldest->first);
    }
}

void ConnectionGuard::forget(std::unordered_map<Id, Connection>::iterator it) {
    if (!it->second.address_key.empty()) {
        auto count = per_address_.find(it->second.address_key);
        if (--count->second == 0) per_address_.erase(count);
    }
    open_.erase(it);
}

void ConnectionGuard::hold(Id id) {
    std::lock_guard lock(mutex_);
    if (auto it = open_.find(id); it != open_.end()) it->second.held = true;
}

bool ConnectionGuard::waiting(Id id) {
    std::lock_guard lock(mutex_);
    if (auto it = open_.find(id); it != open_.end()) {
        it->second.phase = Phase::waiting;
        it->second.since = std::chrono::steady_clock::now();
        it->second.held = false;
    }
    return !stopping_;
}

void ConnectionGuard::receiving(Id id) {
    std::lock_guard lock(mutex_);
    if (auto it = open_.find(id); it != open_.end()) {
        if (it->second.phase == Phase::waiting) it->second.phase = Phase::receiving;
        it->second.held = false;
    }
}

void ConnectionGuard::serving(Id id) {
    std::lock_guard lock(mutex_);
    if (auto it = open_.find(id); it != open_.end()) it->second.phase = Phase::serving;
}

void ConnectionGuard::release(Id id) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = open_.find(id); it != open_.end()) forget(it);
    }
    freed_.notify_all();
}

void ConnectionGuard::begin_stop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [id, c] : open_)
        if (c.phase == Phase::waiting && !c.held && !has_unread_bytes(c.socket)) ::shutdown(c.socket, socket_calls::k_shut_both);
}

bool ConnectionGuard::stopping() const { return stopping_; }

void ConnectionGuard::close_all() {
    std::lock_guard lock(mutex_);
    for (auto& [id, c] : open_) ::shutdown(c.socket, socket_calls::k_shut_both);
}

}  // namespace salonbox::web
