#include "analyses/timeline/timeline.h"

#include <fmt/format.h>

#include "model/compiled.h"

namespace parley {

Choice in_force_on(const Scenario& s, const Choice& package, Date signed_on, Date date, std::vector<int>* lapsed) {
  Choice x = package;
  for (std::size_t i = 0; i < x.size() && i < s.issues.size(); ++i) {
    auto lapse = lapse_of(s.issues[i], x[i]);
    if (!lapse || date < add_duration(signed_on, *lapse)) continue;
    x[i] = 0;
    if (lapsed) lapsed->push_back(static_cast<int>(i));
  }
  return x;
}

std::vector<Date> timeline_dates(Date from, Date to, DateStep step) {
  if (to < from) throw UsageError(fmt::format("--to {} is before --from {}", format_date(to), format_date(from)));
  // Each date is computed from the start (k steps), so month ends do not drift (Jan 31, Feb 29,
  // Mar 31, ...); stepping stops before leaving the calendar range.
  std::vector<Date> dates;
  for (long long k = 0;; ++k) {
    long long amount = k * step.count;
    if (step.unit == 'm' ? amount > 12LL * 10000 : amount * (step.unit == 'w' ? 7 : 1) > 3660000) break;
    DateStep total{static_cast<int>(amount), step.unit};
    Date d = k == 0 ? from : advance(from, total);
    if (d > to) break;
    dates.push_back(d);
    if (dates.size() > 100000) throw UsageError("the timeline has more than 100000 dates; use a larger --step");
  }
  return dates;
}

TimelineResult run_timeline(const Scenario& base, const WhatIf& what_if, Date from, Date to, DateStep step,
                            int threads, const ProgressFn& progress, const CancelToken* cancel,
                            const std::optional<TimelineAgreement>& agreement) {
  std::vector<Date> dates = timeline_dates(from, to, step);
  validate_what_if(base, what_if);
  TimelineResult out;
  out.agreement = agreement;
  std::vector<double> previous;
  std::optional<CompiledModel> model;  // the last date's, for the agreement's value
  DealSpaceOptions opt;
  opt.threads = threads;
  opt.pareto = false;
  for (std::size_t k = 0; k < dates.size(); ++k) {
    if (cancel && cancel->cancelled()) {
      out.cancelled = true;
      break;
    }
    WhatIf w = what_if;
    w.at = dates[k];
    Scenario s = apply_what_if(base, w);
    std::vector<double> values;
    for (const auto& ref : list_params(s)) values.push_back(ref.param->value);
    TimelineRow row;
    row.date = dates[k];
    if (!out.rows.empty() && values == previous) {
      row = out.rows.back();
      row.date = dates[k];
      row.reused = true;
    } else {
      model = compile(s);
      const CompiledModel& m = *model;
      // In CompiledModel::parties order, the order of the per-party results (win-set sizes).
      if (out.parties.empty())
        for (int f : m.parties) out.parties.push_back(m.utilities[f].actor);
      DealSpaceResult r = analyze_deal_space(m, opt);
      row.zopa_size = r.zopa_size;
      row.zopa_exact = r.zopa_exact;
      row.nash = r.nash;
      row.win_set_size = r.win_set_size;
    }
    row.in_force.reset();
    row.lapsed.clear();
    if (agreement && row.date >= agreement->signed_on)
      row.in_force = evaluate_package(*model, in_force_on(s, agreement->package, agreement->signed_on, row.date, &row.lapsed));
    previous = std::move(values);
    if (row.zopa_size > 0 && !out.first_zopa_date) out.first_zopa_date = row.date;
    if (row.zopa_size == 0 && !out.rows.empty() && out.rows.back().zopa_size > 0 && !out.zopa_close_date)
      out.zopa_close_date = row.date;
    out.rows.push_back(std::move(row));
    if (progress) progress(k + 1, dates.size());
  }
  return out;
}

}  // namespace parley
