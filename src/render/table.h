// A plain-text table for terminals: columns line up by display width, so Chinese names (two
// columns per character) align with Latin ones.
#pragma once

#include <string>
#include <vector>

namespace parley {

class TextTable {
 public:
  enum class Align { left, right };
  TextTable(std::vector<std::string> header, std::vector<Align> align);
  void add_row(std::vector<std::string> cells);
  // Rendered with two spaces between columns and a rule under the header; each line ends in \n.
  std::string render(int indent = 2) const;

 private:
  std::vector<std::string> header_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace parley
