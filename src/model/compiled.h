// The compiled model: the dense numeric form of a scenario that analyses read. Each actor with
// preferences becomes a utility function given as per-issue option values (already weighted and
// normalised, so an additive utility is a plain sum) plus interaction terms. Issues linked by an
// interaction term form one "block"; utilities are additive across blocks, which the deal-space
// algorithms exploit (divide and conquer over blocks, bounds per block).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace parley {

// A package as one option index per issue.
using Choice = std::vector<int>;

struct CompiledInteraction {
  std::vector<std::pair<int, std::uint64_t>> when;  // issue -> bit mask of allowed options
  double bonus = 0;
};

struct UtilityFn {
  int actor = -1;
  double reservation = 0;
  // value[issue][option]: salience·score/(100·Σ salience); sums to the additive utility.
  std::vector<std::vector<double>> value;
  std::vector<CompiledInteraction> interactions;
};

struct CompiledModel {
  std::vector<int> n_options;          // per issue
  std::vector<UtilityFn> utilities;    // every actor with preferences, in actor order
  std::vector<int> parties;            // indices into `utilities` of actors with role party
  std::vector<std::vector<int>> blocks;  // issues linked by interactions, sorted, by first issue
  std::vector<std::uint64_t> stride;   // canonical package index = Σ option·stride[issue]

  // Number of packages (saturates at UINT64_MAX).
  std::uint64_t package_count() const;
  // Utility of one package; the sum runs block by block in the model's fixed order so that
  // every algorithm computes bit-identical values for the same package.
  double utility(int fn, const Choice& x) const;
  // Utility of the issues of one block only (including the block's interactions).
  double block_utility(int fn, int block, const Choice& x) const;
  std::uint64_t index_of(const Choice& x) const;
  Choice choice_of(std::uint64_t index) const;
};

// Options are limited to 64 per issue (interaction masks are 64-bit).
inline constexpr int kMaxOptionsPerIssue = 64;

// Compiles the scenario. Throws InputError if an issue has more than kMaxOptionsPerIssue options.
CompiledModel compile(const Scenario& s);

}  // namespace parley
