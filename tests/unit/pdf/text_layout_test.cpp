#include "pdf/text_layout.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using salonbox::pdf::printable_text;
using salonbox::pdf::wrap_text;

namespace {

// One unit per character (not per byte), so expectations read like the text.
double characters(std::string_view text) {
    double count = 0;
    for (unsigned char byte : text) count += (byte & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

std::vector<std::string> wrap(std::string_view text, double width) { return wrap_text(text, width, characters); }

}  // namespace

TEST_CASE("printable_text keeps accented text as it is") {
    const std::string text = "Chloé, Renée, Caniche nain, Straße, España, Nœud, 62,40\u00a0€, 1\u202f000";
    CHECK(printable_text(text) == text);
}

TEST_CASE("printable_text turns line ends from forms into newlines and tabs into spaces") {
    CHECK(printable_text("8 avenue Jean Jaurès\r\n69007 Lyon\rFrance\n") ==
          "8 avenue Jean Jaurès\n69007 Lyon\nFrance\n");
    CHECK(printable_text("a\tb") == "a b");
    CHECK(printable_text(std::string("a\0b\x1b[0m\177c", 9)) == "ab[0mc");
    CHECK(printable_text("x\xC2\x85y") == "xy");  // C1 control NEL
}

TEST_CASE("printable_text replaces malformed UTF-8 and drops characters libharu cannot address") {
    const std::string replacement = "\xEF\xBF\xBD";
    CHECK(printable_text("bad \xC3 x") == "bad " + replacement + " x");                // truncated sequence
    CHECK(printable_text("\x80x") == replacement + "x");                               // stray continuation byte
    CHECK(printable_text("\xC0\xAF") == replacement + replacement);                    // overlong '/'
    CHECK(printable_text("\xED\xA0\x80") == replacement + replacement + replacement);  // surrogate
    CHECK(printable_text("\xF4\x90\x80\x80") == replacement + replacement + replacement + replacement);  // > U+10FFFF
    CHECK(printable_text("\xE2\x82") == replacement + replacement);  // cut at the end
    CHECK(printable_text("Rex \xF0\x9F\x90\xB6!") == "Rex !");       // emoji
}

TEST_CASE("printable_text is idempotent") {
    for (std::string text : {"bad \xC3 x\r\n\tRex \xF0\x9F\x90\xB6", "\xFF\xFE", "Chloé\r"}) {
        const std::string once = printable_text(text);
        CHECK(printable_text(once) == once);
    }
}

TEST_CASE("wrap_text breaks at spaces and keeps every line within the width") {
    CHECK(wrap("Full groom with bath and nails", 12) ==
          std::vector<std::string>{"Full groom", "with bath", "and nails"});
    CHECK(wrap("fits exactly", 12) == std::vector<std::string>{"fits exactly"});
    CHECK(wrap("a  b   c", 10) == std::vector<std::string>{"a b c"});
    for (const std::string& line : wrap("Toilettage complet du Caniche nain avec coupe aux ciseaux", 15)) {
        CHECK(characters(line) <= 15);
        CHECK_FALSE(line.starts_with(" "));
        CHECK_FALSE(line.ends_with(" "));
    }
}

TEST_CASE("wrap_text honours newlines and keeps empty paragraphs") {
    CHECK(wrap("line one\nline two", 40) == std::vector<std::string>{"line one", "line two"});
    CHECK(wrap("a\n\nb", 40) == std::vector<std::string>{"a", "", "b"});
    CHECK(wrap("", 40) == std::vector<std::string>{""});
}

TEST_CASE("wrap_text cuts a word wider than the line between characters, never inside one") {
    CHECK(wrap("abcdefgh", 3) == std::vector<std::string>{"abc", "def", "gh"});
    CHECK(wrap("éééééé", 4) == std::vector<std::string>{"éééé", "éé"});
    CHECK(wrap("to maria.jose@example.org now", 8) ==
          std::vector<std::string>{"to", "maria.jo", "se@examp", "le.org", "now"});
    // Even a width smaller than one character makes progress: one character per line.
    CHECK(wrap("ab", 0.5) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("wrap_text does not break at a no-break space") {
    CHECK(wrap("Total 62,40\u00a0€", 8) == std::vector<std::string>{"Total", "62,40\u00a0€"});
}

TEST_CASE("wrap_text tolerates rounding in the width it is given") {
    CHECK(wrap("abcd", 4 - 1e-9) == std::vector<std::string>{"abcd"});
}
