// parley sweep FILE --samples N --seed S: Monte Carlo over the scenario's distributions (the
// probability of a deal, the Nash packages, expected utilities, drivers), on threads and, under
// an MPI launcher, across processes; the JSON does not depend on either.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fmt/format.h>
#include <thread>

#include "analyses/bargain/bargain_sweep.h"
#include "analyses/sweep/sweep.h"
#include "api/requests.h"
#include "render/bargain_render.h"
#include "cli/command.h"
#include "cluster/cluster.h"
#include "io/scenario_loader.h"
#include "render/sweep_render.h"

namespace parley::cli {

namespace {

CancelToken* g_cancel = nullptr;
extern "C" void on_interrupt(int) {
  if (g_cancel) g_cancel->cancel();
}

// A one-line progress bar with an estimate of the time left, redrawn at most ten times a second.
class ProgressBar {
 public:
  void operator()(std::uint64_t done, std::uint64_t total) {
    auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double elapsed = std::chrono::duration<double>(now - start_).count();
    double f = total ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total)) : 1.0;
    int width = 30, fill = static_cast<int>(f * width);
    std::string bar(static_cast<std::size_t>(fill), '#');
    bar.append(static_cast<std::size_t>(width - fill), '.');
    std::string left = f > 0.01 ? fmt::format("{:.1f} s left", elapsed * (1 - f) / f) : "estimating";
    fmt::print(stderr, "\r[{}] {:3.0f}%  {}   ", bar, 100 * f, left);
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) fmt::print(stderr, "\r{:60}\r", "");
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
  bool drawn_ = false;
};

}  // namespace

template <class Opts>
int run_bargain_sweep_command(const Opts& o, const Cluster& cluster) {
  BargainSweepRequest req;  // checked as Python's keywords are (src/api/requests.cc)
  req.at = o.at;
  req.plan = o.plan;
  req.by = o.by;
  req.process.what_if = what_if_from_flags(o.sets, "", o.without);
  req.process.what_if.without_requirements = o.without_requirements;
  req.process.from = o.from;
  req.process.to = o.to;
  if (!o.step.empty()) req.process.step = o.step;
  if (!o.protocol.empty()) req.process.protocol = o.protocol;
  req.process.tactics = o.tactics;
  req.process.first = o.first;
  req.process.mediator = o.mediator;
  copy_sample_counts(o, req);
  const BargainSweepOptions opt = bargain_sweep_options(req);
  Scenario s = load_scenario_file(o.file);
  require_ordinal_issues(s, "sweep");
  const CostEstimate cost = estimate_bargain_sweep(s, opt);
  if (estimate_or_check(cost, o.budget)) return 0;
  if (cluster.rank() == 0 && !o.quiet && cost.seconds >= 5)
    fmt::print(stderr, "parley: sweep --bargain: estimated {} on one thread and {} ({})\n", format_seconds(cost.seconds),
               format_bytes(cost.bytes), cost.what);
  BargainSweepResult r = run_bargain_sweep(s, opt, cluster);
  if (cluster.rank() != 0) return 0;
  RunInfo info;
  info.command = "sweep";
  info.lang = o.lang;
  info.overrides = opt.process.what_if.overrides;
  info.without = opt.process.what_if.without;
  if (o.format == "json") print(bargain_sweep_json(s, r, info).dump(2) + "\n");
  else print_text(bargain_sweep_text(s, r, info));
  return 0;
}

