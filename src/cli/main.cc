// parley: command-line front-end. Exit codes: 0 success, 1 analysis failure, 2 bad input or usage.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.h"
#include "core/text.h"
#include "core/error.h"
#include "core/version.h"
#include "core/workers.h"

#include <atomic>

int main(int argc, char** argv) {
  using namespace parley;
  CLI::App app{"parley: models multi-party negotiations (deal spaces, ratification, sequencing, forecasts)"};
  app.set_version_flag("--version", std::string("parley ") + kVersion);
  app.require_subcommand(1);
  // Fewer worker threads than --threads asked for (a process or memory limit): said once.
  set_worker_notice([](const std::string& message) {
    static std::atomic<bool> said{false};
    if (!said.exchange(true)) fmt::print(stderr, "parley: warning: {}\n", message);
  });
  std::vector<std::pair<CLI::App*, cli::Runner>> commands;
  auto add = [&](cli::Runner r) { commands.emplace_back(app.get_subcommands({}).back(), std::move(r)); };
  add(cli::add_check(app));
  add(cli::add_analyze(app));
  add(cli::add_params(app));
  add(cli::add_timeline(app));
  add(cli::add_bargain(app));
  add(cli::add_compare(app));
  add(cli::add_sequence(app));
  add(cli::add_generate(app));
  add(cli::add_import(app));
  add(cli::add_export(app));
  add(cli::add_forecast(app));
  add(cli::add_validate(app));
  add(cli::add_sweep(app));
  add(cli::add_report(app));
  add(cli::add_mediate(app));
  add(cli::add_levers(app));
  bool known = false;
  std::string names;
  for (auto& [cmd, run] : commands) {
    names += (names.empty() ? "" : ", ") + cmd->get_name();
    if (argc >= 2 && cmd->get_name() == argv[1]) known = true;
  }
  if (argc >= 2 && argv[1][0] != '-' && !known) {
    fmt::print(stderr, "parley: error: unknown command '{}'; expected one of: {}\n", argv[1], names);
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    for (auto& [cmd, run] : commands)
      if (cmd->parsed()) return run();
    return 2;
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "{}\n", terminal_safe(format_diagnostic(d)));
    return 2;
  } catch (const UsageError& e) {
    fmt::print(stderr, "parley: error: {}\n", terminal_safe(e.what()));
    return 2;
  } catch (const AnalysisError& e) {
    fmt::print(stderr, "parley: analysis failed: {}\n", terminal_safe(e.what()));
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "parley: {}\n", terminal_safe(e.what()));
    return 1;
  }
}
