// parley generate: write a synthetic scenario (benchmarks, experiments with large spaces).
#include <fmt/format.h>
#include <fstream>

#include "cli/command.h"
#include "core/error.h"
#include "io/scenario_writer.h"
#include "scenario/synthetic.h"

namespace parley::cli {

Runner add_generate(CLI::App& app) {
  auto* cmd = app.add_subcommand("generate", "Write a synthetic scenario (random scores) for benchmarks");
  auto spec = std::make_shared<SyntheticSpec>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--parties", spec->parties, "Number of parties")->check(CLI::Range(2, 64))->default_val(4);
  cmd->add_option("--issues", spec->issues, "Number of issues")->check(CLI::Range(1, 40))->default_val(8);
  cmd->add_option("--options", spec->options, "Options per issue")->check(CLI::Range(1, 64))->default_val(10);
  cmd->add_option("--interactions", spec->interactions, "Interaction terms per party")->check(CLI::Range(0, 100))->default_val(0);
  cmd->add_option("--boxes", spec->boxes,
                  "Boxes per party (ANAC 2014's non-linear utilities: random ranges of 1 to 4 issues, each worth 1 to "
                  "100, added up) instead of saliences and scores")
      ->check(CLI::Range(0, 200))
      ->default_val(0);
  cmd->add_option("--reservation", spec->reservation, "Every party's reservation")->check(CLI::Range(0.0, 1.0))->default_val(0.5);
  cmd->add_option("--seed", spec->seed, "Random seed")->default_val(1);
  cmd->add_flag("--commitments", spec->commitments,
                "Who delivers each issue, clawbacks and verifications (for the credible evaluation and plans)");
  cmd->add_option("--trust", spec->trust, "With --commitments: every party's trust in every other")
      ->check(CLI::Range(0.0, 1.0))
      ->default_val(1);
  cmd->add_option("-o,--output", *out, "Output file (default: stdout)");
  return [spec, out] {
    if (!(spec->trust >= 0 && spec->trust <= 1)) throw UsageError("--trust must be a number from 0 to 1");
    if (spec->trust < 1 && !spec->commitments) throw UsageError("--trust needs --commitments (who delivers what)");
    std::string yaml = scenario_to_yaml(synthetic_scenario(*spec));
    if (out->empty()) {
      print(yaml);
      return 0;
    }
    std::ofstream f(*out, std::ios::binary);
    f << yaml;
    if (!f) throw UsageError(fmt::format("cannot write '{}'", *out));
    return 0;
  };
}

}  // namespace parley::cli
