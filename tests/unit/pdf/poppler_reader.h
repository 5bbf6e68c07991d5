// Test helper: reads a PDF back through poppler-utils (pdftotext) to check its text, pages and word positions.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace salonbox::pdf::testing {

// One word as pdftotext -bbox reports it: points, origin at the top-left corner of the page.
struct Word {
    std::string text;
    double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
};

struct Page {
    double width = 0, height = 0;
    std::vector<Word> words;

    // The words in reading order, separated by single spaces: phrases can be searched across columns.
    std::string joined() const {
        std::string text;
        for (const Word& word : words) text += (text.empty() ? "" : " ") + word.text;
        return text;
    }
};

struct ReadBack {
    std::string title, creator;
    std::vector<Page> pages;
    std::string plain_text;  // pdftotext's ordinary output, pages separated by form feeds

    std::string all_words() const {
        std::string text;
        for (const Page& page : pages) text += page.joined() + "\n";
        return text;
    }
};

class TemporaryFile {
public:
    explicit TemporaryFile(std::string_view bytes) {
        char pattern[] = "/tmp/salonbox-pdf-test-XXXXXX";
        const int fd = ::mkstemp(pattern);
        if (fd < 0) throw std::runtime_error("mkstemp failed");
        ::close(fd);
        path_ = pattern;
        std::ofstream(path_, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    ~TemporaryFile() { std::remove(path_.c_str()); }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Runs a command and returns its standard output; throws when it cannot run or fails.
inline std::string command_output(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
    std::string output;
    char buffer[4096];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, got);
    if (::pclose(pipe) != 0) {
        throw std::runtime_error("failed (is poppler-utils installed? apt-get install -y poppler-utils): " + command);
    }
    return output;
}

inline std::string decode_entities(std::string_view text) {
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
        bool replaced = false;
        constexpr std::pair<std::string_view, std::string_view> entities[] = {
            {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&#39;", "'"}};
        for (const auto& [entity, character] : entities) {
            if (text.substr(at).starts_with(entity)) {
                out += character;
                at += entity.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) out += text[at++];
    }
    return out;
}

inline double attribute(std::string_view element, std::string_view name) {
    const std::string key = " " + std::string(name) + "=\"";
    const std::size_t at = element.find(key);
    if (at == std::string_view::npos) throw std::runtime_error("no attribute " + std::string(name));
    return std::stod(std::string(element.substr(at + key.size())));
}

inline std::string between(std::string_view text, std::string_view open, std::string_view close) {
    const std::size_t start = text.find(open);
    if (start == std::string_view::npos) return {};
    const std::size_t end = text.find(close, start + open.size());
    return decode_entities(text.substr(start + open.size(), end - start - open.size()));
}

inline ReadBack read_back(std::string_view pdf) {
    const TemporaryFile file(pdf);
    // libharu's ToUnicode CMap makes poppler print a syntax warning on stderr; the text is still right.
    const std::string html = command_output("pdftotext -bbox '" + file.path() + "' - 2>/dev/null");
    ReadBack result;
    result.plain_text = command_output("pdftotext -enc UTF-8 '" + file.path() + "' - 2>/dev/null");
    result.title = between(html, "<title>", "</title>");
    result.creator = between(html, "<meta name=\"Creator\" content=\"", "\"/>");
    for (std::size_t at = html.find("<page "); at != std::string::npos; at = html.find("<page ", at + 1)) {
        const std::size_t page_end = html.find("</page>", at);
        const std::string_view page_html = std::string_view(html).substr(at, page_end - at);
        Page page;
        page.width = attribute(page_html, "width");
        page.height = attribute(page_html, "height");
        for (std::size_t w = page_html.find("<word "); w != std::string_view::npos;
             w = page_html.find("<word ", w + 1)) {
            const std::size_t text_start = page_html.find('>', w) + 1;
            const std::size_t text_end = page_html.find("</word>", text_start);
            const std::string_view element = page_html.substr(w, text_start - w);
            page.words.push_back({decode_entities(page_html.substr(text_start, text_end - text_start)),
                                  attribute(element, "xMin"), attribute(element, "yMin"), attribute(element, "xMax"),
                                  attribute(element, "yMax")});
        }
        result.pages.push_back(std::move(page));
    }
    return result;
}

// Pages as the PDF's own page objects count them ("/Type /Page", not "/Type /Pages"), without poppler.
inline int page_objects(std::string_view pdf) {
    int count = 0;
    constexpr std::string_view marker = "/Type /Page";
    for (std::size_t at = pdf.find(marker); at != std::string_view::npos; at = pdf.find(marker, at + 1)) {
        if (at + marker.size() < pdf.size() && pdf[at + marker.size()] != 's') ++count;
    }
    return count;
}

inline int occurrences(std::string_view text, std::string_view needle) {
    int count = 0;
    for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) ++count;
    return count;
}

}  // namespace salonbox::pdf::testing
