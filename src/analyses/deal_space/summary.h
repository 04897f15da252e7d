// The deal space in brief, for Monte Carlo sweeps: the ZOPA's size, the Nash package and every
// party's effective utility there, exactly as analyze_deal_space finds them (same acceptance,
// ratification, requirement and tie-breaking rules; tested against it), but without the Pareto frontier,
// the Kalai–Smorodinsky point, the closest package or per-package reports, and with its buffers
// kept across calls (only a new best Nash candidate allocates, for its exact comparison). Every package is evaluated: issue blocks (see model/compiled.h) are
// tabulated once per call and packages enumerated with running partial sums, so a package costs
// one addition per utility function plus the parties' verdicts.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "model/compiled.h"

namespace parley {

struct DealSummary {
  static constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t zopa_size = 0;
  std::uint64_t nash = kNone;          // canonical package index (kNone when the ZOPA is empty)
  std::vector<double> nash_effective;  // per party (CompiledModel::parties order), 0..1 scale
};

class DealSummarizer {
 public:
  // Fixes the structure (issues, options, blocks, interactions) of the models to summarise.
  explicit DealSummarizer(const CompiledModel& structure);
  // Summarises a model with the structure given to the constructor (numbers may differ).
  // The reference stays valid until the next call.
  const DealSummary& run(const CompiledModel& m);

 private:
  struct Block {
    std::vector<int> issues;
    std::size_t rows = 0;
    std::vector<int> option;            // option[row * issues.size() + k]
    std::vector<std::uint64_t> index;   // canonical index contribution per row
    std::vector<double> table;          // table[row * F + f], model units
    std::vector<double> broken;         // broken[row * F + f]: requirements broken (empty: none)
  };
  // Interactions of utility function f that belong to block b, with the rows where they hold.
  struct Term {
    int fn = 0, interaction = 0, block = 0;
    std::vector<std::uint32_t> rows;
  };
  // Box terms (CompiledBoxes) of utility function `fn` evaluated per row of a block: a joint
  // term (box = -1) or one box of a split term.
  struct BoxRef {
    int fn = 0, group = 0, box = -1;
  };
  std::vector<Block> blocks_;
  std::vector<Term> terms_;
  std::vector<std::vector<BoxRef>> box_refs_;  // per block
  Choice x_;
  std::size_t F_ = 0, P_ = 0;
  bool requirements_ = false;  // some verdict can turn on a requirement (structural)
  std::vector<double> partial_, partial_broken_, v_, br_, gains_, eff_, d_;
  std::vector<std::size_t> row_;
  std::vector<std::uint64_t> pidx_;
  DealSummary out_;
};

}  // namespace parley
