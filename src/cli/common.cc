#include <cctype>
#include <utility>
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

namespace {

class PlainFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (!opt->get_option_text().empty() || opt->get_type_size() == 0 || opt->get_type_name().empty())
      return CLI::Formatter::make_option_opts(opt);  // flags: nothing to add
    const bool positional = opt->get_lnames().empty() && opt->get_snames().empty();
    std::string out = positional ? std::string() : " " + metavar(opt);  // a positional is named already
    if (!opt->get_default_str().empty()) out += " (default " + opt->get_default_str() + ")";
    if (opt->get_expected_max() == CLI::detail::expected_max_vector_size) out += " ...";
    if (opt->get_required()) out += " (required)";
    for (const CLI::Option* other : opt->get_excludes()) out += " (not with " + other->get_name() + ")";
    return out;
  }

 private:
  // TEXT:FILE -> FILE, TEXT:{table,json} -> {table,json}; a bare type -> a word for its value.
  static std::string metavar(const CLI::Option* opt) {
    std::string t = opt->get_type_name();
    for (const char* type : {"TEXT", "INT", "UINT", "FLOAT", "FLOAT ", "BOOLEAN", "NUMBER"}) {
      const std::string prefix = std::string(type) + ":";
      if (t.rfind(prefix, 0) == 0) return t.substr(prefix.size());
    }
    // INT in [0 - 1024] -> N in [0 - 1024]: the range stays, the type word goes.
    for (const auto& [type, word] : {std::pair<const char*, const char*>{"INT", "N"}, {"UINT", "N"}, {"FLOAT", "X"},
                                     {"NUMBER", "X"}}) {
      const std::string ty(type);
      if (t == ty) return word;
      if (t.rfind(ty + " ", 0) == 0) return word + t.substr(ty.size());
    }
    std::string name = opt->get_lnames().empty() ? opt->get_name() : opt->get_lnames().front();
    for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return t.empty() || t == "TEXT" ? name : t;
  }
};

}  // namespace

std::shared_ptr<CLI::Formatter> plain_formatter() { return std::make_shared<PlainFormatter>(); }

std::vector<std::string> flag_names(const CLI::App& cmd) {
  std::vector<std::string> out;
  for (const CLI::Option* opt : cmd.get_options())
    for (const auto& name : opt->get_lnames()) out.push_back("--" + name);
  return out;
}

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
