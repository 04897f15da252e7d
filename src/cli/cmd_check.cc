// parley check FILE: validate a scenario; exit 0 if valid, 2 with every problem listed if not.
#include <cstdint>
#include <fmt/format.h>

#include "cli/command.h"
#include "core/count.h"
#include "io/scenario_loader.h"
#include "model/compiled.h"

namespace parley::cli {

Runner add_check(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Validate a scenario file (exit 0 if valid, 2 if not)");
  auto file = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("FILE", *file, "Scenario file (YAML)")->required();
  cmd->add_flag("-q,--quiet", *quiet, "Print nothing when the file is valid");
  return [file, quiet] {
    Scenario s = load_scenario_file(*file);
    CompiledModel m = compile(s);
    if (*quiet) return 0;
    std::string continuous =
        s.continuous.empty() ? std::string()
                             : fmt::format(", {} continuous issue{}", s.continuous.size(), s.continuous.size() == 1 ? "" : "s");
    if (s.issues.empty())
      fmt::print(stderr, "{}: ok: scenario '{}', {} actors{} (no ordinal issues: no deal space)\n", *file, s.id,
                 s.actors.size(), continuous);
    else
      fmt::print(stderr, "{}: ok: scenario '{}', {} actors, {} issues, {} packages in the deal space, {} named{}\n",
                 *file, s.id, s.actors.size(), s.issues.size(),
                 count_text(m.package_count()),
                 s.packages.size(), continuous);
    return 0;
  };
}

}  // namespace parley::cli
