#include "mail/retry_policy.h"

#include <array>

namespace salonbox::mail {

std::optional<std::chrono::seconds> next_retry_delay(int attempts_so_far) {
    using namespace std::chrono_literals;
    static constexpr std::array<std::chrono::seconds, max_send_attempts - 1> delays = {
        1min, 5min, 15min, 1h, 3h, 6h, 12h, 24h, 24h};
    if (attempts_so_far < 1) return 0s;
    if (attempts_so_far >= max_send_attempts) return std::nullopt;
    return delays[static_cast<std::size_t>(attempts_so_far - 1)];
}

}  // namespace salonbox::mail
