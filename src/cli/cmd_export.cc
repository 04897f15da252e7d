// parley export genius|geniusweb FILE -o DIR: writes the scenario's additive deal space as a
// GENIUS XML or GeniusWeb JSON domain with one profile per party (io/genius.h); refuses, with
// every reason at its place in FILE, what those formats cannot express.
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "cli/command.h"
#include "core/text.h"
#include "io/genius.h"
#include "io/scenario_loader.h"

namespace parley::cli {

Runner add_export(CLI::App& app) {
  auto* cmd = app.add_subcommand("export", "Write a scenario as a GENIUS (XML) or GeniusWeb (JSON) domain with one "
                                           "additive profile per party");
  struct Opts {
    std::string format, file, out;
  };
  auto o = std::make_shared<Opts>();
  cmd->add_option("FORMAT", o->format, "Output format: genius or geniusweb (see docs/scenario-format.md)")
      ->required()
      ->check(CLI::IsMember({"genius", "geniusweb"}));
  cmd->add_option("FILE", o->file, "Scenario file (YAML)")->required();
  cmd->add_option("-o,--output", o->out, "Directory that receives the domain file and the profiles")->required();
  return [o] {
    Scenario s = load_scenario_file(o->file);
    GeniusExport ex = o->format == "genius" ? export_genius(s) : export_geniusweb(s);
    std::error_code ec;
    std::filesystem::create_directories(o->out, ec);
    if (ec || !std::filesystem::is_directory(o->out))
      throw UsageError(fmt::format("cannot create the output directory '{}'", o->out));
    for (const auto& f : ex.files) {
      std::string path = (std::filesystem::path(o->out) / f.name).string();
      std::ofstream out(path, std::ios::binary);
      out << f.text;
      out.close();
      if (!out) throw UsageError(fmt::format("cannot write '{}'", path));
    }
    for (const auto& n : ex.notes) fmt::print(stderr, "{}: note: {}\n", o->file, terminal_safe(n));
    fmt::print(stderr, "{}: wrote {} to {}: the domain {} and {} profile{}\n", o->file,
               o->format == "genius" ? "GENIUS XML" : "GeniusWeb JSON", o->out, ex.files.front().name,
               ex.files.size() - 1, ex.files.size() == 2 ? "" : "s");
    return 0;
  };
}

}  // namespace parley::cli
