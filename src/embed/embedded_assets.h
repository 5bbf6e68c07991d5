// Read-only access to the files compiled into the binary: assets/, migrations/ and schema.sql.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace salonbox::embed {

struct RawAsset {
    const char* path;  // relative to the project root, e.g. "assets/css/app.css"
    const char* begin;
    const char* end;
};

struct Asset {
    std::string_view path;
    std::string_view bytes;
};

// Defined by the generated embedded_assets_data.cpp.
extern const RawAsset k_raw_assets[];
extern const std::size_t k_raw_asset_count;

// Every embedded file, sorted by path.
std::span<const RawAsset> all_raw();

// The bytes of an embedded file, or nothing when no such file was built in.
std::optional<std::string_view> find(std::string_view path);

// Like find(), for files the binary cannot work without: throws std::logic_error naming the path.
std::string_view require(std::string_view path);

}  // namespace salonbox::embed
