// `parley import genius DOMAIN PROFILE...`: the input is the domain file, then each profile, separated
// by a line "=====" (fuzz/common.h split_parts).
#include "common.h"
#include "io/genius.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parts = parley::fuzz::split_parts(parley::fuzz::as_text(data, size));
  if (parts.size() > 8) return 0;  // more profiles add nothing the first ones do not reach
  parley::InputText domain{"domain.xml", parts[0]};
  std::vector<parley::InputText> profiles;
  for (std::size_t k = 1; k < parts.size(); ++k) profiles.push_back({"profile-" + std::to_string(k) + ".xml", parts[k]});
  parley::fuzz::expect_clean([&] { (void)parley::import_genius_text(domain, profiles); });
  return 0;
}
