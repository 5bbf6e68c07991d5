// CSV as spreadsheets read it: RFC 4180 quoting, CRLF rows, and no cell a spreadsheet would run as a formula.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace salonbox::domain {

// Appends one row. A text cell that starts like a formula (=, +, @, tab, or - not followed by a digit) gets a
// leading apostrophe, so opening an export never runs what a customer typed into a field.
void append_csv_row(std::string& out, const std::vector<std::string>& cells);

}  // namespace salonbox::domain
