// parley init [--parties N] [--issues M] [-o FILE]: write a commented scenario template, in
// English and Traditional Chinese, that passes `parley check` (io/scenario_template.h).
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "cli/command.h"
#include "core/count.h"
#include "core/error.h"
#include "io/scenario_template.h"

namespace parley::cli {

Runner add_init(CLI::App& app) {
  auto* cmd = app.add_subcommand("init", "Write a commented scenario template (English and Chinese) to start from");
  struct Opts {
    int parties = 2, issues = 3;
    std::string out;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("--parties", o->parties, fmt::format("Number of parties (2 to {})", kTemplateMaxParties))
      ->default_val(2);
  cmd->add_option("--issues", o->issues, fmt::format("Number of issues, three options each (1 to {})", kTemplateMaxIssues))
      ->default_val(3);
  cmd->add_option("-o,--output", o->out, "Output file, not overwritten if it exists (default: stdout)");
  return [o] {
    const std::string yaml = scenario_template(o->parties, o->issues);
    if (o->out.empty()) {
      print(yaml);
      return 0;
    }
    std::error_code ec;
    if (std::filesystem::exists(o->out, ec))
      throw UsageError(fmt::format("'{}' exists; parley init does not overwrite a file (remove it or choose another "
                                   "name)",
                                   o->out));
    std::ofstream f(o->out, std::ios::binary);
    f << yaml;
    if (!f) throw UsageError(fmt::format("cannot write '{}'", o->out));
    fmt::print(stderr, "{}: wrote a template with {} and {}; next: parley check {}\n", o->out,
               plural(o->parties, "party", "parties"), plural(o->issues, "issue"), o->out);
    return 0;
  };
}

}  // namespace parley::cli
