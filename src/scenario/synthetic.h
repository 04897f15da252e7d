// Synthetic scenarios for benchmarks and property tests: P parties, I issues of K options each,
// integer scores uniform in 0..100, saliences uniform in 1..10, optional random interaction
// terms, every party's reservation set to `reservation`. Deterministic for a seed (the random
// stream is SplitMix64, identical on every platform). With `commitments`, issue i is delivered by
// party i mod P with a clawback in {0, 0.25, .., 1}, half the options state a verification
// in {0, 0.1, .., 1}, and every party trusts every other at `trust` (drawn after everything
// else, so the rest of the scenario is the same as without).
// With `boxes` > 0 the parties' utilities are boxes instead (as ANAC 2014's non-linear domains):
// per party that many boxes, each bounding 1 to min(4, I) distinct random issues to a random
// range of options and worth a whole number uniform in 1..100, added up (aggregate sum), scale =
// the sum of the party's box values, cap 1.
#pragma once

#include <cstdint>

#include "scenario/scenario.h"

namespace parley {

struct SyntheticSpec {
  int parties = 4;
  int issues = 8;
  int options = 10;
  int interactions = 0;     // per party, each linking two random issues
  int boxes = 0;            // per party: box terms instead of saliences and scores
  double reservation = 0.5;
  std::uint64_t seed = 1;
  bool commitments = false;
  double trust = 1;
};

Scenario synthetic_scenario(const SyntheticSpec& spec);

// SplitMix64: a small, fast, well-tested generator (Steele, Lea & Flood 2014).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();                       // [0, 1)
  int uniform_int(int lo, int hi);        // [lo, hi]

 private:
  std::uint64_t state_;
};

}  // namespace parley
