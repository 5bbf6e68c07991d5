#include "view/folded_text.h"

#include <charconv>
#include <string_view>

namespace salonbox::view {

using Data = kainjow::mustache::data;

std::string fold_text(const std::string& source, std::vector<Data>& texts) {
    if (source.find("{{=") != std::string::npos) return source;
    std::string out;
    out.reserve(source.size());
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    auto fold = [&](std::string_view text) {
        // kainjow's pieces: each space or tab alone, each run of other characters.
        std::size_t pieces = 0;
        for (std::size_t i = 0; i < text.size(); ++i) pieces += blank(text[i]) || i == 0 || blank(text[i - 1]);
        if (pieces < 3) {
            out.append(text);
            return;
        }
        out += "{{&~" + std::to_string(texts.size()) + "}}";
        texts.emplace_back(std::string(text));
    };
    std::size_t pos = 0;
    while (pos < source.size()) {
        // The next line end or tag; a single '{' is text.
        auto next = source.find_first_of("{\r\n", pos);
        while (next != std::string::npos && source[next] == '{' && source.compare(next, 2, "{{") != 0) next = source.find_first_of("{\r\n", next + 1);
        if (next == std::string::npos) next = source.size();
        fold(std::string_view(source).substr(pos, next - pos));
        if (next == source.size()) break;
        if (source[next] != '{') {
            out += source[next];  // a line end, kept as kainjow's own piece
            pos = next + 1;
            continue;
        }
        // A tag, written as it is: {{{name}}} ends at "}}}", every other tag at "}}".
        const bool triple = source.compare(next, 3, "{{{") == 0;
        auto close = source.find(triple ? "}}}" : "}}", next + (triple ? 3 : 2));
        if (close == std::string::npos) {
            out.append(source, next);  // unclosed: kainjow reports it when compiling
            break;
        }
        close += triple ? 3 : 2;
        out.append(source, next, close - next);
        pos = close;
    }
    return out;
}

namespace {
// The names of one render: "~N" is the N-th folded text, every other name kainjow's own lookup in the data.
class FoldedContext : public kainjow::mustache::context<std::string> {
public:
    FoldedContext(const Data* data, const std::vector<Data>& texts) : context(data), texts_(texts) {}
    const Data* get(const std::string& name) const override {
        if (name.empty() || name[0] != '~') return context::get(name);
        std::size_t n = 0;
        auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), n);
        return ec == std::errc{} && end == name.data() + name.size() && n < texts_.size() ? &texts_[n] : nullptr;
    }

private:
    const std::vector<Data>& texts_;
};

// Where kainjow writes a render: the end of one string.
struct AppendTo {
    std::string& out;
    AppendTo& operator<<(const std::string& text) {
        out += text;
        return *this;
    }
};

}  // namespace

void render_folded(kainjow::mustache::mustache& folded, const std::vector<Data>& texts, const Data& data, std::string& out) {
    FoldedContext context(&data, texts);
    AppendTo sink{out};
    folded.render(context, sink);
}

}  // namespace salonbox::view
