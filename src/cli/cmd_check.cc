// parley check FILE: validate a scenario; exit 0 if valid, 2 with every problem listed if not.
#include <cstdint>
#include <fmt/format.h>

#include "analyses/deal_space/status_quo.h"
#include "cli/command.h"
#include "core/count.h"
#include "core/text.h"
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
    const std::string continuous =
        s.continuous.empty() ? std::string() : ", " + plural(s.continuous.size(), "continuous issue");
    if (s.issues.empty())
      fmt::print(stderr, "{}: ok: scenario '{}', {}{} (no ordinal issues: no deal space)\n", *file, s.id,
                 plural(s.actors.size(), "actor"), continuous);
    else
      fmt::print(stderr, "{}: ok: scenario '{}', {}, {}, {} in the deal space, {} named{}\n", *file, s.id,
                 plural(s.actors.size(), "actor"), plural(s.issues.size(), "issue"),
                 plural(m.package_count(), "package"), s.packages.size(), continuous);
    if (auto w = status_quo_warning(s, m)) fmt::print(stderr, "{}\n", terminal_safe(format_diagnostic(*w, "warning")));
    return 0;
  };
}

}  // namespace parley::cli
