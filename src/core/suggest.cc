#include "core/suggest.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace parley {

namespace {

// The edit distance of a and b when it is at most `bound`, else a number above `bound`: a
// candidate far from the word costs little (a length difference above `bound` is enough, and
// the rows stop as soon as two in a row are all above it). A row's minimum is at least the
// smaller of the previous row's and one more than the row before that, so once two neighbouring
// rows are above `bound`, every later row is too. `rows` is scratch space, reused across calls so
// that comparing a word with many candidates allocates once.
int osa_distance(std::string_view a, std::string_view b, int bound, std::vector<int>& rows) {
  auto eq = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > static_cast<std::size_t>(bound)) return bound + 1;
  // Three rows: the one before the previous (for swaps), the previous and the current.
  if (rows.size() < 3 * (m + 1)) rows.resize(3 * (m + 1));
  int* before = rows.data();
  int* prev = before + (m + 1);
  int* cur = prev + (m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  int prev_min = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      int cost = eq(a[i - 1], b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && eq(a[i - 1], b[j - 2]) && eq(a[i - 2], b[j - 1]))
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > bound && prev_min > bound) return bound + 1;
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
