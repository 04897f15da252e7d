// A plain-text table for terminals: columns line up by display width, so Chinese names (two
// columns per character) align with Latin ones.
#pragma once

#include <string>
#include <vector>

namespace parley {

// The width terminal output fits (tables fold to it, the CLI wraps prose to it); 0, the
// library's default, means no limit. The CLI sets it once at start (COLUMNS, the tty, else 100).
void set_output_width(int columns);
int output_width();

class TextTable {
 public:
  enum class Align { left, right };
  TextTable(std::vector<std::string> header, std::vector<Align> align);
  void add_row(std::vector<std::string> cells);
  // Rendered with two spaces between columns and a rule under the header; each line ends in \n.
  // A table wider than `max_width` columns (default: table_width()) is folded: a long last
  // column wraps inside its own column; otherwise the columns after the first are split into
  // groups, each shown as its own table under the first column. max_width <= 0: no limit.
  std::string render(int indent = 2) const;
  std::string render(int indent, int max_width) const;

 private:
  std::string render_columns(const std::vector<std::size_t>& cols, int indent, int max_width) const;
  std::vector<std::string> header_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace parley
