// Page and email templates: compiled once per language at start-up, rendered with escaping by default.
#pragma once

#include "view/i18n.h"

#include <kainjow/mustache.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace salonbox::view {

using Data = kainjow::mustache::data;

// Sets `key` only when `value` is not empty: kainjow treats "" as true, so {{#key}}...{{/key}} would show
// the section of a missing value.
inline void set_text(Data& data, const std::string& key, const std::string& value) {
    if (!value.empty()) data.set(key, value);
}

// Templates are assets/templates/<group>/<name>.mustache, named "<group>/<name>"; names ending in ".txt"
// are plain text and escape nothing, every other template escapes HTML. Before compiling, every
// [[key]] in a template is replaced by that key's text in the language being compiled, so a translated page
// costs no more to render than an untranslated one. A catalog text may itself hold {{variables}}.
// {{>group/name}} inserts that template's source at start-up (a textual include, not a mustache partial).
class Templates {
public:
    // Translates every template into every language; compiles none. Each is compiled on its first use: all of
    // them compiled take about 13 MB and 40 ms of CPU, and a server uses few of them.
    explicit Templates(const Catalogs& catalogs);

    // Compiles every template in every language and drops the result; throws std::runtime_error naming the
    // template and language when one does not compile. The templates are built into the binary, so a test
    // calling this proves them for every start of that binary.
    void compile_all() const;

    // Renders `name` in `locale`. Safe from many threads: each render borrows a compiled instance of that one
    // template (kainjow's render() must not run twice at once on one instance); a busy template gets one more
    // instance, so the templates in memory are those in use, as many times as they are used at once.
    std::string render(const std::string& name, const std::string& locale, const Data& data) const;
    // The content template inside layout/page, where the layout says {{{content}}} (at its top level, outside
    // any section): the layout's part before it, the content and the part after it are written one after the
    // other into the one string returned, so the page's text is never copied into the data.
    std::string render_page(const std::string& name, const std::string& locale, const Data& data) const;

    std::vector<std::string> names() const;
    // The [[keys]] every template uses, to test that each catalog has them all.
    const std::vector<std::string>& used_keys() const { return used_keys_; }

private:
    using Compiled = kainjow::mustache::mustache;
    struct Entry {
        std::string source;  // translated
        std::vector<std::unique_ptr<Compiled>> idle;
    };
    static std::unique_ptr<Compiled> compile(const std::string& key, const std::string& source);
    // Appends the rendering of `name` in `locale` to `out`.
    void render_into(std::string& out, const std::string& name, const std::string& locale, const Data& data) const;

    struct Lease;

    std::vector<std::string> used_keys_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, Entry, std::less<>> entries_;  // "<locale>:<name>" -> source and idle instances
};

}  // namespace salonbox::view
