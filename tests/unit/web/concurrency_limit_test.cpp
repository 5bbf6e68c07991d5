#include "web/concurrency_limit.h"

#include <doctest/doctest.h>

#include <optional>

using namespace salonbox::web;

TEST_CASE("a concurrency limit gives at most its cap of places, and a place freed is taken again") {
    ConcurrencyLimit limit(2);
    auto first = limit.try_take();
    std::optional<ConcurrencyLimit::Slot> second(limit.try_take());
    CHECK(first);
    CHECK(*second);
    CHECK_FALSE(limit.try_take());
    second.reset();
    auto third = limit.try_take();
    CHECK(third);
    CHECK_FALSE(limit.try_take());
}
