// Option classes (docs/deal-space.md, "Option classes"): the deal space seen through what its
// utilities can tell apart. Two options of an issue are in the same class when every utility
// function read by the analysis gives them the same value and puts them on the same side of
// every condition of its interactions and boxes: no package's utilities change when one is
// swapped for the other. A block of issues linked by boxes then has as many distinct rows as it
// has class tuples (one class per issue), often far fewer than its packages: ANAC 2014's
// 10-issue domain has 10^10 packages in one block and 2.2·10^7 class tuples, whose utility
// vectors take 81,588 distinct values.
//
// Classes are numbered per issue by their smallest option, so the lexicographic order of class
// tuples is the order of their smallest packages' indices (the package index is lexicographic
// in the options, first issue most significant): a class tuple stands for the product of its
// classes' options, `mult` packages, the smallest of index `idx`.
#pragma once

#include <cstdint>
#include <vector>

#include "analyses/deal_space/classes_walk.h"
#include "analyses/deal_space/deal_space_internal.h"

namespace parley::deal_space_detail {

struct OptionClasses {
  std::vector<std::vector<int>> class_of;               // per issue: option -> class
  std::vector<std::vector<std::vector<int>>> members;   // per issue, per class: options ascending
  int count(int issue) const { return static_cast<int>(members[issue].size()); }
};

// The classes of every issue for the utility functions `fns` (indices into m.utilities).
OptionClasses option_classes(const CompiledModel& m, const std::vector<int>& fns);

// Class tuples of a block (the rows an enumeration by classes visits), as a double (it may
// exceed 2^64 for a block that is refused).
double class_tuples(const CompiledModel& m, const OptionClasses& c, int block);

// A block's rows merged by utility vector (a Level's rows before ordering): for every distinct
// vector of the functions' block utilities, the packages of the block with it (`mult`) and the
// smallest index contribution among them (`idx`); rows in increasing idx.
struct MergedRows {
  int P = 0;
  std::vector<double> v;            // v[row * P + p], model units
  std::vector<std::uint64_t> idx;   // smallest index contribution
  std::vector<std::uint64_t> mult;  // packages of the block with this vector
  std::size_t size() const { return idx.size(); }
};

// The merged rows of block b by enumerating its class tuples, on `threads` workers (the result
// does not depend on them). Stops early (a partial result) when `cancel` is set.
MergedRows merged_rows_by_classes(const CompiledModel& m, const OptionClasses& c, int block, const std::vector<int>& fns,
                                  int threads, const CancelToken* cancel);

// The block's utilities for the functions `fns` in the form walk_terms reads (classes_walk.h).
BlockTerms block_terms(const CompiledModel& m, const OptionClasses& c, int block, const std::vector<int>& fns);

}  // namespace parley::deal_space_detail
