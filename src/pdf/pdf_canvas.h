// A4 drawing surface over libharu for the renderers: fonts from the binary, error capture, PDF bytes out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <hpdf.h>

namespace salonbox::pdf {

enum class Weight { regular, bold };
enum class Align { left, right, center };

struct Rgb {
    float r, g, b;
};

struct TextStyle {
    Weight weight;
    double size;  // points
    Rgb color;
};

// Contract:
// - Thread safety: a Canvas is used by one thread at a time, const methods included (libharu's UTF-8
//   decoder keeps its state in the document). Any number of Canvases may work at once on different
//   threads: each owns its HPDF_Doc, encoders and font descriptors, and libharu has no global state.
// - Fonts come from the binary (assets/fonts/DejaVuSans*.ttf through embed::require). libharu only loads
//   fonts from a path, so each is copied into a memfd and opened as /proc/self/fd/N: Linux with /proc
//   mounted. Our descriptor is closed at once; libharu keeps its own open until the Canvas dies, because it
//   reads the glyphs again when the PDF is written. Nothing touches the file system.
// - Errors: libharu reports through a C callback that only records the first error; the Canvas method that
//   made the failing call then throws std::runtime_error naming the step and libharu's code. A missing font
//   asset throws std::logic_error from embed::require.
// - Text is UTF-8; every method passes it through printable_text(), so measuring matches drawing.
// - Coordinates are PDF points from the bottom-left corner; y of text is its baseline.
class Canvas {
public:
    Canvas();
    ~Canvas();
    Canvas(const Canvas&) = delete;
    Canvas& operator=(const Canvas&) = delete;

    void set_info(std::string_view title, std::string_view author, std::string_view creator);

    // Appends an A4 portrait page and makes it the one drawn on.
    void add_page();
    // Draws on an existing page again (0-based), e.g. to number the pages once their count is known.
    void select_page(int index);
    int page_count() const { return static_cast<int>(pages_.size()); }
    double page_width() const;
    double page_height() const;

    double text_width(std::string_view text, Weight weight, double size) const;
    // Lines of at most max_width points, see wrap_text().
    std::vector<std::string> wrap(std::string_view text, Weight weight, double size, double max_width) const;

    // One line of text; x is its left edge, right edge or centre depending on align.
    void text(double x, double baseline, std::string_view text, const TextStyle& style, Align align = Align::left);
    // One line of text turned `degrees` anticlockwise about its centre (cx, cy), the centre of its baseline.
    void rotated_text(double cx, double cy, double degrees, std::string_view text, const TextStyle& style);
    void stroke_rectangle(double x, double y, double width, double height, double thickness, Rgb color);
    void horizontal_rule(double x_from, double x_to, double y, double thickness, Rgb color);
    void fill_rectangle(double x, double y, double width, double height, Rgb color);

    // The complete PDF file. The Canvas is spent afterwards.
    std::string save();

    // What libharu reported through its error callback; public only for that C callback.
    struct HaruError {
        HPDF_STATUS error_no = HPDF_OK;
        HPDF_STATUS detail_no = HPDF_OK;
    };

private:
    void throw_if_failed(const char* step) const;
    HPDF_Font font(Weight weight) const { return weight == Weight::bold ? bold_ : regular_; }
    HPDF_Font load_embedded_font(std::string_view asset_path);
    HPDF_Page page() const;

    HaruError error_;  // declared before doc_: libharu holds its address as user data
    HPDF_Doc doc_ = nullptr;
    HPDF_Font regular_ = nullptr;
    HPDF_Font bold_ = nullptr;
    std::vector<HPDF_Page> pages_;
    int current_page_ = -1;
};

}  // namespace salonbox::pdf
