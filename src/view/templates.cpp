#include "view/templates.h"

#include "embed/embedded_assets.h"
#include "view/folded_text.h"

#include <algorithm>
#include <array>
#include <map>
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
// `source` with each {{>group/name}} replaced by that template's source, so a piece of markup shared by two
// places of a page is written once yet kainjow never sees a partial (it would re-parse one at every render).
// An included template may include others; a cycle, or a name that is no template, stops the start-up.
std::string inline_includes(std::string_view source, const std::map<std::string, std::string_view, std::less<>>& sources, int depth = 0) {
    if (depth > 8) throw std::runtime_error("templates include each other in a cycle");
    std::string out;
    std::size_t pos = 0;
    while (true) {
        auto open = source.find("{{>", pos);
        if (open == std::string_view::npos) break;
        auto close = source.find("}}", open + 3);
        if (close == std::string_view::npos) break;
        auto name = source.substr(open + 3, close - open - 3);
        auto it = sources.find(name);
        if (it == sources.end()) throw std::runtime_error("no template " + std::string(name) + " to include");
        out.append(source.substr(pos, open - pos));
        out += inline_includes(it->second, sources, depth + 1);
        pos = close + 2;
    }
    out.append(source.substr(pos));
    return out;
}

// layout/page is also kept as its two halves around {{{content}}}, named with a '#' no template file can have.
constexpr std::string_view k_layout = "layout/page";
constexpr std::string_view k_content_tag = "{{{content}}}";
const std::string k_layout_head = "layout/page#head";
const std::string k_layout_tail = "layout/page#tail";
// A page's usual size: render_page's string is made this large at once rather than grown step by step.
constexpr std::size_t k_page_capacity = 32 * 1024;
}  // namespace

namespace {
// The entity of each character HTML needs escaped; empty for every other byte.
constexpr std::array<std::string_view, 256> k_entities = [] {
    std::array<std::string_view, 256> e{};
    e['&'] = "&amp;";
    e['<'] = "&lt;";
    e['>'] = "&gt;";
    e['"'] = "&quot;";
    e['\''] = "&apos;";
    return e;
}();
std::string_view entity_of(char c) { return k_entities[static_cast<unsigned char>(c)]; }
}  // namespace

std::string escape_html(const std::string& text) {
    // Most texts hold nothing to escape: they are returned as they are after one look at each character.
    std::size_t extra = 0;
    for (char c : text) extra += entity_of(c).size();
    if (extra == 0) return text;
    std::string out;
    out.reserve(text.size() + extra);
    std::size_t run = 0;  // start of the characters not yet written
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto e = entity_of(text[i]);
        if (e.empty()) continue;
        out.append(text, run, i - run);
        out += e;
        run = i + 1;
    }
    out.append(text, run, std::string::npos);
    return out;
}

Templates::Templates(const Catalogs& catalogs) {
    std::map<std::string, std::string_view, std::less<>> sources;  // name -> raw source
    for (const auto& raw : embed::all_raw()) {
        std::string_view path(raw.path);
        if (!path.starts_with(k_prefix) || !path.ends_with(k_suffix)) continue;
        std::string name(path.substr(k_prefix.size(), path.size() - k_prefix.size() - k_suffix.size()));
        sources.emplace(std::move(name), std::string_view(raw.begin, static_cast<std::size_t>(raw.end - raw.begin)));
    }
    std::set<std::string> keys;
    auto add = [this](const std::string& locale, const std::string& name, const std::string& source) {
        auto& entry = entries_[locale + ":" + name];
        entry.source = fold_text(source, entry.texts);
    };
    for (const auto& [name, raw_source] : sources) {
        auto source = inline_includes(raw_source, sources);
        for (const auto& locale : catalogs.locales()) {
            auto translated = translate(source, catalogs, locale, keys);
            if (name == k_layout) {
                auto at = translated.find(k_content_tag);
                if (at == std::string::npos || translated.find(k_content_tag, at + 1) != std::string::npos)
                    throw std::runtime_error("template layout/page must say {{{content}}} once");
                add(locale, k_layout_head, translated.substr(0, at));
                add(locale, k_layout_tail, translated.substr(at + k_content_tag.size()));
            }
            add(locale, name, translated);
        }
    }
    used_keys_.assign(keys.begin(), keys.end());
}

std::unique_ptr<Templates::Compiled> Templates::compile(const std::string& key, const std::string& source) {
    auto tmpl = std::make_unique<Compiled>(source);
    if (!tmpl->is_valid()) throw std::runtime_error("template " + key + ": " + tmpl->error_message());
    // Plain-text templates (emails) are not HTML: nothing to escape there.
    if (key.ends_with(".txt")) tmpl->set_custom_escape([](const std::string& text) { return text; });
    else tmpl->set_custom_escape(escape_html);
    return tmpl;
}

void Templates::compile_all() const {
    for (const auto& [key, entry] : entries_) compile(key, entry.source);
}

std::vector<std::string> Templates::names() const {
    std::set<std::string> out;
    for (const auto& [key, _] : entries_)
        if (key.find('#') == std::string::npos) out.insert(key.substr(key.find(':') + 1));
    return {out.begin(), out.end()};
}

// One compiled instance of one template, for the time of one render.
struct Templates::Lease {
    Entry& entry;
    std::mutex& mutex;
    std::unique_ptr<Compiled> instance;
    Lease(Entry& e, std::mutex& m, const std::string& key) : entry(e), mutex(m) {
        {
            std::lock_guard lock(mutex);
            if (!entry.idle.empty()) {
                instance = std::move(entry.idle.back());
                entry.idle.pop_back();
            }
        }
        if (!instance) instance = compile(key, entry.source);  // the source never changes after start-up
    }
    ~Lease() {
        std::lock_guard lock(mutex);
        entry.idle.push_back(std::move(instance));
    }
};

void Templates::render_into(std::string& out, const std::string& name, const std::string& locale, const Data& data) const {
    auto key = locale + ":" + name;
    auto it = entries_.find(key);
    if (it == entries_.end()) it = entries_.find(key = "en:" + name);
    if (it == entries_.end()) throw std::logic_error("no template " + name);
    Lease lease(it->second, mutex_, key);
    render_folded(*lease.instance, it->second.texts, data, out);
}

std::string Templates::render(const std::string& name, const std::string& locale, const Data& data) const {
    std::string out;
    render_into(out, name, locale, data);
    return out;
}

std::string Templates::render_page(const std::string& name, const std::string& locale, const Data& data) const {
    std::string out;
    out.reserve(k_page_capacity);
    render_into(out, k_layout_head, locale, data);
    render_into(out, name, locale, data);
    render_into(out, k_layout_tail, locale, data);
    return out;
}

}  // namespace salonbox::view
