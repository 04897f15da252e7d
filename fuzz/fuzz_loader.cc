// The scenario loader alone (parse and validate): any bytes in, a Scenario or an InputError out.
#include "common.h"
#include "io/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_clean([&] { (void)parley::load_scenario_text(parley::fuzz::as_text(data, size), "fuzz.yaml"); });
  return 0;
}
