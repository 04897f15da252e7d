// `parley import ktab`: KTAB's SMP CSV.
#include "common.h"
#include "io/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_clean([&] { (void)parley::import_ktab_text(parley::fuzz::as_text(data, size), "fuzz.csv"); });
  return 0;
}
