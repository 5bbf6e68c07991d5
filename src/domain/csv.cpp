#include "domain/csv.h"

namespace salonbox::domain {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "-3", "-12.50": a sign, digits, at most one decimal point with digits after it, and nothing else.
bool is_plain_negative_number(std::string_view cell) {
    if (cell.size() < 2 || cell.front() != '-') return false;
    cell.remove_prefix(1);
    auto dot = cell.find('.');
    auto whole = cell.substr(0, dot);
    auto fraction = dot == std::string_view::npos ? std::string_view{} : cell.substr(dot + 1);
    auto all_digits = [](std::string_view s) {
        for (char c : s)
            if (!is_digit(c)) return false;
        return true;
    };
    if (whole.empty() || !all_digits(whole)) return false;
    return dot == std::string_view::npos || (!fraction.empty() && all_digits(fraction));
}

bool looks_like_formula(std::string_view cell) {
    if (cell.empty()) return false;
    switch (cell.front()) {
        case '=':
        case '+':
        case '@':
        case '\t':
        case '\r':
            return true;
        case '-':
            return !is_plain_negative_number(cell);
        default:
            return false;
    }
}
}  // namespace

void append_csv_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        std::string cell = looks_like_formula(cells[i]) ? "'" + cells[i] : cells[i];
        if (cell.find_first_of(",\"\r\n") == std::string::npos) {
            out += cell;
            continue;
        }
        out += '"';
        for (char c : cell) {
            if (c == '"') out += '"';
            out += c;
        }
        out += '"';
    }
    out += "\r\n";
}

}  // namespace salonbox::domain
