// Instants: seconds since the Unix epoch in UTC, the unit every table stores.
#pragma once

#include <chrono>
#include <cstdint>

namespace salonbox::domain {

using Instant = std::chrono::sys_seconds;

inline Instant now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }
inline std::int64_t to_unix(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_unix(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

}  // namespace salonbox::domain
