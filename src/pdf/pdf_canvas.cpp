#include "pdf/pdf_canvas.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <system_error>

#ifdef _WIN32
#include <windows.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <unordered_map>
#else
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "embed/embedded_assets.h"
#include "pdf/text_layout.h"

namespace salonbox::pdf {

namespace {

constexpr std::string_view k_regular_font_asset = "assets/fonts/DejaVuSans.ttf";
constexpr std::string_view k_bold_font_asset = "assets/fonts/DejaVuSans-Bold.ttf";

// libharu calls this from C: it must not throw. Later errors are usually consequences of the first one.
void record_haru_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) noexcept {
    auto* error = static_cast<Canvas::HaruError*>(user_data);
    if (error->error_no != HPDF_OK) return;
    error->error_no = error_no;
    error->detail_no = detail_no;
}

#ifdef _WIN32

// libharu reads fonts from files only, and Windows has no memory file with a path: each embedded font is
// written once into the temporary folder, named by its content (so versions never mix and concurrent
// processes share it), and kept there; it is not salon data.
std::string font_file(std::string_view asset_path, std::string_view bytes) {
    static std::mutex mutex;
    static std::unordered_map<std::string, std::string> written;
    std::lock_guard lock(mutex);
    auto& path = written[std::string(asset_path)];
    if (!path.empty()) return path;
    char name[64];
    std::snprintf(name, sizeof name, "salonbox-font-%016zx-%zu.ttf", std::hash<std::string_view>{}(bytes), bytes.size());
    const auto target = std::filesystem::temp_directory_path() / name;
    std::error_code ec;
    if (std::filesystem::file_size(target, ec) != bytes.size()) {
        auto tmp = target;
        tmp += "." + std::to_string(::GetCurrentProcessId());
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            if (!out.flush()) throw std::runtime_error("pdf: cannot write a font into " + tmp.string());
        }
        std::filesystem::rename(tmp, target, ec);  // fails while another process reads it: then it is complete
        std::filesystem::remove(tmp, ec);
    }
    path = target.string();
    return path;
}

#else

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() { ::close(fd_); }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "pdf: writing a font into a memfd");
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
}

#endif

}  // namespace

Canvas::Canvas() {
    doc_ = HPDF_New(record_haru_error, &error_);
    if (doc_ == nullptr) throw std::runtime_error("pdf: libharu could not create a document");
    try {
        // Compression applies to streams created afterwards, so it comes first.
        HPDF_SetCompressionMode(doc_, HPDF_COMP_ALL);
        HPDF_UseUTFEncodings(doc_);
        HPDF_SetCurrentEncoder(doc_, "UTF-8");
        throw_if_failed("setting up the document");
        regular_ = load_embedded_font(k_regular_font_asset);
        bold_ = load_embedded_font(k_bold_font_asset);
    } catch (...) {
        HPDF_Free(doc_);
        throw;
    }
}

Canvas::~Canvas() { HPDF_Free(doc_); }

void Canvas::throw_if_failed(const char* step) const {
    if (error_.error_no == HPDF_OK) return;
    char message[160];
    std::snprintf(message, sizeof message, "pdf: libharu error 0x%04X (detail %u) while %s",
                  static_cast<unsigned>(error_.error_no), static_cast<unsigned>(error_.detail_no), step);
    throw std::runtime_error(message);
}

HPDF_Font Canvas::load_embedded_font(std::string_view asset_path) {
    const std::string_view bytes = embed::require(asset_path);
#ifdef _WIN32
    const std::string path = font_file(asset_path, bytes);
#else
    const FileDescriptor memfd(::memfd_create("salonbox-font", MFD_CLOEXEC));
    if (memfd.get() < 0) throw std::system_error(errno, std::generic_category(), "pdf: memfd_create for a font");
    write_all(memfd.get(), bytes);
    const std::string path = "/proc/self/fd/" + std::to_string(memfd.get());
#endif
    // libharu fopen()s the path: a descriptor of its own on the same memory file, which it keeps until
    // HPDF_Free to copy glyphs at save time. Ours can close when this function returns.
    const char* font_name = HPDF_LoadTTFontFromFile(doc_, path.c_str(), HPDF_TRUE);
    throw_if_failed("loading an embedded font");
    HPDF_Font font = HPDF_GetFont(doc_, font_name, "UTF-8");
    throw_if_failed("selecting an embedded font");
    if (font_name == nullptr || font == nullptr) throw std::runtime_error("pdf: libharu returned no font");
    return font;
}

void Canvas::set_info(std::string_view title, std::string_view author, std::string_view creator) {
    // Info strings go through the current (UTF-8) encoder, so accents survive there too.
    HPDF_SetInfoAttr(doc_, HPDF_INFO_TITLE, printable_text(title).c_str());
    if (!author.empty()) HPDF_SetInfoAttr(doc_, HPDF_INFO_AUTHOR, printable_text(author).c_str());
    HPDF_SetInfoAttr(doc_, HPDF_INFO_CREATOR, printable_text(creator).c_str());
    throw_if_failed("setting the document information");
}

