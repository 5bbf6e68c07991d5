// /healthz's memory of whether each salon can write, so a health check never waits for nor delays a writer.
#pragma once

#include "storage/maintenance.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace salonbox::web {

// Thread-safe. A salon is probed (storage::probe_write, which never waits) at most once per `probe_interval`;
// callers in between get the last verdict, and a caller arriving while another probes does not wait for it.
// A probe that finds the write lock taken is a writer at work, not a problem, until busy probes no further
// apart than `locked_too_long` have found it taken for longer than that (by default as long as a write waits
// for the lock, storage::k_write_lock_wait): writes fail then. Writers hold the lock for milliseconds, so two
// probes landing on two different writers are rare; a monitor polling every few seconds sees a stuck lock.
class WriteHealth {
public:
    using Clock = std::chrono::steady_clock;
    using Probe = std::function<storage::WriteProbe()>;

    explicit WriteHealth(Clock::duration probe_interval = std::chrono::seconds(2),
                         Clock::duration locked_too_long = storage::k_write_lock_wait,
                         std::function<Clock::time_point()> now = Clock::now);

    // Why salon `slug` cannot write, or "" when it can, as far as the probes know; `probe` runs only when due.
    std::string problem(const std::string& slug, const Probe& probe);

private:
    struct Salon {
        bool probed = false;
        bool probing = false;
        Clock::time_point probed_at;
        bool busy = false;
        Clock::time_point busy_since;  // the first of a run of busy probes
        std::string problem;
    };

    const Clock::duration probe_interval_;
    const Clock::duration locked_too_long_;
    const std::function<Clock::time_point()> now_;
    std::mutex mutex_;
    std::map<std::string, Salon> salons_;
};

}  // namespace salonbox::web
