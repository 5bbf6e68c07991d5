#include "domain/csv.h"

#include <doctest/doctest.h>

using namespace salonbox::domain;

namespace {
std::string row(const std::vector<std::string>& cells) {
    std::string out;
    append_csv_row(out, cells);
    return out;
}
}  // namespace

TEST_CASE("CSV cells are quoted when they must be") {
    CHECK(row({"1", "Martin", "4 rue \"Foch\", Paris", "line\nbreak", ""}) == "1,Martin,\"4 rue \"\"Foch\"\", Paris\",\"line\nbreak\",\r\n");
}

TEST_CASE("a cell that would run as a spreadsheet formula is defused, numbers are not") {
    CHECK(row({"=HYPERLINK(\"x\")", "+33 6 11", "@SUM(A1)", "-12.50", "-", "-x", "\tTab"}) ==
          "\"'=HYPERLINK(\"\"x\"\")\",'+33 6 11,'@SUM(A1),-12.50,'-,'-x,'\tTab\r\n");
}

TEST_CASE("a minus sign followed by digits and then formula characters is defused") {
    CHECK(row({"-2+3+cmd|' /C calc'!A0"}) == "'-2+3+cmd|' /C calc'!A0\r\n");
    CHECK(row({"-1)*cmd|' /C calc'!A0"}) == "'-1)*cmd|' /C calc'!A0\r\n");
    CHECK(row({"-3-4"}) == "'-3-4\r\n");
    CHECK(row({"-12.50=1"}) == "'-12.50=1\r\n");
    CHECK(row({"-1."}) == "'-1.\r\n");
    CHECK(row({"-.5"}) == "'-.5\r\n");
    CHECK(row({"-1.2.3"}) == "'-1.2.3\r\n");
}

TEST_CASE("plain negative numbers stay numbers") {
    CHECK(row({"-3", "-12.50", "-0.01", "-1000"}) == "-3,-12.50,-0.01,-1000\r\n");
}

TEST_CASE("a carriage return at the start is defused and the cell quoted") {
    CHECK(row({"\r=1+1"}) == "\"'\r=1+1\"\r\n");
}

TEST_CASE("text that only contains formula characters later is left alone") {
    CHECK(row({"Bath + brush", "a=b", "x@y.test", "12"}) == "Bath + brush,a=b,x@y.test,12\r\n");
}
