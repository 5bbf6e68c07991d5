// Folding a template's plain text into a few constants before kainjow parses it, and rendering it with them.
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <vector>

namespace salonbox::view {

// kainjow makes every space, tab and line end of a template one piece of its own, and rendering walks piece by
// piece (a function call, a lookup and an append each): a sentence of ten words is twenty pieces.
//
// fold_text() replaces each stretch of plain text between two tags or line ends that kainjow would split into
// three pieces or more by one unescaped variable {{&~N}}, N counting on from texts.size(), and appends the
// stretch to `texts`. render_folded() renders such a template: the names starting with '~' are its texts,
// every other name is looked up in `data` as kainjow looks it up (no data key starts with '~'). Line ends stay
// where they are, and kainjow drops a line holding only section tags and blanks by the text the line gathered,
// not by its pieces, so a folded template renders byte for byte what the unfolded one renders. A template that
// changes its delimiters ({{=...=}}) is returned unchanged: its tags could not be told from its text here.
std::string fold_text(const std::string& source, std::vector<kainjow::mustache::data>& texts);

// Appends to `out` the rendering of `folded` (compiled from fold_text()'s result) with `texts` and `data`.
void render_folded(kainjow::mustache::mustache& folded, const std::vector<kainjow::mustache::data>& texts,
                   const kainjow::mustache::data& data, std::string& out);

}  // namespace salonbox::view
