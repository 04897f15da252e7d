#include "render/table.h"

#include <algorithm>
#include <atomic>

#include "core/error.h"
#include "core/text.h"
#include "core/wrap.h"

namespace parley {

namespace {
std::atomic<int> g_output_width{0};
constexpr int kMinWrapped = 16;  // a wrapped last column keeps at least this many columns
}  // namespace

void set_output_width(int columns) { g_output_width = std::max(0, columns); }
int output_width() { return g_output_width; }

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

std::string TextTable::render(int indent) const { return render(indent, output_width()); }

std::string TextTable::render(int indent, int max_width) const {
  std::vector<std::size_t> all(header_.size());
  for (std::size_t c = 0; c < all.size(); ++c) all[c] = c;
  return render_columns(all, indent, max_width);
}

std::string TextTable::render_columns(const std::vector<std::size_t>& cols, int indent, int max_width) const {
  const std::size_t n = cols.size();
  std::vector<int> width(n, 0);
  for (std::size_t k = 0; k < n; ++k) width[k] = display_width(header_[cols[k]]);
  for (const auto& row : rows_)
    for (std::size_t k = 0; k < n; ++k) width[k] = std::max(width[k], display_width(row[cols[k]]));
  int total = indent;
  for (std::size_t k = 0; k < n; ++k) total += width[k] + (k + 1 < n ? 2 : 0);
  const int last_start = total - (n ? width[n - 1] : 0);
  const bool wrap_last = max_width > 0 && total > max_width && n > 0 && align_[cols[n - 1]] == Align::left &&
                         last_start + kMinWrapped <= max_width;
  if (max_width > 0 && total > max_width && !wrap_last && n > 2) {
    // Too wide even with the last column wrapped: groups of columns, each under the first.
    std::string out;
    std::size_t k = 1;
    while (k < n) {
      std::vector<std::size_t> group{cols[0]};
      int w = indent + width[0];
      while (k < n) {
        const bool last = k + 1 == n;
        const int need = w + 2 + width[k];
        const bool fits = need <= max_width || (last && align_[cols[k]] == Align::left && w + 2 + kMinWrapped <= max_width);
        if (group.size() > 1 && !fits) break;
        group.push_back(cols[k]);
        w = need;
        ++k;
      }
      if (!out.empty()) out += '\n';
      out += render_columns(group, indent, max_width);
    }
    return out;
  }
  if (wrap_last) width[n - 1] = max_width - last_start;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string first(static_cast<std::size_t>(indent), ' ');
    for (std::size_t k = 0; k + 1 < n; ++k) {
      if (align_[cols[k]] == Align::right) first += pad_left(cells[cols[k]], width[k]);
      else first += pad_right(cells[cols[k]], width[k]);
      first += "  ";
    }
    std::string out = first;
    if (n > 0) {
      const std::string& cell = cells[cols[n - 1]];
      if (align_[cols[n - 1]] == Align::right) out += pad_left(cell, width[n - 1]);
      else if (wrap_last)
        out += wrap_line(cell, width[n - 1]);
      else
        out += cell;
    }
    // Continuation lines of a wrapped last cell start at its column.
    std::string folded;
    std::size_t pos = 0, nl;
    const std::string pad(static_cast<std::size_t>(last_start), ' ');
    while ((nl = out.find('\n', pos)) != std::string::npos) {
      std::string part = out.substr(pos, nl - pos);
      while (!part.empty() && part.back() == ' ') part.pop_back();
      folded += part;
      folded += '\n';
      folded += pad;
      pos = nl + 1;
    }
    std::string part = out.substr(pos);
    while (!part.empty() && part.back() == ' ') part.pop_back();
    folded += part;
    folded += '\n';
    return folded;
  };
  std::vector<std::string> rule(header_.size());
  for (std::size_t k = 0; k < n; ++k) rule[cols[k]] = std::string(static_cast<std::size_t>(width[k]), '-');
  std::string out = line(header_);
  out += line(rule);
  // In a group of folded columns, a row with nothing in them (the continuation rows of a cell in
  // another group) would be a blank line: left out.
  const bool group = n < header_.size();
  for (const auto& row : rows_) {
    if (group && std::all_of(cols.begin(), cols.end(), [&](std::size_t c) { return row[c].empty(); })) continue;
    out += line(row);
  }
  return out;
}

}  // namespace parley
