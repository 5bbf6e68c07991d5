// Times domain::free_starts on a busy day: 10 groomers working 09:00-18:00 with a lunch break, 60 scheduled
// appointments among them, a 60-minute service stepped every 15 minutes, in Europe/Paris. Prints the time per
// computation; asserts nothing. Run by `make bench`.
#include "domain/availability.h"

#include <chrono>
#include <cstdio>

using namespace salonbox::domain;

int main() {
    const std::string zone = "Europe/Paris";
    SalonCalendar calendar;
    calendar.time_zone = zone;
    for (auto& day : calendar.hours) day = {{9 * 60, 12 * 60 + 30}, {13 * 60 + 30, 18 * 60}};
    for (std::int64_t id = 1; id <= 10; ++id) calendar.team.push_back({id, std::nullopt, true, {}});
    // Six appointments per groomer, spread over the day at staggered times.
    const LocalDate day{2026, 6, 16};
    for (std::int64_t id = 1; id <= 10; ++id)
        for (int k = 0; k < 6; ++k) {
            int minute = 9 * 60 + static_cast<int>((k * 75 + id * 15) % (8 * 60));
            auto start = *from_local({day.year, day.month, day.day, static_cast<unsigned>(minute / 60), static_cast<unsigned>(minute % 60)}, zone);
            calendar.busy.push_back({id, start, start + std::chrono::minutes(45)});
        }
    AvailabilityQuery q;
    q.day = day;
    q.service_id = 1;
    q.duration_minutes = 60;
    q.now = *from_local({2026, 6, 10, 8, 0}, zone);
    q.policy.min_notice_minutes = 120;
    q.policy.horizon_days = 90;
    q.policy.slot_step_minutes = 15;

    const int runs = 2000;
    std::size_t starts = 0;
    auto begin = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) starts += free_starts(calendar, q).size();
    auto elapsed = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - begin).count();
    std::printf("availability of a busy day (10 groomers, 60 appointments, 60-min service, 15-min step): %.1f us per day, %zu free starts\n",
                elapsed / runs, starts / runs);
    return 0;
}
