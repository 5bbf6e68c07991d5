#include "domain/csv.h"

namespace salonbox::domain {

namespace {
bool looks_like_formula(std::string_view cell) {
    if (cell.empty()) return false;
    char c = cell.front();
    if (c == '=' || c == '+' || c == '@' || c == '\t' || c == '\r') return true;
    return c == '-' && (cell.size() == 1 || cell[1] < '0' || cell[1] > '9');
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
