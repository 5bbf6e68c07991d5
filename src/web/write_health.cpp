#include "web/write_health.h"

#include <utility>

namespace salonbox::web {

WriteHealth::WriteHealth(Clock::duration probe_interval, Clock::duration locked_too_long, std::function<Clock::time_point()> now)
    : probe_interval_(probe_interval), locked_too_long_(locked_too_long), now_(std::move(now)) {}

std::string WriteHealth::problem(const std::string& slug, const Probe& probe) {
    {
        std::lock_guard lock(mutex_);
        auto& salon = salons_[slug];
        if (salon.probing || (salon.probed && now_() - salon.probed_at < probe_interval_)) return salon.problem;
        salon.probing = true;
    }
    storage::WriteProbe found;
    try {
        found = probe();
    } catch (const std::exception& e) {
        found = {storage::WriteProbe::Outcome::failed, e.what()};
    }
    const auto at = now_();
    std::lock_guard lock(mutex_);
    auto& salon = salons_[slug];
    // Busy probes further apart than the bound say nothing about the time between them: a new run starts.
    const bool run_goes_on = salon.busy && at - salon.probed_at <= locked_too_long_;
    salon.probing = false;
    salon.probed = true;
    salon.probed_at = at;
    using Outcome = storage::WriteProbe::Outcome;
    if (found.outcome != Outcome::busy) {
        salon.busy = false;
        salon.problem = found.outcome == Outcome::failed ? found.error : std::string();
        return salon.problem;
    }
    if (!run_goes_on) salon.busy_since = at;
    salon.busy = true;
    const auto held = at - salon.busy_since;
    salon.problem = held < locked_too_long_
                        ? std::string()
                        : "cannot write: another connection has held its write lock for " +
                              std::to_string(std::chrono::duration_cast<std::chrono::seconds>(held).count()) +
                              " s, longer than a write waits for it";
    return salon.problem;
}

}  // namespace salonbox::web
