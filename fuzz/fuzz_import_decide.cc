// `parley import decide`: the Decide exchange model's #A/#P/#M/#D lines.
#include "common.h"
#include "io/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_clean([&] { (void)parley::import_decide_text(parley::fuzz::as_text(data, size), "fuzz.txt"); });
  return 0;
}
