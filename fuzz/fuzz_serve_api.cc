// `parley serve`'s request bodies (src/serve/api.h): the first byte picks the route, the rest is the
// body, against the toy scenario (scenarios/toy-two-party.yaml: small, so that the routes' work stays
// quick under the sanitizers; PARLEY_FUZZ_SCENARIO names another) with small limits. A response or a 4xx refusal is fine;
// status 500 (an internal error reached the client) is a finding.
#include <memory>

#include "common.h"
#include "io/scenario_loader.h"
#include "serve/api.h"

namespace {

const parley::Scenario& base() {
  static const parley::Scenario s = [] {
    const char* file = std::getenv("PARLEY_FUZZ_SCENARIO");
    return parley::load_scenario_file(file ? file : PARLEY_FUZZ_SOURCE_DIR "/scenarios/toy-two-party.yaml");
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& routes = parley::api_routes();
  const std::string body(parley::fuzz::as_text(data + 1, size - 1));
  parley::ApiLimits limits;
  limits.seconds = 0.02;
  limits.threads = 1;
  limits.max_samples = 200;
  const std::size_t pick = data[0] % (routes.size() + 3);
  try {
    if (pick < routes.size()) (void)parley::api_call(routes[pick], body, base(), limits);
    else if (pick == routes.size()) (void)parley::api_scenario_yaml(body, base());
    else if (pick == routes.size() + 1) (void)parley::api_channel(body);
    else (void)parley::api_call("no-such-route", body, base(), limits);
  } catch (const std::exception& e) {
    const auto f = parley::api_failure(e);
    if (f.status >= 500) parley::fuzz::finding("status 500", f.text);
  }
  return 0;
}
