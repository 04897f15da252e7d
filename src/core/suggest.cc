#include "core/suggest.h"

#include <algorithm>

#include <fmt/format.h>

namespace parley {

namespace {

// The edit distance of a and b when it is at most `bound`, else a number above `bound`: a
// candidate far from the word costs little. Only the cells within `bound` of the diagonal are
// computed (a cell further off needs more than `bound` insertions or deletions, so the cells
// outside the band are set to bound + 1, which changes no value up to `bound`); a length
// difference above `bound` is enough to stop, and so are two neighbouring rows above `bound`
// (a row's minimum is at least the smaller of the previous row's and one more than the row
// before that). `rows` is scratch space, reused across calls so that comparing a word with many
// candidates allocates once.
int osa_distance(std::string_view a, std::string_view b, int bound, std::vector<int>& rows) {
  auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > static_cast<std::size_t>(bound)) return bound + 1;
  const std::size_t band = static_cast<std::size_t>(bound);
  const int far = bound + 1;
  // Three rows: the one before the previous (for swaps), the previous and the current.
  if (rows.size() < 3 * (m + 1)) rows.resize(3 * (m + 1));
  int* before = rows.data();
  int* prev = before + (m + 1);
  int* cur = prev + (m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j <= band ? static_cast<int>(j) : far;
  int prev_min = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t lo = i > band ? i - band : 1, hi = std::min(m, i + band);
    cur[lo - 1] = lo == 1 ? std::min(static_cast<int>(i), far) : far;
    if (hi < m) cur[hi + 1] = far;
    int row_min = cur[lo - 1];
    const char x = fold(a[i - 1]);
    for (std::size_t j = lo; j <= hi; ++j) {
      const char y = fold(b[j - 1]);
      int d = std::min(prev[j], cur[j - 1]) + 1;
      d = std::min(d, prev[j - 1] + (x == y ? 0 : 1));
      if (i > 1 && j > 1 && x == fold(b[j - 2]) && fold(a[i - 2]) == y) d = std::min(d, before[j - 2] + 1);
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > bound && prev_min > bound) return far;
    prev_min = row_min;
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> rows;
  return osa_distance(a, b, static_cast<int>(std::max(a.size(), b.size())), rows);  // never above the longer length
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  const int max = std::min<int>(3, 1 + static_cast<int>(word.size()) / 4);
  int best = max + 1;
  std::optional<std::string> out;
  bool tie = false;
  std::vector<int> rows;
  for (const auto& c : candidates) {
    if (c == word) continue;
    // Only a distance up to `best` can change the answer (a closer candidate or a tie).
    int d = osa_distance(word, c, best, rows);
    if (d >= static_cast<int>(word.size())) continue;  // 'd' is not a typo of 'id': nothing of it is kept
    if (d < best) {
      best = d;
      out = c;
      tie = false;
    } else if (d == best && out && *out != c) {
      tie = true;
    }
  }
  if (tie) return std::nullopt;
  return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  auto c = closest(word, candidates);
  return c ? fmt::format("; did you mean '{}'?", *c) : std::string();
}

}  // namespace parley
