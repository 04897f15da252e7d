#include "render/table.h"

#include <gtest/gtest.h>

namespace parley {
namespace {

// Regression (fuzz/fuzz_report_escape.cc): a tab or a newline in a cell came out as is, so a
// row took two lines or its columns no longer lined up.
TEST(TextTable, CellsStayOnOneLine) {
  TextTable t({"name", "value"}, {TextTable::Align::left, TextTable::Align::right});
  t.add_row({"a\tb", "1\n2"});
  t.add_row({"\x1b[31mred", "\xe2\x80\xae"});
  EXPECT_EQ(t.render(0),
            "name                  value\n"
            "---------------  ----------\n"
            "a<U+0009>b       1<U+000A>2\n"
            "<U+001B>[31mred    <U+202E>\n");
}

TEST(TextTable, AlignsByDisplayWidth) {
  TextTable t({"party", "u"}, {TextTable::Align::left, TextTable::Align::right});
  t.add_row({"美國", "0.5"});
  t.add_row({"DPRK", "0.25"});
  EXPECT_EQ(t.render(2),
            "  party     u\n"
            "  -----  ----\n"
            "  美國    0.5\n"
            "  DPRK   0.25\n");
}

// Folded into groups of columns, a group shows only the rows with something in it: the
// continuation rows of another group's cell do not become blank lines.
TEST(TextTable, FoldedGroupsLeaveOutEmptyRows) {
  TextTable t({"stage", "order", "actions"}, {TextTable::Align::left, TextTable::Align::left, TextTable::Align::left});
  t.add_row({"one", "A then B", "A: first move of a long list of moves"});
  t.add_row({"", "", "B: second move of a long list of moves"});
  EXPECT_EQ(t.render(0, 30),
            "stage  order\n"
            "-----  --------\n"
            "one    A then B\n"
            "\n"
            "stage  actions\n"
            "-----  -----------------------\n"
            "one    A: first move of a long\n"
            "       list of moves\n"
            "       B: second move of a\n"
            "       long list of moves\n");
}

}  // namespace
}  // namespace parley
