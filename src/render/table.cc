#include "render/table.h"

#include <algorithm>

#include "core/error.h"
#include "core/text.h"

namespace parley {

namespace {

// Cells are shown as a terminal should show them (control and bidirectional characters as
// visible marks), before their widths are measured, so columns stay aligned. A cell is one line:
// its newlines and tabs (which terminal_safe keeps for running text) become marks too, or they
// would break the row (found by fuzz/fuzz_report_escape.cc).
std::string cell_safe(const std::string& text) {
  std::string out;
  for (char ch : terminal_safe(text)) {
    if (ch == '\n') out += "<U+000A>";
    else if (ch == '\t') out += "<U+0009>";
    else out += ch;
  }
  return out;
}

}  // namespace

TextTable::TextTable(std::vector<std::string> header, std::vector<Align> align)
    : header_(std::move(header)), align_(std::move(align)) {
  PARLEY_CHECK(header_.size() == align_.size());
  for (auto& h : header_) h = cell_safe(h);
}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(header_.size());
  for (auto& c : cells) c = cell_safe(c);
  rows_.push_back(std::move(cells));
}

std::string TextTable::render(int indent) const {
  std::vector<int> width(header_.size(), 0);
  for (std::size_t c = 0; c < header_.size(); ++c) width[c] = display_width(header_[c]);
  for (const auto& row : rows_)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out(static_cast<std::size_t>(indent), ' ');
    for (std::size_t c = 0; c < cells.size(); ++c) {
      bool last = c + 1 == cells.size();
      if (align_[c] == Align::right) out += pad_left(cells[c], width[c]);
      else out += last ? cells[c] : pad_right(cells[c], width[c]);
      if (!last) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header_);
  std::vector<std::string> rule;
  for (int w : width) rule.push_back(std::string(static_cast<std::size_t>(w), '-'));
  out += line(rule);
  for (const auto& row : rows_) out += line(row);
  return out;
}

}  // namespace parley
