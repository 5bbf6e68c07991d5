#include "embed/embedded_assets.h"
#include "view/folded_text.h"

#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

using namespace salonbox::view;
using Data = kainjow::mustache::data;

namespace {
std::string unfolded(const std::string& source, const Data& data) {
    kainjow::mustache::mustache tmpl(source);
    REQUIRE(tmpl.is_valid());
    return tmpl.render(data);
}

std::string folded(const std::string& source, const Data& data, std::size_t* texts_count = nullptr) {
    std::vector<Data> texts;
    auto source_folded = fold_text(source, texts);
    if (texts_count) *texts_count = texts.size();
    kainjow::mustache::mustache tmpl(source_folded);
    REQUIRE(tmpl.is_valid());
    std::string out;
    render_folded(tmpl, texts, data, out);
    return out;
}

// Every section true and a list of two items, every variable a value with characters to escape: each part of a
// template shows (and, through {{^name}}, the other parts with the data left out).
Data everything_shown(const std::set<std::string>& names) {
    Data item;
    for (const auto& name : names) item.set(name, "<v&" + name + ">");
    Data items{Data::type::list};
    items.push_back(item);
    items.push_back(item);
    Data d;
    for (const auto& name : names) d.set(name, items);
    return d;
}
}  // namespace

TEST_CASE("folded text renders byte for byte as kainjow renders the template unfolded") {
    const std::vector<std::string> sources = {
        "",
        "plain words, nothing else",
        "  indented words\n\t\ttabbed words\r\nand a Windows line end\r\n",
        "<ul>\n  {{#items}}\n  <li class=\"item one\">{{name}} and {{&raw}} and {{{raw}}}</li>\n  {{/items}}\n</ul>\n",
        "  {{#flag}}  \n  standalone section lines vanish  \n  {{/flag}}  \n  {{^flag}} inverted {{/flag}}\n",
        "a single { brace, a {{! comment with spaces }} and text after it\n",
        "text right before a triple{{{raw}}}and right after it",
        "ends without a line end {{name}} two more",
        "{{=<% %>=}} changed <% name %> delimiters stay as they are",
    };
    Data d;
    d.set("name", "Chloé <b>&</b>");
    d.set("raw", "<i>raw</i>");
    d.set("flag", true);
    Data items{Data::type::list};
    Data one;
    one.set("name", "first 'one'");
    items.push_back(one);
    items.push_back(Data{});
    d.set("items", items);
    for (const auto& source : sources) {
        CAPTURE(source);
        CHECK(folded(source, d) == unfolded(source, d));
        CHECK(folded(source, Data{}) == unfolded(source, Data{}));
    }
    std::size_t texts = 0;
    CHECK(folded("  a sentence of several words\n", d, &texts) == "  a sentence of several words\n");
    CHECK(texts == 1);
}

TEST_CASE("every shipped template renders the same folded, with its sections shown and hidden") {
    const std::regex tag(R"(\{\{\{?[#^/&]?\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}?\}\})");
    int checked = 0;
    for (const auto& raw : salonbox::embed::all_raw()) {
        std::string_view path(raw.path);
        if (!path.starts_with("assets/templates/") || !path.ends_with(".mustache")) continue;
        const std::string source(raw.begin, static_cast<std::size_t>(raw.end - raw.begin));
        std::set<std::string> names;
        for (auto it = std::sregex_iterator(source.begin(), source.end(), tag); it != std::sregex_iterator(); ++it) names.insert((*it)[1]);
        CAPTURE(path);
        const auto shown = everything_shown(names);
        CHECK(folded(source, shown) == unfolded(source, shown));
        CHECK(folded(source, Data{}) == unfolded(source, Data{}));
        ++checked;
    }
    CHECK(checked > 40);
}
