#include "analyses/bargain/bargain_sweep.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <thread>
#include <map>

#include "core/workers.h"
#include "scenario/distribution.h"
#include "scenario/params.h"

namespace parley {

namespace {

struct SampleOutcome {
  ProcessOutcome::Kind kind = ProcessOutcome::Kind::no_agreement;
  int date = 0;                 // agreement date (days)
  std::uint64_t package = 0;    // canonical index
  Choice choice;
  std::vector<int> bins;        // per uncertain parameter: the 5% bin of its draw
};

}  // namespace

BargainSweepResult run_bargain_sweep(const Scenario& base, const BargainSweepOptions& opt) {
  if (opt.samples == 0 || opt.samples > kMaxSamples)
    throw UsageError(fmt::format("--samples {}: expected 1 to {}", opt.samples, kMaxSamples));
  BargainSweepResult res;
  res.samples = opt.samples;
  res.seed = opt.seed;
  res.uncertain = uncertain_params(base, opt.process.what_if);
  // One run without sampling fixes the dates (and checks every flag before the threads start).
  BargainResult probe = run_bargain(base, opt.process);
  res.from = probe.from;
  res.to = probe.to;
  const Date by = opt.by.value_or(res.to);
  std::vector<SampleOutcome> out(opt.samples);
  // Tasks take every tasks-th sample; each sample's outcome is kept at its index, so the
  // aggregates do not depend on the number of tasks or threads.
  const unsigned threads = opt.threads > 0 ? static_cast<unsigned>(opt.threads) : std::max(1u, std::thread::hardware_concurrency());
  const unsigned tasks = static_cast<unsigned>(std::min<std::uint64_t>(opt.samples, threads));
  run_workers(tasks, [&](unsigned t) {
    Scenario s = base;
    auto refs = list_params(s);
    for (std::uint64_t i = t; i < opt.samples; i += tasks) {
      SampleOutcome& o = out[i];
      for (const auto& u : res.uncertain) {
        double r = uniform01(opt.seed, i, u.stream);
        refs[u.index].param->value = quantile(u.dist, r, u.lo, u.hi);
        o.bins.push_back(std::min(kDriverBins - 1, static_cast<int>(r * kDriverBins)));
      }
      BargainResult b = run_bargain(s, opt.process);
      o.kind = b.outcome.kind;
      if (o.kind == ProcessOutcome::Kind::agreement) {
        o.date = b.dates[b.outcome.round].days;
        o.package = b.outcome.package;
        o.choice = b.packages.back();
      }
    }
  });
  auto agreement_by = [&](const std::string& id, Date d) {
    AgreementBy a;
    a.id = id;
    a.date = d;
    for (const auto& o : out)
      if (o.kind == ProcessOutcome::Kind::agreement && o.date <= d.days) ++a.agreements;
    a.p = static_cast<double>(a.agreements) / static_cast<double>(opt.samples);
    a.ci = wilson_interval(a.agreements, opt.samples);
    return a;
  };
  res.by = agreement_by("by", by);
  for (const auto& d : base.deadlines) res.deadlines.push_back(agreement_by(d.id, d.date));
  std::vector<int> dates;
  std::map<std::uint64_t, std::pair<Choice, std::uint64_t>> counts;
  std::map<std::string, std::uint64_t> months;
  for (const auto& o : out) {
    if (o.kind == ProcessOutcome::Kind::breakdown) ++res.breakdowns;
    if (o.kind == ProcessOutcome::Kind::no_agreement) ++res.no_agreements;
    if (o.kind != ProcessOutcome::Kind::agreement) continue;
    ++res.agreements;
    dates.push_back(o.date);
    auto& c = counts[o.package];
    c.first = o.choice;
    ++c.second;
    ++months[format_date(Date{o.date}).substr(0, 7)];
  }
  std::sort(dates.begin(), dates.end());
  if (!dates.empty())
    for (auto [name, q] : {std::pair{"p10", 0.1}, {"p25", 0.25}, {"p50", 0.5}, {"p75", 0.75}, {"p90", 0.9}}) {
      // The smallest date with at least q of the agreements on or before it.
      std::size_t k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(dates.size())));
      res.date_quantiles.emplace_back(name, Date{dates[std::max<std::size_t>(k, 1) - 1]});
    }
  for (const auto& [m, n] : months) res.by_month.emplace_back(m, n);
  std::vector<std::pair<std::uint64_t, std::pair<Choice, std::uint64_t>>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second.second > b.second.second; });
  for (std::size_t k = 0; k < ranked.size() && k < 10; ++k) res.packages.emplace_back(ranked[k].second.first, ranked[k].second.second);
  for (std::size_t j = 0; j < res.uncertain.size(); ++j) {
    BargainDriver d;
    d.param = static_cast<int>(j);
    d.bin_samples.assign(kDriverBins, 0);
    d.bin_agreements.assign(kDriverBins, 0);
    for (const auto& o : out) {
      ++d.bin_samples[o.bins[j]];
      if (o.kind == ProcessOutcome::Kind::agreement && o.date <= by.days) ++d.bin_agreements[o.bins[j]];
    }
    d.effect = binned_effect(d.bin_samples, d.bin_agreements);
    res.drivers.push_back(std::move(d));
  }
  std::stable_sort(res.drivers.begin(), res.drivers.end(), [&](const BargainDriver& a, const BargainDriver& b) {
    if (a.effect.explained != b.effect.explained) return a.effect.explained > b.effect.explained;
    return res.uncertain[a.param].path < res.uncertain[b.param].path;
  });
  for (const auto& o : out) res.agreed_by.push_back(o.kind == ProcessOutcome::Kind::agreement && o.date <= by.days);
  // The mediated protocol: the same samples again without the mediator (mediator_value.h).
  if (opt.process.protocol == Protocol::mediated) res.mediator_value = mediator_value(base, opt, res);
  return res;
}

}  // namespace parley
