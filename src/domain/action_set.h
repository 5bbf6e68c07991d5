// A set of the actions a record in some state still takes: what a page offers and a handler checks.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace salonbox::domain {

// `Action` is an enum class of at most 32 values numbered from 0.
template <class Action>
class ActionSet {
public:
    ActionSet() = default;
    ActionSet(std::initializer_list<Action> actions) {
        for (auto a : actions) add(a);
    }
    void add(Action a) { bits_ |= bit(a); }
    bool has(Action a) const { return (bits_ & bit(a)) != 0; }
    bool empty() const { return bits_ == 0; }
    friend bool operator==(const ActionSet&, const ActionSet&) = default;

private:
    static std::uint32_t bit(Action a) { return std::uint32_t{1} << static_cast<unsigned>(a); }
    std::uint32_t bits_ = 0;
};

}  // namespace salonbox::domain
