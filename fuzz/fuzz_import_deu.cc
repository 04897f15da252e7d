// `parley import deu`: the DEU data set's tab-separated table.
#include "common.h"
#include "io/importers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  parley::fuzz::expect_clean([&] { (void)parley::import_deu_text(parley::fuzz::as_text(data, size), "fuzz.tsv"); });
  return 0;
}
