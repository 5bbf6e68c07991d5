// The "choose a day" list of the booking and reschedule pages: the next days with a free time for a service.
#pragma once

#include "domain/availability.h"
#include "view/format.h"
#include "web/context.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace salonbox::web {

struct DayChoice {
    view::Data days{view::Data::type::list};  // label, url (to that day's times), current
    bool has_days = false;
    std::vector<domain::FreeStart> chosen_starts;  // the free starts of `chosen`, when a day was chosen
};

// Up to two weeks of days with a free time, from today to `horizon_days` ahead (the booking policy's), for
// `service_id` with `staff` (or anyone). `day_url` gives a day's page for its "YYYY-MM-DD"; the link lands on
// its times.
DayChoice choose_day(const Context& ctx, const view::DateFormatter& f, int horizon_days, std::int64_t service_id, std::optional<std::int64_t> staff,
                     const std::optional<domain::LocalDate>& chosen, const std::function<std::string(const std::string&)>& day_url);

}  // namespace salonbox::web
