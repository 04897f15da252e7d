#include "core/suggest.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace parley {

int edit_distance(std::string_view a, std::string_view b) {
  auto eq = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  const std::size_t n = a.size(), m = b.size();
  // Three rows: the one before the previous (for swaps), the previous and the current.
  std::vector<int> before(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= m; ++j) {
      int cost = eq(a[i - 1], b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && eq(a[i - 1], b[j - 2]) && eq(a[i - 2], b[j - 1]))
        cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
  const int max = std::min<int>(3, 1 + static_cast<int>(word.size()) / 4);
  int best = max + 1;
  std::optional<std::string> out;
  bool tie = false;
  for (const auto& c : candidates) {
    if (c == word) continue;
    int d = edit_distance(word, c);
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
