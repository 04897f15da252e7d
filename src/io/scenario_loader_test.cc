// The loader against the malformed-input corpus (tests/data/bad/): each NAME.yaml has a
// NAME.expected whose first line says whether the JSON Schema also rejects it and whose other
// lines are the exact diagnostics, one per line. Plus inputs that are generated rather than
// committed (huge, deeply nested, binary).
#include "io/scenario_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace parley {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string diagnostics_of(const std::string& text, const std::string& name) {
  try {
    load_scenario_text(text, name);
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += format_diagnostic(d) + "\n";
    return out;
  }
  return "";
}

TEST(scenario_loader_test, bad_corpus_gives_exact_messages) {
  fs::path dir = fs::path(PARLEY_SOURCE_DIR) / "tests/data/bad";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    fs::path expected_file = entry.path();
    expected_file.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected_file)) << expected_file;
    std::string expected = read(expected_file);
    expected = expected.substr(expected.find('\n') + 1);  // drop the "# schema: ..." line
    std::string name = "tests/data/bad/" + entry.path().filename().string();
    EXPECT_EQ(diagnostics_of(read(entry.path()), name), expected) << name;
  }
  EXPECT_GE(files, 25);
}

TEST(scenario_loader_test, good_files_load) {
  for (const char* dir : {"tests/data/good", "scenarios"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(PARLEY_SOURCE_DIR) / dir)) {
      if (entry.path().extension() != ".yaml") continue;
      EXPECT_NO_THROW(load_scenario_file(entry.path().string())) << entry.path();
    }
  }
}

TEST(scenario_loader_test, empty_and_whitespace_files) {
  EXPECT_EQ(diagnostics_of("", "e.yaml"),
            "e.yaml:1:1: error: file is empty; expected a YAML scenario (a mapping with parley, id, title, date, "
            "actors, issues, preferences)\n");
  EXPECT_EQ(diagnostics_of("  \n\n", "e.yaml"), diagnostics_of("", "e.yaml"));
}

TEST(scenario_loader_test, huge_file_is_refused_before_parsing) {
  std::string text(kMaxScenarioBytes + 1, '#');
  EXPECT_EQ(diagnostics_of(text, "big.yaml"),
            "big.yaml:1:1: error: file is 16777217 bytes, larger than the 16 MiB limit for scenarios\n");
}

TEST(scenario_loader_test, deep_nesting_is_an_error_not_a_crash) {
  std::string text = "parley: 1\nid: x\ntitle: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  std::string out = diagnostics_of(text, "deep.yaml");
  EXPECT_NE(out.find("deep.yaml:3:"), std::string::npos) << out;
  EXPECT_NE(out.find("error: not valid YAML"), std::string::npos) << out;
}

TEST(scenario_loader_test, random_bytes_never_crash) {
  std::uint64_t state = 12345;
  for (int trial = 0; trial < 300; ++trial) {
    std::string text;
    int n = static_cast<int>(state % 400);
    for (int i = 0; i < n; ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += static_cast<char>(state >> 56);
    }
    std::string out = diagnostics_of(text, "fuzz.yaml");
    EXPECT_NE(out.find("fuzz.yaml:"), std::string::npos) << "accepted random bytes?";
  }
}

TEST(scenario_loader_test, mutated_scenarios_never_crash) {
  // Take a valid scenario and corrupt one byte at a time: every outcome is either a valid
  // scenario or diagnostics with a location.
  std::string base = read(fs::path(PARLEY_SOURCE_DIR) / "tests/data/good/03-interactions.yaml");
  const std::string junk = ":-[]{}#&*!|>'\"%@` \n\t0x";
  for (std::size_t i = 0; i < base.size(); i += 7) {
    for (char c : junk) {
      std::string t = base;
      t[i] = c;
      try {
        load_scenario_text(t, "m.yaml");
      } catch (const InputError& e) {
        ASSERT_FALSE(e.diagnostics().empty());
        for (const auto& d : e.diagnostics()) EXPECT_EQ(d.loc.file, "m.yaml");
      }
    }
  }
}

TEST(scenario_loader_test, missing_file_and_directory) {
  EXPECT_THROW(load_scenario_file("/nonexistent/x.yaml"), InputError);
  EXPECT_THROW(load_scenario_file(PARLEY_SOURCE_DIR "/tests"), InputError);
}

}  // namespace
}  // namespace parley
