// CSV as spreadsheets read it: RFC 4180 quoting, CRLF rows, and no cell a spreadsheet would run as a formula.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace salonbox::domain {

// Appends one row. A cell that starts with a character a spreadsheet evaluates (=, +, -, @, tab or carriage
// return) gets a leading apostrophe, so opening an export never runs what a customer typed into a field. The
// one exception is a plain number ("-12.50", "-3"): it stays a number, since nothing after its sign can be
// read as a formula.
void append_csv_row(std::string& out, const std::vector<std::string>& cells);

}  // namespace salonbox::domain