Runner add_sweep(CLI::App& app) {
  auto* cmd = app.add_subcommand("sweep", "Monte Carlo over the scenario's uncertain numbers: the probability of a "
                                          "deal, the Nash packages, expected utilities and what drives them");
  struct Opts {
    std::string file, format, lang, at, plan;
    std::vector<std::string> without, without_requirements, sets;
    std::uint64_t samples = 10000, seed = 1, sensitivity_samples = 0, sobol_samples = 0;
    std::size_t sobol_parameters = 5;
    int threads = 0;
    bool quiet = false;
    BudgetFlags budget;
    // --bargain: the negotiation process in every sample (docs/bargain.md).
    bool bargain = false;
    std::string by, from, to, step, protocol, first, mediator;
    std::vector<std::string> tactics;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  cmd->add_option("--samples", o->samples, "Number of parameter sets drawn")->default_val(10000);
  cmd->add_option("--seed", o->seed, "Random seed: the same seed gives the same result")->default_val(1);
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->default_val(0);
  cmd->add_option("--plan", o->plan, "Also evaluate this plan in every sample; p_deal is then the share of samples "
                                     "where it is accepted and self-enforcing");
  cmd->add_option("--sensitivity-samples", o->sensitivity_samples,
                  "Samples per percentile in the sensitivity ranking (0 = min(samples, 10000))")
      ->default_val(0);
  cmd->add_option("--sobol-samples", o->sobol_samples, "A/B sample pairs for the Sobol indices (0 = min(samples, 10000))")
      ->default_val(0);
  cmd->add_option("--sobol-parameters", o->sobol_parameters,
                  "Sobol indices for this many parameters, the top of the sensitivity ranking (0 = none)")
      ->default_val(5);
  cmd->add_flag("--quiet,-q", o->quiet, "No progress bar or timings on stderr");
  add_format_flag(*cmd, o->format);
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  add_without_requirement_flag(*cmd, o->without_requirements);
  add_budget_flags(*cmd, o->budget);
  cmd->add_flag("--bargain", o->bargain, "Run the negotiation process (parley bargain) in every sample: P(agreement by "
                                         "a date), agreement dates, agreed packages, drivers (docs/bargain.md)");
  cmd->add_option("--by", o->by, "With --bargain: the date of P(agreement by DATE) (default: the process's last date)");
  cmd->add_option("--from", o->from, "With --bargain: the process's first date (default: the scenario's date)");
  cmd->add_option("--to", o->to, "With --bargain: the process's last date (default: the last deadline)");
  cmd->add_option("--step", o->step, "With --bargain: time between rounds, Nd, Nw or Nm (default 1d)");
  cmd->add_option("--protocol", o->protocol, "With --bargain: alternating (default), simultaneous or mediated "
                                         "(then also without the mediator: its value)");
  cmd->add_option("--mediator", o->mediator, "With --bargain --protocol mediated: the mediator (default: the first)");
  cmd->add_option("--tactic", o->tactics, "With --bargain: PARTY=TACTIC[:p=v,...] (repeatable), as parley bargain")
      ->take_all()
      ->allow_extra_args(false);
  cmd->add_option("--first", o->first, "With --bargain: the party that opens");
  return [o] {
    // First, before anything that can fail: under MPI, a failure in one process then ends them all.
    const Cluster& cluster = process_cluster();
    if (!o->bargain && (!o->by.empty() || !o->from.empty() || !o->to.empty() || !o->step.empty() ||
                        !o->protocol.empty() || !o->tactics.empty() || !o->first.empty() || !o->mediator.empty()))
      throw UsageError(kNeedsBargain);
    if (o->bargain) return run_bargain_sweep_command(*o, cluster);
    // Ctrl-C from now on stops the sweep cleanly (the result so far is printed, marked partial).
    static CancelToken cancel;  // outlives the handler, whatever this function throws
    g_cancel = &cancel;
    auto previous = std::signal(SIGINT, on_interrupt);
    RunInfo info;
    info.command = "sweep";
    info.lang = o->lang;
    WhatIf w = what_if_from_flags(o->sets, o->at, o->without);
    w.without_requirements = o->without_requirements;
    info.without_requirements = w.without_requirements;
    info.overrides = w.overrides;
    info.without = w.without;
    Scenario s = load_scenario_file(o->file);
    SweepRequest req;  // checked as the server checks its keys (src/api/requests.cc)
    req.what_if = w;
    req.plan = o->plan;
    copy_sample_counts(*o, req);
    const SweepOptions opt = sweep_options(s, req);
    const bool lead = cluster.rank() == 0;
    const CostEstimate cost = estimate_sweep(s, opt);
    if (estimate_or_check(cost, o->budget)) return 0;
    if (lead && !o->quiet) {
      // Said whether or not stderr is a terminal, so a long run in a script is not silent.
      if (uncertain_params(s, w).empty() && o->samples > 1)
        fmt::print(stderr, "parley: sweep: no number of the scenario is uncertain (no distribution, or every one "
                           "fixed by --set): the {} samples would all be the same, so one evaluation stands for "
                           "them all\n", o->samples);
      if (cost.seconds >= 5)
        fmt::print(stderr, "parley: sweep: estimated {} on one thread and {} ({}); Ctrl-C stops it with a partial "
                           "result\n", format_seconds(cost.seconds), format_bytes(cost.bytes), cost.what);
    }
    ProgressBar bar;
    ProgressFn progress;
    if (lead && !o->quiet && isatty(STDERR_FILENO)) progress = [&bar](std::uint64_t d, std::uint64_t t) { bar(d, t); };
    SweepResult r = run_sweep(s, opt, cluster, progress, &cancel);
    bar.finish();
    std::signal(SIGINT, previous);
    g_cancel = nullptr;
    if (!lead) return r.partial ? 130 : 0;
    Scenario shown = apply_what_if(s, w);  // the date and names as analysed
    if (o->format == "json") print(sweep_json(shown, r, info).dump(2) + "\n");
    else print_text(sweep_text(shown, r, info));
    if (!o->quiet) {
      double total = r.seconds.empty() ? 0 : r.seconds.back().second, main = 0;
      for (const auto& [phase, sec] : r.seconds)
        if (phase == "main") main = sec;
      int threads = o->threads > 0 ? o->threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      fmt::print(stderr, "parley: sweep: {} samples in {:.2f} s ({:.0f} samples/s; {} thread(s) x {} process(es), {}); "
                         "{:.2f} s in all with sensitivity and Sobol\n",
                 r.samples, main, main > 0 ? static_cast<double>(r.samples) / main : 0.0, threads, cluster.size(),
                 mpi_description(), total);
    }
    if (r.partial) {
      fmt::print(stderr, "parley: sweep interrupted: the result covers {} of {} samples and is marked partial\n",
                 r.samples, r.samples_requested);
      return 130;
    }
    return 0;
  };
}

}  // namespace parley::cli
