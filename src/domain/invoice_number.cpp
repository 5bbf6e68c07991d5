#include "domain/invoice_number.h"

#include <cstdio>

namespace salonbox::domain {

namespace {
// Expands the date placeholders; `counter` < 0 leaves "{n}" in place of the counter.
std::string expand(std::string_view pattern, int year, unsigned month, std::int64_t counter) {
    std::string out;
    char buf[32];
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] != '{') {
            out += pattern[i++];
            continue;
        }
        auto close = pattern.find('}', i);
        if (close == std::string_view::npos) {
            out.append(pattern.substr(i));
            break;
        }
        auto token = pattern.substr(i + 1, close - i - 1);
        if (token == "yyyy") {
            std::snprintf(buf, sizeof buf, "%04d", year);
            out += buf;
        } else if (token == "yy") {
            std::snprintf(buf, sizeof buf, "%02d", year % 100);
            out += buf;
        } else if (token == "mm") {
            std::snprintf(buf, sizeof buf, "%02u", month);
            out += buf;
        } else if (!token.empty() && token.find_first_not_of('n') == std::string_view::npos) {
            if (counter < 0) {
                out += "{n}";
            } else {
                std::snprintf(buf, sizeof buf, "%0*lld", static_cast<int>(token.size()), static_cast<long long>(counter));
                out += buf;
            }
        } else {
            out.append(pattern.substr(i, close - i + 1));
        }
        i = close + 1;
    }
    return out;
}
}  // namespace

std::string invoice_period(std::string_view pattern, int year, unsigned month) { return expand(pattern, year, month, -1); }

std::string format_invoice_number(std::string_view pattern, int year, unsigned month, std::int64_t counter) {
    return expand(pattern, year, month, counter);
}

}  // namespace salonbox::domain
