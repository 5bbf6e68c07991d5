#include "domain/text.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

TEST_CASE("code points count letters, not bytes, of UTF-8 text") {
    CHECK(code_points("") == 0);
    CHECK(code_points("Rex") == 3);
    CHECK(code_points("Chloé") == 5);           // é is two bytes
    CHECK(code_points("\xE2\x82\xAC" "5") == 2);  // € is three bytes
    CHECK(code_points("\xF0\x9F\x90\xB6") == 1);  // a dog face, four bytes
}

TEST_CASE("one-line fields find C0 control characters and DEL, and nothing else") {
    CHECK_FALSE(has_control_characters(""));
    CHECK_FALSE(has_control_characters("Happy Paws Grooming, 12 rue de l'Église"));
    CHECK_FALSE(has_control_characters("\xC2\xA0\xE2\x82\xAC"));  // a no-break space and € are text
    CHECK(has_control_characters("line\nbreak"));
    CHECK(has_control_characters("tab\there"));
    CHECK(has_control_characters(std::string_view("nul\0byte", 8)));
    CHECK(has_control_characters("del\x7f"));
}
