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

// Building a page's data by move. kainjow's Data::set() and push_back() copy their argument deeply (every
// string, map and list beneath it), so an item built and then added to a list, and the list then added to the
// page, was copied twice, node by node. These move instead, and keep to kainjow's public interface:
//   put(object, key, value)  is `object[key] = std::move(value)`: operator[] is kainjow's mutable access to an
//                            object's field, and Data's move assignment takes over the value's storage.
//   text(string)             a string Data that takes the string's buffer instead of copying it.
//   list(n) / append(l, x)   a list with room for n items, and an item moved to its end.
// text() and append() write through the reference string_value() and list_value() return: that reference is
// const, but the string or vector behind it is not a const object (a string or list Data allocates it with
// `new`, owns it through a unique_ptr and keeps no other state about it, no size nor iterator), so changing it
// is well defined and kainjow reads it afterwards exactly as if set() or push_back() had built it.
// put() needs an object Data (the default) and append() a list Data: on any other kind they dereference null.
// list(n) reserves because Data's move constructor is not noexcept: a vector of Data that grows copies every
// item it holds (std::move_if_noexcept), so a list that may grow past its reservation still copies.
inline void put(Data& object, const std::string& key, Data value) { object[key] = std::move(value); }
inline Data text(std::string value) {
    Data d{Data::type::string};
    const_cast<std::string&>(d.string_value()) = std::move(value);
    return d;
}
inline void put_text(Data& object, const std::string& key, std::string value) { put(object, key, text(std::move(value))); }
inline Data list(std::size_t expected_items) {
    Data d{Data::type::list};
    const_cast<kainjow::mustache::list&>(d.list_value()).reserve(expected_items);
    return d;
}
inline void append(Data& list, Data item) { const_cast<kainjow::mustache::list&>(list.list_value()).push_back(std::move(item)); }

// Sets `key` only when `value` is not empty: kainjow treats "" as true, so {{#key}}...{{/key}} would show
// the section of a missing value.
inline void set_text(Data& data, const std::string& key, std::string value) {
    if (!value.empty()) put_text(data, key, std::move(value));
}

// The HTML escape of every page: kainjow's own escape (& < > " ' as &amp; &lt; &gt; &quot; &apos;), written
// run by run into one string sized once instead of character by character.
std::string escape_html(const std::string& text);

// Templates are assets/templates/<group>/<name>.mustache, named "<group>/<name>"; names ending in ".txt"
// are plain text and escape nothing, every other template escapes HTML. Before compiling, every
// [[key]] in a template is replaced by that key's text in the language being compiled, so a translated page
// costs no more to render than an untranslated one. A catalog text may itself hold {{variables}}.
// {{>group/name}} inserts that template's source at start-up (a textual include, not a mustache partial).
// Each template's plain text is folded into a few constants after translating (view/folded_text.h): kainjow
// renders far fewer pieces, byte for byte the same.
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
        std::string source;       // translated, then folded
        std::vector<Data> texts;  // fold_text()'s texts: read by many renders at once, never written
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
