// Clean-up and line breaking of UTF-8 text before it is drawn into a PDF; pure functions, no libharu.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace salonbox::pdf {

// Text as libharu 2.3.0's UTF-8 encoder can draw it. That encoder only addresses the Basic Multilingual Plane
// and mis-decodes malformed input (a stray lead byte swallows the next character), so: malformed UTF-8 becomes
// U+FFFD; characters above U+FFFF (emoji, which DejaVu Sans lacks anyway) are dropped, so "Rex 🐶" prints
// "Rex "; CR LF and lone CR become '\n' (browsers send textarea lines with CR LF); a tab becomes a space;
// other control characters are dropped. Idempotent.
std::string printable_text(std::string_view utf8);

// Width of a piece of printable text in the caller's unit (points for a given font and size).
using TextWidthFn = std::function<double(std::string_view)>;

// Greedy line breaking of printable text into lines no wider than max_width. '\n' always breaks; otherwise
// lines break at ASCII spaces only, so a no-break space (U+00A0, U+202F, as in "62,40 €") holds its
// neighbours together. A word wider than max_width on its own is split between characters, never inside
// one. Runs of spaces collapse and spaces at a break vanish. An empty paragraph gives an empty line, so the
// result has at least one line and as many as the text has paragraphs.
std::vector<std::string> wrap_text(std::string_view printable, double max_width, const TextWidthFn& width);

}  // namespace salonbox::pdf
