// The flags' text parsers: --set PATH=VALUE, --at DATE, --without EVENT, --without-requirement,
// compare's what-if items, --package ISSUE=OPTION,..., --tactic NAME:p=v, --step, durations and
// --budget-memory sizes. The first byte picks the parser; the what-ifs are then applied to the
// flagship scenario, the way every command applies them.
#include "analyses/bargain/tactics.h"
#include "api/requests.h"
#include "common.h"
#include "core/cost.h"
#include "core/date.h"
#include "io/scenario_loader.h"
#include "scenario/params.h"
#include "scenario/what_if.h"

namespace {

const parley::Scenario& base() {
  static const parley::Scenario s = parley::load_scenario_file(PARLEY_FUZZ_SOURCE_DIR "/scenarios/hanoi-2019.yaml");
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(parley::fuzz::as_text(data + 1, size - 1));
  parley::fuzz::expect_clean([&] {
    parley::WhatIf w;
    switch (data[0] % 9) {
      case 0: w.overrides.push_back(parley::parse_override(text)); break;
      case 1: {
        auto d = parley::parse_date(text);
        if (d) w.at = d;
        break;
      }
      case 2: w.without.push_back(text); break;
      case 3: w.without_requirements.push_back(text); break;
      case 4: {
        for (const auto& item : parley::fuzz::split_parts(text, "\n")) parley::add_what_if_item(w, item);
        break;
      }
      case 5: (void)parley::parse_package_text(base(), text); return;
      case 6: {
        const auto spec = parley::parse_tactic(text);
        if (!parley::check_tactic(spec).empty()) parley::fuzz::finding("parse_tactic accepted a spec check_tactic refuses", text);
        (void)parley::describe_tactic(spec);
        (void)parley::make_tactic(spec);
        return;
      }
      case 7: (void)parley::parse_step(text); (void)parley::parse_duration(text); return;
      case 8: (void)parley::parse_bytes(text); return;
    }
    parley::validate_what_if(base(), w);
    (void)parley::apply_what_if(base(), w);
  });
  return 0;
}
