// parley: command-line front-end. Exit codes (docs/errors.md): 0 success, 2 a failure the user can cause
// (bad input, bad flags, an analysis refused), 1 an internal error, 130 an interrupted sweep.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.h"
#include "cluster/cluster.h"
#include "core/suggest.h"
#include "core/text.h"
#include "core/error.h"
#include "core/version.h"
#include "core/workers.h"

#include <algorithm>
#include <atomic>

namespace {

// The two-line tour `parley` alone and `parley --help` end with.
constexpr const char* kTour =
    "Start here:\n"
    "  $ parley analyze scenarios/hanoi-2019.yaml            is a deal possible, which one, why not\n"
    "  $ parley report scenarios/hanoi-2019.yaml -o r.html   the whole analysis as one page\n"
    "Write a scenario: parley init -o my.yaml (docs/scenario-format.md). Help on a command: parley COMMAND --help";

// A bound as CLI11 prints it ("0.000000", "1024") the way parley writes numbers ("0", "1024").
std::string plain_bound(const std::string& b) {
  if (b.find('.') == std::string::npos) return b;
  try {
    return fmt::format("{}", std::stod(b));
  } catch (const std::exception&) {
    return b;
  }
}

// CLI11's range and set messages in the wording the rest of parley (and the Python module, and
// the server) uses for the same mistakes: "--threads: Value 2000 not in range 0 to 1024" becomes
// "--threads 2000: expected an integer from 0 to 1024"; "--lang: fr not in {en,zh-TW}" becomes
// "--lang 'fr': expected one of: en, zh-TW". Any other message is returned as it is.
std::string plain_cli_message(const std::string& m) {
  const std::size_t colon = m.find(": ");
  if (m.rfind("--", 0) != 0 || colon == std::string::npos) return m;
  const std::string flag = m.substr(0, colon), rest = m.substr(colon + 2);
  const std::string value_tag = "Value ", range_tag = " not in range ", to_tag = " to ";
  if (const std::size_t r = rest.find(range_tag); rest.rfind(value_tag, 0) == 0 && r != std::string::npos) {
    const std::string value = rest.substr(value_tag.size(), r - value_tag.size());
    const std::string bounds = rest.substr(r + range_tag.size());
    const std::size_t t = bounds.find(to_tag);
    if (t == std::string::npos) return m;
    const std::string lo = bounds.substr(0, t), hi = bounds.substr(t + to_tag.size());
    const bool real = lo.find('.') != std::string::npos || hi.find('.') != std::string::npos;
    return fmt::format("{} {}: expected {} from {} to {}", flag, value, real ? "a number" : "an integer", plain_bound(lo),
                       plain_bound(hi));
  }
  const std::string set_tag = " not in {";
  if (const std::size_t k = rest.rfind(set_tag); k != std::string::npos && !rest.empty() && rest.back() == '}') {
    std::string list = rest.substr(k + set_tag.size(), rest.size() - k - set_tag.size() - 1);
    std::string out;
    for (std::size_t a = 0; a <= list.size();) {
      const std::size_t b = std::min(list.find(',', a), list.size());
      out += (out.empty() ? "" : ", ") + list.substr(a, b - a);
      a = b + 1;
    }
    return fmt::format("{} '{}': expected one of: {}", flag, rest.substr(0, k), out);
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace parley;
  CLI::App app{fmt::format("parley {}: models multi-party negotiations (deal spaces, ratification, sequencing, "
                           "forecasts)",
                           kVersion)};
  app.name("parley");
  app.formatter(cli::plain_formatter());  // before the commands: they copy it
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
  add(cli::add_init(app));
  app.footer(kTour);  // after the commands: only `parley` and `parley --help` show it
  // `parley` alone: the commands and the tour on stdout, exit 0 (docs/errors.md).
  if (argc == 1) {
    fmt::print("{}", app.help());
    return 0;
  }
  CLI::App* known = nullptr;
  std::string names;
  std::vector<std::string> command_names;
  for (auto& [cmd, run] : commands) {
    names += (names.empty() ? "" : ", ") + cmd->get_name();
    command_names.push_back(cmd->get_name());
    if (cmd->get_name() == argv[1]) known = cmd;
  }
  // Errors in the command line come before any process starts MPI: under an MPI launcher every
  // process parses the same arguments and fails alike, so only rank 0 prints (every one exits 2).
  const bool print_usage_error = launcher_rank() == 0;
  if (argv[1][0] != '-' && !known) {
    if (!print_usage_error) return 2;
    const std::string hint = did_you_mean(argv[1], command_names);
    if (hint.empty())
      fmt::print(stderr, "parley: error: unknown command '{}'; expected one of: {}\n", terminal_safe(argv[1]), names);
    else
      fmt::print(stderr, "parley: error: unknown command '{}'{} (the commands: {})\n", terminal_safe(argv[1]), hint,
                 names);
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0 in CLI11: let it print them.
    if (e.get_exit_code() == 0) return app.exit(e);
    if (!print_usage_error) return 2;
    std::string command = known ? std::string(" ") + argv[1] : std::string();
    std::string message = plain_cli_message(e.what());
    // A mistyped flag: name the flag the user probably meant.
    if (known) {
      const std::vector<std::string> flags = cli::flag_names(*known);
      for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg.size() < 3) continue;
        arg = arg.substr(0, arg.find('='));
        if (std::find(flags.begin(), flags.end(), arg) != flags.end()) continue;
        if (auto c = closest(arg, flags)) message += fmt::format("; for '{}', did you mean '{}'?", arg, *c);
      }
    }
    fmt::print(stderr, "parley: error: {}\nparley: see 'parley{} --help' for the usage\n", terminal_safe(message),
               command);
    return 2;
  }
  cli::init_output_width();  // tables and prose fit the terminal (COLUMNS, the tty, else 100)
  try {
    for (auto& [cmd, run] : commands)
      if (cmd->parsed()) {
        int code = run();
        // Under MPI: the processes agree that none failed before any of them exits (one that
        // failed after the last collective would otherwise wait for the others forever).
        if (const Cluster* c = started_cluster()) c->checkpoint();
        return code;
      }
    return 2;
  } catch (const RemoteFailure& e) {
    return e.exit_code();  // another process failed and prints the error (cluster/cluster.h)
  } catch (...) {
    Failure f = describe_failure(std::current_exception());
    // Under MPI the lowest failing rank prints; every process exits with its code.
    if (const Cluster* c = started_cluster()) {
      try {
        if (!c->fail(f.exit_code)) return f.exit_code;
      } catch (...) {
        return f.exit_code;
      }
    }
    fmt::print(stderr, "{}", terminal_safe(f.text));
    return f.exit_code;
  }
}
