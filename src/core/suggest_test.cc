#include "core/suggest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace parley {

TEST(suggest_test, edit_distance_counts_each_kind_of_edit_once) {
  EXPECT_EQ(edit_distance("analyze", "analyze"), 0);
  EXPECT_EQ(edit_distance("analyse", "analyze"), 1);          // substitution
  EXPECT_EQ(edit_distance("reservaton", "reservation"), 1);   // insertion
  EXPECT_EQ(edit_distance("reservations", "reservation"), 1); // deletion
  EXPECT_EQ(edit_distance("sequnece", "sequence"), 1);        // swap of neighbours
  EXPECT_EQ(edit_distance("Timeline", "timeline"), 0);        // case ignored
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
}

TEST(suggest_test, closest_picks_the_one_nearest_candidate) {
  std::vector<std::string> commands{"analyze", "check", "compare", "params", "sequence", "sweep", "report"};
  EXPECT_EQ(closest("analyse", commands), "analyze");
  EXPECT_EQ(closest("sweeep", commands), "sweep");
  EXPECT_EQ(closest("paramz", commands), "params");
  EXPECT_FALSE(closest("forecast", commands));  // nothing close
  EXPECT_FALSE(closest("xyz", commands));
  EXPECT_FALSE(closest("d", {"id", "date"}));  // a one-letter word changed entirely is no typo
  std::vector<std::string> paths{"DPRK.reservation", "US.reservation", "DPRK.capability"};
  EXPECT_EQ(closest("DPRK.reservaton", paths), "DPRK.reservation");
  EXPECT_EQ(closest("US.reservaton", paths), "US.reservation");
}

TEST(suggest_test, a_tie_suggests_nothing) {
  EXPECT_FALSE(closest("cat", {"bat", "hat"}));
  EXPECT_EQ(did_you_mean("cat", {"bat", "hat"}), "");
  EXPECT_EQ(did_you_mean("analyse", {"analyze", "check"}), "; did you mean 'analyze'?");
}

// The full matrix of the optimal-string-alignment distance, without shortcuts: the reference
// for edit_distance and closest, which stop early on candidates that cannot be the answer.
int reference_distance(const std::string& a, const std::string& b) {
  auto eq = [](char x, char y) { return std::tolower(x) == std::tolower(y); };
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (eq(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && eq(a[i - 1], b[j - 2]) && eq(a[i - 2], b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::optional<std::string> reference_closest(const std::string& word, const std::vector<std::string>& candidates) {
  const int max = std::min<int>(3, 1 + static_cast<int>(word.size()) / 4);
  std::optional<std::string> out;
  int best = max + 1;
  bool tie = false;
  for (const auto& c : candidates) {
    const int d = c == word ? -1 : reference_distance(word, c);
    if (d < 0 || d >= static_cast<int>(word.size()) || d > best) continue;
    if (d < best) {
      best = d;
      out = c;
      tie = false;
    } else if (out && *out != c) {
      tie = true;
    }
  }
  return tie ? std::nullopt : out;
}

TEST(suggest_test, shortcuts_agree_with_the_full_matrix) {
  std::mt19937 rng(23);
  auto word = [&](int longest) {
    static constexpr char kLetters[] = "abAB.c";
    std::string w(std::uniform_int_distribution<int>(0, longest)(rng), 'a');
    for (auto& ch : w) ch = kLetters[std::uniform_int_distribution<int>(0, 5)(rng)];
    return w;
  };
  int suggested = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const std::string w = word(14);
    std::vector<std::string> candidates;
    for (int k = 0; k < 6; ++k) candidates.push_back(k % 2 ? word(14) : w.substr(0, w.size() / 2) + word(6));
    for (const auto& c : candidates) ASSERT_EQ(edit_distance(w, c), reference_distance(w, c)) << w << " / " << c;
    const auto got = closest(w, candidates);
    ASSERT_EQ(got, reference_closest(w, candidates)) << w;
    suggested += got.has_value();
  }
  EXPECT_GT(suggested, 100);  // the trials reach suggestions, not only "nothing close"
}

}  // namespace parley
