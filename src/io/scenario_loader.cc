// The public entry points: the file's bytes checked (size, UTF-8, NUL, one YAML document),
// parsed, and read by ScenarioBuilder (io/loader/: one file per section of the format); the
// diagnostics are sorted by position and thrown together.
#include "io/scenario_loader.h"

#include "core/text.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "io/loader/builder.h"
#include "io/loader/reader.h"

namespace parley {
namespace {

using loader_detail::Reader;
using loader_detail::ScenarioBuilder;

// Where a second YAML document starts, if any. yaml-cpp 0.7's LoadAll can loop forever on some
// malformed input (upstream issue #1040), so documents are counted with a bounded parser loop.
struct DocumentCounter : YAML::EventHandler {
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& m) override { starts.push_back(m); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

std::optional<YAML::Mark> second_document(std::string_view text) {
  // A second document starts after a line beginning (after a byte-order mark, if any) with a
  // marker, `---` or `...`; without one, the text is a single document and the second parse (as
  // long as the first) is skipped.
  bool marker = false;
  for (std::size_t at = 0; at < text.size() && !marker;) {
    if (text.compare(at, 3, "\xEF\xBB\xBF") == 0) at += 3;
    marker = text.compare(at, 3, "---") == 0 || text.compare(at, 3, "...") == 0;
    std::size_t end = text.find_first_of("\r\n", at);
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  if (!marker) return std::nullopt;
  std::stringstream stream{std::string(text)};
  YAML::Parser parser(stream);
  DocumentCounter counter;
  for (int calls = 0; calls < 2 && parser.HandleNextDocument(counter); ++calls) {
  }
  if (counter.starts.size() >= 2) return counter.starts[1];
  return std::nullopt;
}

}  // namespace

Scenario load_scenario_text(std::string_view text, const std::string& file) {
  Reader r(file);
  if (text.size() > kMaxScenarioBytes)
    throw InputError({file, 1, 1}, fmt::format("file is {} bytes, larger than the {} MiB limit for scenarios",
                                                text.size(), kMaxScenarioBytes >> 20));
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    int line = 1, col = 1;
    for (std::size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') { ++line; col = 1; } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) { ++col; }
    }
    throw InputError({file, line, col},
                     fmt::format("file is not UTF-8 text (byte 0x{:02X}); expected a YAML scenario",
                                 static_cast<unsigned char>(text[bad])));
  }
  if (text.find('\0') != std::string_view::npos)
    throw InputError({file, 1, 1}, "file contains NUL bytes; expected a YAML scenario");
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw InputError({file, 1, 1}, "file is empty; expected a YAML scenario (a mapping with parley, id, title, "
                                   "date, actors, issues, preferences)");
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
    if (root.IsDefined() && !root.IsNull()) {
      if (auto second = second_document(text))
        throw InputError(r.loc(*second), "file holds more than one YAML document; expected one scenario per file");
    }
  } catch (const YAML::Exception& e) {
    SourceLoc loc = e.mark.is_null() ? SourceLoc{file, 1, 1} : r.loc(e.mark);
    std::string msg = e.msg;
    if (dynamic_cast<const YAML::DeepRecursion*>(&e)) msg = "nesting is too deep";
    throw InputError(loc, fmt::format("not valid YAML: {}", msg));
  }
  Scenario s;
  s.file = file;
  try {
    ScenarioBuilder(r, s).build(root);
  } catch (const YAML::Exception& e) {  // defensive: yaml-cpp may throw on odd nodes
    r.error({file, e.mark.line + 1, e.mark.column + 1}, fmt::format("unreadable YAML: {}", e.msg));
  }
  auto& diags = r.diagnostics();
  if (!diags.empty()) {
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.loc.line, a.loc.col) < std::tie(b.loc.line, b.loc.col);
    });
    diags.erase(std::unique(diags.begin(), diags.end(),
                            [](const Diagnostic& a, const Diagnostic& b) {
                              return a.loc.line == b.loc.line && a.loc.col == b.loc.col && a.message == b.message;
                            }),
                diags.end());
    throw InputError(std::move(diags));
  }
  return s;
}

Scenario load_scenario_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw InputError({path, 0, 0}, "not a regular file; expected a YAML scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, 0}, "cannot open file");
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size < 0) throw InputError({path, 0, 0}, "cannot read file (is it a directory?)");
  if (static_cast<std::size_t>(size) > kMaxScenarioBytes)
    throw InputError({path, 1, 1}, fmt::format("file is {} bytes, larger than the {} MiB limit for scenarios",
                                               static_cast<long long>(size), kMaxScenarioBytes >> 20));
  in.seekg(0);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), size);
  if (!in) throw InputError({path, 0, 0}, "cannot read file (is it a directory?)");
  return load_scenario_text(text, path);
}

}  // namespace parley
