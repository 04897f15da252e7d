// A party's gap in utility restated in the terms of one issue (docs/no-deal.md, "A gap in the
// issue's terms"): "short by 0.021" reads "as much as a quarter of the way from Partial to Full
// on Sanctions relief".
//
// For a package x, a utility function f (a party's, advisers mixed in as in model/compiled.h)
// and a gap g > 0 on the 0..1 scale, each ordinal issue i is taken on its own, the others held
// as in x: option o is worth gain(o) = u_f(x with issue i at o) − u_f(x) to the party,
// interactions and boxes included (x's own option: 0). The gap lies between two of the issue's
// options: lo, the most valuable option worth less than g (x's own option at worst), and hi,
// the least valuable worth g or more; taking the value as linear between them, g is a fraction
// (g − gain(lo)) / (gain(hi) − gain(lo)) of the way from lo to hi. The move's size is that
// fraction plus the number of options worth something but less than g (those the move passes in
// the party's own order of the options). The answer is the smallest move over every issue (ties:
// the lower issue id; equal gains: the lower option id), so it does not depend on the order of
// the file's issues or options. It restates the size of the gap, not a package: the audience
// cost and every other issue are held as they are in x, and there is no option between two
// options. None when no single issue has an option worth the gap (or g ≤ 0).
//
// Cost: one utility evaluation per option of every issue.
#pragma once

#include <optional>

#include "model/compiled.h"
#include "scenario/scenario.h"

namespace parley {

struct IssueGap {
  int issue = -1;     // the issue (Scenario::issues position)
  int from = -1;      // the package's option on it
  int lo = -1;        // the options between whose values the gap lies: lo worth less than it
  int hi = -1;        //   (lo == from when no option is), hi worth it or more
  double fraction = 0;  // how far from lo towards hi, in (0, 1]
  double steps = 0;     // the options passed (worth something, less than the gap) + fraction
};

std::optional<IssueGap> gap_in_issue_terms(const Scenario& s, const CompiledModel& m, int fn, const Choice& x, double gap);

}  // namespace parley
