// The embedded files browsers fetch (CSS, JS, fonts, images) under content-hashed URLs.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace salonbox::web {

struct StaticAsset {
    std::string_view bytes;
    std::string content_type;
    std::string etag;  // quoted, from the content hash
};

class StaticAssets {
public:
    // Hashes every embedded file under assets/{css,js,fonts,img}: "assets/css/app.css" is served at
    // "/assets/css/app.<hash>.css" (cached for a year, immutable) and at "/assets/css/app.css" (revalidated).
    StaticAssets();

    const StaticAsset* find(std::string_view url_path, bool& immutable) const;
    // "css/app.css" -> "/assets/css/app.1a2b3c4d5e.css": what templates link to.
    const std::string& url(const std::string& name) const;

private:
    std::map<std::string, StaticAsset, std::less<>> hashed_;
    std::map<std::string, StaticAsset, std::less<>> plain_;
    std::map<std::string, std::string> urls_;
};

}  // namespace salonbox::web
