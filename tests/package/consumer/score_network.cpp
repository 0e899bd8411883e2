// Scores one network given as an architecture string, through the installed latnas package.
#include <cstdio>
#include <exception>

#include "costmodel/accuracy_proxy.hpp"
#include "costmodel/device_profile.hpp"
#include "costmodel/network_spec.hpp"
#include "costmodel/scorer.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: score_network ARCH\n");
    return 2;
  }
  try {
    const latnas::Scorer scorer(latnas::DeviceProfile::resolve("orin-agx-50w"), latnas::make_proxy("calibrated"));
    const latnas::Score s = scorer.score(latnas::parse_canonical(argv[1]));
    std::printf("macs %llu\nparams %llu\ngpu_ms %.9g\n", static_cast<unsigned long long>(s.macs),
                static_cast<unsigned long long>(s.params), s.gpu_ms);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "score_network: %s\n", e.what());
    return 2;
  }
  return 0;
}
