// parley: command-line front-end. Exit codes (docs/errors.md): 0 success, 2 a failure the user can cause
// (bad input, bad flags, an analysis refused), 1 an internal error, 130 an interrupted sweep.
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
  add(cli::add_serve(app));
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
    // --help and --version are "errors" with exit code 0 in CLI11: let it print them.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string command = known ? std::string(" ") + argv[1] : std::string();
    fmt::print(stderr, "parley: error: {}\nparley: see 'parley{} --help' for the usage\n", terminal_safe(e.what()),
               command);
    return 2;
  }
  cli::init_output_width();  // tables and prose fit the terminal (COLUMNS, the tty, else 100)
  try {
    for (auto& [cmd, run] : commands)
      if (cmd->parsed()) return run();
    return 2;
  } catch (...) {
    Failure f = describe_failure(std::current_exception());
    fmt::print(stderr, "{}", terminal_safe(f.text));
    return f.exit_code;
  }
}
