#include "web/static_assets.h"

#include "auth/tokens.h"
#include "embed/embedded_assets.h"

#include <stdexcept>

namespace salonbox::web {

namespace {
std::string content_type_of(std::string_view path) {
    auto dot = path.rfind('.');
    auto ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "js") return "text/javascript; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "ttf") return "font/ttf";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}
}  // namespace

StaticAssets::StaticAssets() {
    for (const auto& raw : embed::all_raw()) {
        std::string_view path(raw.path);
        if (!(path.starts_with("assets/css/") || path.starts_with("assets/js/") || path.starts_with("assets/img/") ||
              path.starts_with("assets/fonts/")))
            continue;
        std::string_view bytes(raw.begin, static_cast<std::size_t>(raw.end - raw.begin));
        auto hash = auth::fingerprint(bytes, 5);
        std::string name(path.substr(7));  // "css/app.css"
        auto dot = name.rfind('.');
        std::string hashed_url = "/assets/" + name.substr(0, dot) + "." + hash + name.substr(dot);
        StaticAsset asset{bytes, content_type_of(path), "\"" + hash + "\""};
        hashed_.emplace(hashed_url, asset);
        plain_.emplace("/assets/" + name, asset);
        urls_.emplace(name, hashed_url);
    }
}

const StaticAsset* StaticAssets::find(std::string_view url_path, bool& immutable) const {
    if (auto it = hashed_.find(url_path); it != hashed_.end()) {
        immutable = true;
        return &it->second;
    }
    if (auto it = plain_.find(url_path); it != plain_.end()) {
        immutable = false;
        return &it->second;
    }
    return nullptr;
}

const std::string& StaticAssets::url(const std::string& name) const {
    auto it = urls_.find(name);
    if (it == urls_.end()) throw std::logic_error("no embedded asset " + name);
    return it->second;
}

}  // namespace salonbox::web
