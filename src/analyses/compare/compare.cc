#include "analyses/compare/compare.h"

namespace parley {

static CompareSide evaluate(const Scenario& base, const WhatIf& w, int threads) {
  CompareSide side;
  side.what_if = w;
  side.scenario = apply_what_if(base, w);
  side.model = compile(side.scenario);
  DealSpaceOptions opt;
  opt.threads = threads;
  opt.zopa_listed = opt.max_listed;  // the JSON lists the ZOPA as `analyze` does by default
  side.result = analyze_deal_space(side.model, opt);
  side.named = evaluate_named(side.scenario, side.model);
  return side;
}

CompareResult compare_what_ifs(const Scenario& base, const WhatIf& baseline, const WhatIf& variant, int threads) {
  CompareResult r;
  r.baseline = evaluate(base, baseline, threads);
  r.variant = evaluate(base, variant, threads);
  // Both sides have the same structure, so their parameter lists line up.
  auto pb = list_params(r.baseline.scenario), pv = list_params(r.variant.scenario);
  for (std::size_t i = 0; i < pb.size() && i < pv.size(); ++i)
    if (pb[i].param->value != pv[i].param->value) r.changed.push_back({pb[i].path, pb[i].param->value, pv[i].param->value});
  return r;
}

}  // namespace parley
