#include "web/portal/day_choice.h"

#include "storage/booking_store.h"

namespace salonbox::web {

namespace {
constexpr int k_days_listed = 14;
}

DayChoice choose_day(const Context& ctx, const view::DateFormatter& f, int horizon_days, std::int64_t service_id, std::optional<std::int64_t> staff,
                     const std::optional<domain::LocalDate>& chosen, const std::function<std::string(const std::string&)>& day_url) {
    const auto& zone = ctx.salon.time_zone;
    const auto now = ctx.now();
    const auto today = domain::local_date_of(now, zone);
    DayChoice out;
    int listed = 0;
    ctx.db->read([&](storage::ReadTx& db) {
        for (int i = 0; i <= horizon_days && listed < k_days_listed; ++i) {
            auto candidate = domain::add_days(today, i);
            auto starts = storage::booking_store::free_starts(db, zone, service_id, candidate, now, staff);
            if (chosen && candidate == *chosen) out.chosen_starts = starts;
            if (starts.empty()) continue;
            ++listed;
            view::Data item;
            item.set("label", f.long_date(starts.front().starts_at));
            // The fragment brings a phone straight to the times, below a long list of days.
            item.set("url", day_url(domain::format_local_date(candidate)) + "#times-heading");
            item.set("current", chosen && candidate == *chosen);
            out.days.push_back(item);
        }
        // A chosen day beyond the listed ones still shows its times.
        if (chosen && out.chosen_starts.empty()) out.chosen_starts = storage::booking_store::free_starts(db, zone, service_id, *chosen, now, staff);
    });
    out.has_days = listed > 0;
    return out;
}

}  // namespace salonbox::web
