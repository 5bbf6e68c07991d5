#include "embed/embedded_assets.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace salonbox::embed {

std::span<const RawAsset> all_raw() { return {k_raw_assets, k_raw_asset_count}; }

std::optional<std::string_view> find(std::string_view path) {
    auto assets = all_raw();
    auto it = std::lower_bound(assets.begin(), assets.end(), path,
                               [](const RawAsset& a, std::string_view p) { return std::string_view(a.path) < p; });
    if (it == assets.end() || std::string_view(it->path) != path) return std::nullopt;
    return std::string_view(it->begin, static_cast<std::size_t>(it->end - it->begin));
}

std::string_view require(std::string_view path) {
    auto found = find(path);
    if (!found) throw std::logic_error("salonbox was built without " + std::string(path));
    return *found;
}

}  // namespace salonbox::embed
