#include <cstdio>
#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>
#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/error.h"
#include "core/text.h"
#include "core/wrap.h"
#include "io/scenario_loader.h"
#include "render/table.h"

namespace parley::cli {

void add_format_flag(CLI::App& cmd, std::string& format) {
  cmd.add_option("--format", format, "Output format")->check(CLI::IsMember({"table", "json"}))->default_val("table");
}

void add_lang_flag(CLI::App& cmd, std::string& lang) {
  cmd.add_option("--lang", lang, "Language of names and text in tables")
      ->check(CLI::IsMember({"en", "zh-TW"}))
      ->default_val("en");
}

void add_set_flag(CLI::App& cmd, std::vector<std::string>& sets) {
  cmd.add_option("--set", sets,
                 "Override a parameter, PATH=VALUE (repeatable); e.g. US.reservation=0.5, "
                 "US.sanctions_relief.partial=60, US.sanctions_relief.salience=30. "
                 "`parley params FILE` lists the paths")
      ->take_all()
      ->allow_extra_args(false);
}

void add_what_if_flags(CLI::App& cmd, std::string& at, std::vector<std::string>& without) {
  cmd.add_option("--at", at, "Evaluate the scenario as of this date (YYYY-MM-DD): events up to it apply, "
                             "deadlines take their effect at it (default: the scenario's date)");
  cmd.add_option("--without", without, "Remove an event (counterfactual); repeatable")
      ->take_all()
      ->allow_extra_args(false);
}

void add_without_requirement_flag(CLI::App& cmd, std::vector<std::string>& names) {
  cmd.add_option("--without-requirement", names,
                 "Drop a requirement, ACTOR.REQUIREMENT (counterfactual); repeatable, e.g. DPRK.security-first")
      ->take_all()
      ->allow_extra_args(false);
}

WhatIf what_if_from_flags(const std::vector<std::string>& sets, const std::string& at,
                          const std::vector<std::string>& without) {
  WhatIf w;
  for (const auto& s : sets) w.overrides.push_back(parse_override(s));
  if (!at.empty()) {
    auto d = parse_date(at);
    if (!d) throw UsageError(fmt::format("--at '{}' is not a valid date; expected YYYY-MM-DD", at));
    w.at = *d;
  }
  w.without = without;
  return w;
}

void add_budget_flags(CLI::App& cmd, BudgetFlags& flags) {
  cmd.add_option("--budget-seconds", flags.seconds,
                 "Refuse work estimated to take longer than this many seconds (default 600; docs/budgets.md)")
      ->check(CLI::PositiveNumber)
      ->default_val(600);
  cmd.add_option("--budget-memory", flags.memory,
                 "Refuse work estimated to need more memory than this, e.g. 2G, 500M (default: half the physical "
                 "memory; never more than the machine has)");
  cmd.add_flag("--estimate", flags.estimate, "Print the estimated time and memory as JSON and stop");
}

Budget budget_from_flags(const BudgetFlags& flags) {
  Budget b;
  b.seconds = flags.seconds;
  b.seconds_given = flags.seconds != 600;
  if (!flags.memory.empty()) {
    b.bytes = parse_bytes(flags.memory);
    if (!(b.bytes > 0))
      throw UsageError(fmt::format("--budget-memory '{}': expected a size such as 4G, 500M or 1048576", flags.memory));
    b.bytes_given = true;
  }
  return b;
}

bool estimate_or_check(const CostEstimate& e, const BudgetFlags& flags) {
  Budget b = budget_from_flags(flags);
  if (flags.estimate) {
    nlohmann::json j;
    j["seconds"] = e.seconds;
    j["bytes"] = e.bytes;
    j["what"] = e.what;
    j["budget_seconds"] = b.seconds;
    j["budget_bytes"] = b.bytes > 0 ? b.bytes : default_memory_budget();
    print(j.dump() + "\n");
    return true;
  }
  check_budget(e, b);
  return false;
}

void print(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

int terminal_columns() {
  if (const char* env = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const long n = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && n > 0) return static_cast<int>(std::clamp(n, 20L, 10000L));
  }
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return std::max(20, static_cast<int>(ws.ws_col));
  return 100;
}

void init_output_width() { set_output_width(terminal_columns()); }

void print_text(const std::string& text) { print(wrap_lines(terminal_safe(text), output_width())); }

}  // namespace parley::cli
