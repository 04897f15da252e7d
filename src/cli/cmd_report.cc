// parley report FILE -o OUT.html: one self-contained HTML report (text, tables and charts) of a
// scenario, in English or Traditional Chinese, that opens offline.
#include <unistd.h>

#include <chrono>
#include <fmt/format.h>
#include <fstream>

#include "cli/command.h"
#include "io/scenario_loader.h"
#include "analyses/deal_space/deal_space.h"
#include "analyses/sweep/sweep.h"
#include "report/report.h"

namespace parley::cli {

Runner add_report(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Write a self-contained HTML report (answer, assumptions with evidence, "
                                           "charts of the deal space, win-sets, timeline, plans, sweep, forecasts)");
  struct Opts {
    std::string file, out, lang, at, axes;
    std::vector<std::string> without, without_requirements, sets;
    std::uint64_t samples = 10000, seed = 1;
    std::size_t max_points = 20000;
    int threads = 0;
    bool quiet = false, notices = false;
    BudgetFlags budget;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FILE", o->file, "Scenario file (YAML)");
  cmd->add_option("-o,--output", o->out, "The HTML file to write");
  add_lang_flag(*cmd, o->lang);
  add_set_flag(*cmd, o->sets);
  add_what_if_flags(*cmd, o->at, o->without);
  add_without_requirement_flag(*cmd, o->without_requirements);
  cmd->add_option("--samples", o->samples, "Monte Carlo samples for the sweep section (0 = no sweep; the section is "
                                           "left out when no number is uncertain)")
      ->check(CLI::Range(std::uint64_t{0}, kMaxSamples))
      ->default_val(10000);
  cmd->add_option("--seed", o->seed, "Random seed of the sweep")->default_val(1);
  cmd->add_option("--axes", o->axes, "The two parties of the utility-space chart, A,B (default: the first two)");
  cmd->add_option("--max-points", o->max_points,
                  "Packages drawn in the utility space, 100 to 100000 (the page then stays under 5 MB); more are "
                  "sampled evenly")
      ->check(CLI::Range(std::size_t{100}, std::size_t{100000}))
      ->default_val(20000);
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores); the report does not depend on it")
      ->check(CLI::Range(0, 1024))
      ->default_val(0);
  cmd->add_flag("--quiet,-q", o->quiet, "Do not print where the report was written");
  add_budget_flags(*cmd, o->budget);
  cmd->add_flag("--notices", o->notices, "Print the notices of the third-party software embedded in reports and exit");
  return [o] {
    if (o->notices) {
      print(report_notices());
      return 0;
    }
    if (o->file.empty()) throw UsageError("report needs a scenario FILE");
    if (o->out.empty()) throw UsageError("report needs -o OUT.html, the file to write");
    ReportOptions opt;
    opt.lang = o->lang;
    opt.what_if = what_if_from_flags(o->sets, o->at, o->without);
    opt.what_if.without_requirements = o->without_requirements;
    opt.samples = o->samples;
    opt.seed = o->seed;
    opt.max_points = o->max_points;
    opt.threads = o->threads;
    if (!o->axes.empty()) {
      auto comma = o->axes.find(',');
      if (comma == std::string::npos) throw UsageError("--axes expects two party ids, A,B (e.g. --axes US,DPRK)");
      opt.axes = {o->axes.substr(0, comma), o->axes.substr(comma + 1)};
    }
    auto t0 = std::chrono::steady_clock::now();
    Scenario s = load_scenario_file(o->file);
    if (!s.issues.empty() && estimate_or_check(estimate_report(s, opt), o->budget)) return 0;
    std::string html = report_html(report_data(s, opt));
    std::ofstream f(o->out, std::ios::binary);
    if (!f) throw UsageError(fmt::format("cannot write '{}'", o->out));
    f.write(html.data(), static_cast<std::streamsize>(html.size()));
    f.close();
    if (!f) throw UsageError(fmt::format("could not write '{}' completely", o->out));
    if (!o->quiet) {
      double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      fmt::print(stderr, "parley: report: wrote {} ({:.1f} MB) in {:.2f} s\n", o->out,
                 static_cast<double>(html.size()) / 1e6, sec);
    }
    return 0;
  };
}

}  // namespace parley::cli
