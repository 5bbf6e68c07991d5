#include "pdf/pdf_canvas.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "pdf/poppler_reader.h"

using salonbox::pdf::Align;
using salonbox::pdf::Canvas;
using salonbox::pdf::Rgb;
using salonbox::pdf::TextStyle;
using salonbox::pdf::Weight;

namespace {
constexpr Rgb k_black{0, 0, 0};
}

TEST_CASE("a libharu error becomes a std::runtime_error naming the step") {
    Canvas canvas;
    canvas.add_page();
    // libharu refuses a negative line width (HPDF_PAGE_OUT_OF_RANGE, 0x1056) through its error callback.
    try {
        canvas.horizontal_rule(10, 100, 100, -1, k_black);
        FAIL("no exception");
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        CHECK(message.find("libharu error 0x1056") != std::string::npos);
        CHECK(message.find("drawing a rule") != std::string::npos);
    }
}

TEST_CASE("drawing before the first page is a programming error, not a crash") {
    Canvas canvas;
    CHECK_THROWS_AS(canvas.text(10, 10, "x", {Weight::regular, 10, k_black}), std::logic_error);
    CHECK_THROWS_AS(canvas.select_page(0), std::out_of_range);
}

TEST_CASE("text is measured with the embedded DejaVu Sans metrics") {
    Canvas canvas;
    // DejaVu Sans advance widths in thousandths of an em: e 615, é 615, € 636, space 318, bold e 678.
    CHECK(canvas.text_width("e", Weight::regular, 10) == doctest::Approx(6.15));
    CHECK(canvas.text_width("é", Weight::regular, 10) == doctest::Approx(6.15));
    CHECK(canvas.text_width("€", Weight::regular, 1000) == doctest::Approx(636));
    CHECK(canvas.text_width("e", Weight::bold, 10) > canvas.text_width("e", Weight::regular, 10));
    CHECK(canvas.text_width("Chloé", Weight::regular, 12) ==
          doctest::Approx(canvas.text_width("Chloe", Weight::regular, 12)));
    CHECK(canvas.text_width("", Weight::regular, 12) == 0);
}

TEST_CASE("right and centred text end where they are anchored") {
    Canvas canvas;
    canvas.add_page();
    const TextStyle style{Weight::regular, 20, k_black};
    canvas.text(500, 700, "Droite", style, Align::right);
    canvas.text(300, 600, "Centre", style, Align::center);
    canvas.text(100, 500, "Gauche", style, Align::left);
    const salonbox::pdf::testing::ReadBack read = salonbox::pdf::testing::read_back(canvas.save());
    REQUIRE(read.pages.size() == 1);
    for (const auto& word : read.pages[0].words) {
        if (word.text == "Droite") CHECK(word.x_max == doctest::Approx(500).epsilon(0.001));
        if (word.text == "Centre") CHECK((word.x_min + word.x_max) / 2 == doctest::Approx(300).epsilon(0.001));
        if (word.text == "Gauche") CHECK(word.x_min == doctest::Approx(100).epsilon(0.001));
    }
    CHECK(read.pages[0].joined() == "Droite Centre Gauche");
}
