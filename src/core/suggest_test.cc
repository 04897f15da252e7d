#include "core/suggest.h"

#include <gtest/gtest.h>

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

}  // namespace parley
