#include "domain/csv.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

TEST_CASE("CSV cells are quoted when they must be") {
    std::string out;
    append_csv_row(out, {"1", "Martin", "4 rue \"Foch\", Paris", "line\nbreak", ""});
    CHECK(out == "1,Martin,\"4 rue \"\"Foch\"\", Paris\",\"line\nbreak\",\r\n");
}

TEST_CASE("a cell that would run as a spreadsheet formula is defused, numbers are not") {
    std::string out;
    append_csv_row(out, {"=HYPERLINK(\"x\")", "+33 6 11", "@SUM(A1)", "-12.50", "-", "-x", "\tTab"});
    CHECK(out == "\"'=HYPERLINK(\"\"x\"\")\",'+33 6 11,'@SUM(A1),-12.50,'-,'-x,'\tTab\r\n");
}
