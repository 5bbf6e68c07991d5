// Instants (seconds since the Unix epoch in UTC, the unit every table stores) and the one clock they come from.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace salonbox::domain {

using Instant = std::chrono::sys_seconds;

inline std::int64_t to_unix(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_unix(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

// Where "now" comes from. The app owns one and passes it down, so a test can pin or move time; nothing else
// reads the system time. Implementations are safe to call from any thread.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
public:
    Instant now() const override { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }
};

// The process-wide system clock, for code that runs outside the app's wiring (command-line tools).
inline const Clock& system_clock() {
    static const SystemClock clock;
    return clock;
}

// A clock that stands still until told otherwise: for tests and reproducible runs.
class FixedClock final : public Clock {
public:
    explicit FixedClock(Instant at) : unix_(to_unix(at)) {}
    Instant now() const override { return from_unix(unix_.load()); }
    void set(Instant at) { unix_.store(to_unix(at)); }
    void advance(std::chrono::seconds by) { unix_.fetch_add(by.count()); }

private:
    std::atomic<std::int64_t> unix_;
};

}  // namespace salonbox::domain
