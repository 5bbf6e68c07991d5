#include "view/templates.h"

#include "embed/embedded_assets.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace salonbox::view {

namespace {
constexpr std::string_view k_prefix = "assets/templates/";
constexpr std::string_view k_suffix = ".mustache";

std::string translate(std::string_view source, const Catalogs& catalogs, const std::string& locale, std::set<std::string>& keys) {
    std::string out;
    out.reserve(source.size());
    std::size_t pos = 0;
    while (true) {
        auto open = source.find("[[", pos);
        if (open == std::string_view::npos) break;
        auto close = source.find("]]", open + 2);
        if (close == std::string_view::npos) break;
        out.append(source.substr(pos, open - pos));
        std::string key(source.substr(open + 2, close - open - 2));
        keys.insert(key);
        out += catalogs.text(locale, key);
        pos = close + 2;
    }
    out.append(source.substr(pos));
    return out;
}
}  // namespace

Templates::Templates(const Catalogs& catalogs) {
    std::set<std::string> keys;
    for (const auto& raw : embed::all_raw()) {
        std::string_view path(raw.path);
        if (!path.starts_with(k_prefix) || !path.ends_with(k_suffix)) continue;
        std::string name(path.substr(k_prefix.size(), path.size() - k_prefix.size() - k_suffix.size()));
        std::string_view source(raw.begin, static_cast<std::size_t>(raw.end - raw.begin));
        for (const auto& locale : catalogs.locales()) sources_[locale + ":" + name] = translate(source, catalogs, locale, keys);
    }
    used_keys_.assign(keys.begin(), keys.end());
    idle_.push_back(compile_all());  // proves every template compiles before the server starts
}

std::unique_ptr<Templates::Compiled> Templates::compile_all() const {
    auto set = std::make_unique<Compiled>();
    for (const auto& [key, source] : sources_) {
        kainjow::mustache::mustache tmpl(source);
        if (!tmpl.is_valid()) throw std::runtime_error("template " + key + ": " + tmpl.error_message());
        // Plain-text templates (emails) are not HTML: nothing to escape there.
        if (key.ends_with(".txt")) tmpl.set_custom_escape([](const std::string& text) { return text; });
        set->emplace(key, std::move(tmpl));
    }
    return set;
}

std::vector<std::string> Templates::names() const {
    std::set<std::string> out;
    for (const auto& [key, _] : sources_) out.insert(key.substr(key.find(':') + 1));
    return {out.begin(), out.end()};
}

struct Templates::Lease {
    const Templates& owner;
    std::unique_ptr<Compiled> set;
    explicit Lease(const Templates& t) : owner(t) {
        {
            std::lock_guard lock(owner.mutex_);
            if (!owner.idle_.empty()) {
                set = std::move(owner.idle_.back());
                owner.idle_.pop_back();
            }
        }
        if (!set) set = owner.compile_all();
    }
    ~Lease() {
        std::lock_guard lock(owner.mutex_);
        owner.idle_.push_back(std::move(set));
    }
};

std::string Templates::render(const std::string& name, const std::string& locale, const Data& data) const {
    Lease lease(*this);
    auto it = lease.set->find(locale + ":" + name);
    if (it == lease.set->end()) it = lease.set->find("en:" + name);
    if (it == lease.set->end()) throw std::logic_error("no template " + name);
    return it->second.render(data);
}

std::string Templates::render_page(const std::string& name, const std::string& locale, Data data) const {
    data.set("content", render(name, locale, data));
    return render("layout/page", locale, data);
}

}  // namespace salonbox::view
