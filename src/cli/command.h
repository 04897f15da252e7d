// The CLI's subcommands: each lives in its own file (cmd_NAME.cc), declares its flags on a
// CLI11 subcommand, and returns the function that runs it (returning the exit code). The
// front-end only parses flags, calls the library and prints: data to stdout, messages to stderr.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "analyses/bargain/bargain.h"
#include "api/requests.h"  // require_ordinal_issues
#include "core/cost.h"
#include "scenario/params.h"
#include "scenario/scenario.h"
#include "scenario/what_if.h"

namespace parley::cli {

using Runner = std::function<int()>;

Runner add_check(CLI::App& app);
Runner add_analyze(CLI::App& app);
Runner add_params(CLI::App& app);
Runner add_generate(CLI::App& app);
Runner add_timeline(CLI::App& app);
Runner add_compare(CLI::App& app);
Runner add_sequence(CLI::App& app);
Runner add_import(CLI::App& app);
Runner add_export(CLI::App& app);
Runner add_forecast(CLI::App& app);
Runner add_validate(CLI::App& app);
Runner add_sweep(CLI::App& app);
Runner add_report(CLI::App& app);
Runner add_bargain(CLI::App& app);

Runner add_mediate(CLI::App& app);
Runner add_serve(CLI::App& app);
Runner add_levers(CLI::App& app);
Runner add_init(CLI::App& app);

// Help text without the parser's type noise: `--at DATE`-style words from the option's checks
// (FILE, {table,json}) instead of TEXT:FILE, INT, FLOAT (set on the app before adding commands).
std::shared_ptr<CLI::Formatter> plain_formatter();
// The long flags of a command (with --help), for "did you mean" on a mistyped flag.
std::vector<std::string> flag_names(const CLI::App& cmd);

// Shared helpers for subcommands.
// Adds --format table|json.
void add_format_flag(CLI::App& cmd, std::string& format);
// Adds --lang en|zh-TW.
void add_lang_flag(CLI::App& cmd, std::string& lang);
// Adds repeatable --set PATH=VALUE.
void add_set_flag(CLI::App& cmd, std::vector<std::string>& sets);
// Adds --at DATE and repeatable --without EVENT_ID.
void add_what_if_flags(CLI::App& cmd, std::string& at, std::vector<std::string>& without);
// Adds repeatable --without-requirement ACTOR.REQUIREMENT (drops a requirement: a what-if).
void add_without_requirement_flag(CLI::App& cmd, std::vector<std::string>& names);
// Builds a what-if from the flags (throws UsageError on a bad date).
WhatIf what_if_from_flags(const std::vector<std::string>& sets, const std::string& at,
                          const std::vector<std::string>& without);
// The cost model's flags, shared by every command that does sizeable work (docs/budgets.md):
// --budget-seconds S, --budget-memory SIZE (raise or lower the safety margins) and --estimate
// (print the estimate as one JSON line on stdout and stop before the work).
struct BudgetFlags {
  double seconds = 600;
  std::string memory;  // empty: the default (half the physical memory)
  bool estimate = false;
};
void add_budget_flags(CLI::App& cmd, BudgetFlags& flags);
Budget budget_from_flags(const BudgetFlags& flags);
// With --estimate: prints the estimate and returns true (the command then returns 0 without
// working). Otherwise checks it against the budget (throws UsageError) and returns false.
bool estimate_or_check(const CostEstimate& e, const BudgetFlags& flags);
// Writes data (JSON, YAML) to stdout as it is, then flushes.
void print(const std::string& text);
// The width terminal output fits: COLUMNS when set, else the terminal's width, else 100 (piped).
int terminal_columns();
// Sets the width tables fold to and print_text wraps to (render/table.h set_output_width).
void init_output_width();
// Writes text meant for a terminal to stdout, lines wider than the output width wrapped
// (control and bidirectional characters shown as visible marks, core/text.h terminal_safe),
// then flushes.
void print_text(const std::string& text);

}  // namespace parley::cli