void Canvas::add_page() {
    HPDF_Page added = HPDF_AddPage(doc_);
    throw_if_failed("adding a page");
    HPDF_Page_SetSize(added, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    throw_if_failed("sizing a page");
    pages_.push_back(added);
    current_page_ = page_count() - 1;
}

void Canvas::select_page(int index) {
    if (index < 0 || index >= page_count()) throw std::out_of_range("pdf: no such page");
    current_page_ = index;
}

HPDF_Page Canvas::page() const {
    if (current_page_ < 0) throw std::logic_error("pdf: drawing before add_page()");
    return pages_[static_cast<std::size_t>(current_page_)];
}

double Canvas::page_width() const { return HPDF_Page_GetWidth(page()); }
double Canvas::page_height() const { return HPDF_Page_GetHeight(page()); }

double Canvas::text_width(std::string_view text, Weight weight, double size) const {
    const std::string printable = printable_text(text);
    if (printable.empty()) return 0;
    const HPDF_TextWidth measured = HPDF_Font_TextWidth(
        font(weight), reinterpret_cast<const HPDF_BYTE*>(printable.data()), static_cast<HPDF_UINT>(printable.size()));
    throw_if_failed("measuring text");
    // libharu measures in thousandths of the font size.
    return measured.width * size / 1000.0;
}

std::vector<std::string> Canvas::wrap(std::string_view text, Weight weight, double size, double max_width) const {
    return wrap_text(printable_text(text), max_width,
                     [&](std::string_view line) { return text_width(line, weight, size); });
}

void Canvas::text(double x, double baseline, std::string_view text, const TextStyle& style, Align align) {
    const std::string printable = printable_text(text);
    if (printable.empty()) return;
    double left = x;
    if (align != Align::left) {
        const double width = text_width(printable, style.weight, style.size);
        left = align == Align::right ? x - width : x - width / 2;
    }
    HPDF_Page target = page();
    HPDF_Page_SetRGBFill(target, style.color.r, style.color.g, style.color.b);
    HPDF_Page_BeginText(target);
    HPDF_Page_SetFontAndSize(target, font(style.weight), static_cast<HPDF_REAL>(style.size));
    HPDF_Page_TextOut(target, static_cast<HPDF_REAL>(left), static_cast<HPDF_REAL>(baseline), printable.c_str());
    HPDF_Page_EndText(target);
    throw_if_failed("drawing text");
}

void Canvas::rotated_text(double cx, double cy, double degrees, std::string_view text, const TextStyle& style) {
    const std::string printable = printable_text(text);
    if (printable.empty()) return;
    const double width = text_width(printable, style.weight, style.size);
    const double radians = degrees * 3.14159265358979323846 / 180;
    const double c = std::cos(radians), s = std::sin(radians);
    HPDF_Page target = page();
    HPDF_Page_SetRGBFill(target, style.color.r, style.color.g, style.color.b);
    HPDF_Page_BeginText(target);
    HPDF_Page_SetFontAndSize(target, font(style.weight), static_cast<HPDF_REAL>(style.size));
    // The baseline's left end sits half the text's width back along the rotated baseline.
    HPDF_Page_SetTextMatrix(target, static_cast<HPDF_REAL>(c), static_cast<HPDF_REAL>(s), static_cast<HPDF_REAL>(-s),
                            static_cast<HPDF_REAL>(c), static_cast<HPDF_REAL>(cx - c * width / 2),
                            static_cast<HPDF_REAL>(cy - s * width / 2));
    HPDF_Page_ShowText(target, printable.c_str());
    HPDF_Page_EndText(target);
    throw_if_failed("drawing rotated text");
}

void Canvas::stroke_rectangle(double x, double y, double width, double height, double thickness, Rgb color) {
    HPDF_Page target = page();
    HPDF_Page_SetRGBStroke(target, color.r, color.g, color.b);
    HPDF_Page_SetLineWidth(target, static_cast<HPDF_REAL>(thickness));
    HPDF_Page_Rectangle(target, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), static_cast<HPDF_REAL>(width),
                        static_cast<HPDF_REAL>(height));
    HPDF_Page_Stroke(target);
    throw_if_failed("framing a rectangle");
}

void Canvas::horizontal_rule(double x_from, double x_to, double y, double thickness, Rgb color) {
    HPDF_Page target = page();
    HPDF_Page_SetRGBStroke(target, color.r, color.g, color.b);
    HPDF_Page_SetLineWidth(target, static_cast<HPDF_REAL>(thickness));
    HPDF_Page_MoveTo(target, static_cast<HPDF_REAL>(x_from), static_cast<HPDF_REAL>(y));
    HPDF_Page_LineTo(target, static_cast<HPDF_REAL>(x_to), static_cast<HPDF_REAL>(y));
    HPDF_Page_Stroke(target);
    throw_if_failed("drawing a rule");
}

void Canvas::fill_rectangle(double x, double y, double width, double height, Rgb color) {
    HPDF_Page target = page();
    HPDF_Page_SetRGBFill(target, color.r, color.g, color.b);
    HPDF_Page_Rectangle(target, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), static_cast<HPDF_REAL>(width),
                        static_cast<HPDF_REAL>(height));
    HPDF_Page_Fill(target);
    throw_if_failed("filling a rectangle");
}

std::string Canvas::save() {
    HPDF_SaveToStream(doc_);
    throw_if_failed("writing the PDF");
    HPDF_UINT32 size = HPDF_GetStreamSize(doc_);
    std::string bytes(size, '\0');
    // Asking for exactly the stream's size reads it whole; asking for more would end in HPDF_STREAM_EOF.
    HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
    throw_if_failed("reading the PDF back");
    bytes.resize(size);
    return bytes;
}

}  // namespace salonbox::pdf
