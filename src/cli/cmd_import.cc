// parley import FORMAT IN... -o OUT: turns another tool's spatial-model input (actors-csv, ktab,
// decide, deu) into a scenario file with continuous issues (io/importers.h describes the
// formats and the conversions; deu writes one scenario per issue into the directory OUT), or
// an automated-negotiation domain with its profiles (genius, geniusweb: io/genius.h) into a
// scenario with ordinal issues, one party per profile.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <set>

#include "cli/command.h"
#include "core/version.h"
#include "core/text.h"
#include "io/genius.h"
#include "io/importers.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"

namespace parley::cli {
namespace {

std::pair<double, double> parse_range(const std::string& text) {
  auto comma = text.find(',');
  auto num = [&](std::string_view t, double& v) {
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return ec == std::errc() && ptr == t.data() + t.size() && std::isfinite(v);
  };
  double lo = 0, hi = 0;
  if (comma == std::string::npos || !num(std::string_view(text).substr(0, comma), lo) ||
      !num(std::string_view(text).substr(comma + 1), hi) || !(lo < hi))
    throw UsageError(fmt::format("--range '{}': expected LO,HI with LO < HI (e.g. 0,100)", text));
  if (std::fabs(lo) > kMaxRangeMagnitude || std::fabs(hi) > kMaxRangeMagnitude)
    throw UsageError(fmt::format("--range '{}': expected LO and HI from {:g} to {:g}", text, -kMaxRangeMagnitude,
                                 kMaxRangeMagnitude));
  return {lo, hi};
}

// The YAML text of an imported scenario, with a first comment line naming where it came from.
// The importers build valid scenarios and the writer writes them loadably; the text is not
// loaded again here (that doubled the time and memory of an import: docs/performance.md):
// importers_test loads what each importer writes, including a 10^4-actor import.
std::string yaml_of(const Scenario& s, const std::string& format, const std::vector<std::string>& inputs) {
  std::string names;
  for (const auto& in : inputs) names += (names.empty() ? "" : ", ") + std::filesystem::path(in).filename().string();
  const std::string& in = inputs.front();
  std::string yaml = fmt::format("# Imported by parley {} (`parley import {}`) from {}; the description says how the "
                                 "numbers were converted.\n",
                                 kVersion, format, names) +
                     scenario_to_yaml(s);
  // Fields are at most 1 MiB each (importers.cc), but many long ones add up: refused before
  // writing, as bad input (the loader would refuse the file).
  if (yaml.size() > kMaxScenarioBytes)
    throw InputError({in, 0, 0}, fmt::format("the scenario '{}' made from this file would be {} bytes, larger than the "
                                             "{} MiB limit for scenario files; expected shorter names and descriptions",
                                             s.id, yaml.size(), kMaxScenarioBytes >> 20));
  return yaml;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw UsageError(fmt::format("cannot write '{}'", path));
  out << text;
  out.close();
  if (!out) throw UsageError(fmt::format("cannot write '{}'", path));
}

}  // namespace

Runner add_import(CLI::App& app) {
  auto* cmd = app.add_subcommand("import", "Convert another tool's input into a scenario file: spatial models "
                                           "(actors-csv, ktab, decide, deu: continuous issues) or negotiation "
                                           "domains (genius, geniusweb: a domain and one profile per party)");
  struct Opts {
    std::string format, out, issue, range;
    std::vector<std::string> inputs;
    int real_steps = 21;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FORMAT", o->format, "Input format: actors-csv, ktab, decide, deu, genius or geniusweb (see "
                                       "docs/scenario-format.md)")
      ->required()
      ->check(CLI::IsMember(import_formats()));
  cmd->add_option("IN", o->inputs, "Input file; for genius and geniusweb the domain file, then one profile per party")
      ->required();
  cmd->add_option("-o,--output", o->out, "Output scenario file (default: standard output); for deu, the directory "
                                         "that receives one scenario per issue (required)");
  cmd->add_option("--issue", o->issue, "actors-csv: id of the continuous issue (default: position)");
  cmd->add_option("--range", o->range, "actors-csv, ktab: range LO,HI of the issues (default: 0,100 when every "
                                       "position lies in it, else the whole numbers around the positions)");
  cmd->add_option("--real-steps", o->real_steps, "genius: options of a real-valued issue, evenly spaced from its lower "
                                                 "to its upper bound (GENIUS enumerates 21)")
      ->check(CLI::Range(2, 64))
      ->default_val(21);
  return [o] {
    const bool negotiation = o->format == "genius" || o->format == "geniusweb";
    if (negotiation) {
      if (o->inputs.size() < 3)
        throw UsageError(fmt::format("import {} reads the domain file, then one profile per party: expected at least "
                                     "3 files (a domain and two profiles), got {}", o->format, o->inputs.size()));
      if (!o->issue.empty() || !o->range.empty())
        throw UsageError(fmt::format("--issue and --range apply to the spatial-model formats, not to {}", o->format));
      std::vector<std::string> profiles(o->inputs.begin() + 1, o->inputs.end());
      GeniusImport im;
      if (o->format == "genius") {
        GeniusOptions gopt;
        gopt.real_steps = o->real_steps;
        im = import_genius(o->inputs.front(), profiles, gopt);
      } else {
        if (o->real_steps != 21) throw UsageError("--real-steps applies to the genius format only");
        im = import_geniusweb(o->inputs.front(), profiles);
      }
      for (const auto& w : im.warnings) fmt::print(stderr, "{}\n", terminal_safe(format_diagnostic(w, "warning")));
      std::string yaml = yaml_of(im.scenario, o->format, o->inputs);
      if (o->out.empty() || o->out == "-") {
        print(yaml);
      } else {
        write_file(o->out, yaml);
        fmt::print(stderr, "{}: wrote {}: scenario '{}', {} parties, {} issues\n", o->inputs.front(), o->out,
                   terminal_safe(im.scenario.id), im.scenario.actors.size(), im.scenario.issues.size());
      }
      return 0;
    }
    if (o->inputs.size() != 1)
      throw UsageError(fmt::format("import {} reads one input file, got {}", o->format, o->inputs.size()));
    if (o->real_steps != 21) throw UsageError("--real-steps applies to the genius format only");
    const std::string& in = o->inputs.front();
    ImportOptions opt;
    if (!o->issue.empty()) {
      if (o->format != "actors-csv") throw UsageError("--issue applies to the actors-csv format only");
      bool ok = o->issue.size() <= 64 && std::isalpha(static_cast<unsigned char>(o->issue[0])) &&
                std::all_of(o->issue.begin(), o->issue.end(), [](char c) {
                  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                });
      if (!ok || o->issue == "trust" || o->issue == "support")
        throw UsageError(fmt::format("--issue '{}' is not a valid issue id; expected a letter followed by letters, "
                                     "digits, '_' or '-' (at most 64 characters; not trust or support)", o->issue));
      opt.issue = o->issue;
    }
    if (!o->range.empty()) {
      if (o->format != "actors-csv" && o->format != "ktab")
        throw UsageError(fmt::format("--range applies to the actors-csv and ktab formats only ({} gives its own ranges)",
                                     o->format));
      opt.range = parse_range(o->range);
    }
    if (o->format == "deu") {
      if (o->out.empty()) throw UsageError("import deu writes one scenario per issue: give the output directory with -o DIR");
      auto scenarios = import_deu(in);
      std::error_code ec;
      std::filesystem::create_directories(o->out, ec);
      if (ec || !std::filesystem::is_directory(o->out))
        throw UsageError(fmt::format("cannot create the output directory '{}'", o->out));
      // One file per scenario: the importer makes the ids unique ignoring case; a repeat here
      // would overwrite a file, so it is a bug in the importer.
      std::set<std::string> names;
      for (const auto& s : scenarios) {
        std::string name = s.id + ".yaml";
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!names.insert(name).second)
          throw InternalError(fmt::format("import deu: two scenarios would be written to the file '{}.yaml'", s.id));
      }
      int with_outcome = 0;
      for (const auto& s : scenarios) {
        write_file((std::filesystem::path(o->out) / (s.id + ".yaml")).string(), yaml_of(s, o->format, o->inputs));
        with_outcome += s.continuous[0].has_outcome;
      }
      fmt::print(stderr, "{}: wrote {} scenarios ({} with an outcome) to {}\n", in, scenarios.size(), with_outcome,
                 o->out);
      return 0;
    }
    Scenario s = o->format == "actors-csv" ? import_actors_csv(in, opt)
                 : o->format == "ktab"     ? import_ktab(in, opt)
                                           : import_decide(in);
    std::string yaml = yaml_of(s, o->format, o->inputs);
    if (o->out.empty() || o->out == "-") {
      print(yaml);
    } else {
      write_file(o->out, yaml);
      fmt::print(stderr, "{}: wrote {}: scenario '{}', {} actors, {} continuous issue{}\n", in, o->out, s.id,
                 s.actors.size(), s.continuous.size(), s.continuous.size() == 1 ? "" : "s");
    }
    return 0;
  };
}

}  // namespace parley::cli
