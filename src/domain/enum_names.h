// Enums stored as text: one table of names per enum, read and written by the same two functions.
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace salonbox::domain {

template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

// The value named `text`; throws std::invalid_argument naming `what` for a name not in the table (stored
// text is checked by the database, so this means a bug or a damaged file).
template <class Enum, std::size_t N>
Enum value_named(const NameTable<Enum, N>& names, std::string_view text, std::string_view what) {
    for (const auto& [value, name] : names)
        if (name == text) return value;
    throw std::invalid_argument("unknown " + std::string(what) + ": " + std::string(text));
}

// The name of `value`; every value of the enum is in its table.
template <class Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& names, Enum value) {
    for (const auto& [v, name] : names)
        if (v == value) return name;
    return names.front().second;
}

}  // namespace salonbox::domain
