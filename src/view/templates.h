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
    // Throws std::runtime_error naming the template and language when one does not compile.
    explicit Templates(const Catalogs& catalogs);

    // Renders `name` in `locale`. Safe from many threads: each render borrows a compiled instance of that one
    // template (kainjow's render() must not run twice at once on one instance); a busy template gets one more
    // instance, so a burst after start-up compiles what it uses, not every template.
    std::string render(const std::string& name, const std::string& locale, const Data& data) const;
    // The content template wrapped in layout/page (which receives the content as {{{content}}}).
    std::string render_page(const std::string& name, const std::string& locale, Data data) const;

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

    struct Lease;

    std::vector<std::string> used_keys_;
    mutable std::mutex mutex_;
    mutable std::map<std::string, Entry, std::less<>> entries_;  // "<locale>:<name>" -> source and idle instances
};

}  // namespace salonbox::view
