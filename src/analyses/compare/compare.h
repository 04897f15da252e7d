// Two what-ifs of one scenario side by side: each is applied (date, --without, overrides),
// compiled and analysed (deal space with ratification, named packages), and the parameters whose
// values differ between the two are listed, so an analyst sees what one assumption changes.
#pragma once

#include <string>
#include <vector>

#include "analyses/deal_space/deal_space.h"
#include "scenario/what_if.h"

namespace parley {

struct CompareSide {
  WhatIf what_if;
  Scenario scenario;  // as of the what-if
  CompiledModel model;
  DealSpaceResult result;
  std::vector<NamedVerdict> named;
};

struct ChangedParameter {
  std::string path;
  double baseline = 0;
  double variant = 0;
};

struct CompareResult {
  CompareSide baseline, variant;
  std::vector<ChangedParameter> changed;  // in parameter order
};

// Throws InputError for unknown events or paths in either what-if.
CompareResult compare_what_ifs(const Scenario& base, const WhatIf& baseline, const WhatIf& variant, int threads = 0);

}  // namespace parley
