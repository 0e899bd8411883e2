#pragma once
#include <string>

#include "costmodel/network_spec.hpp"

namespace latnas {

// Once-for-All's subnet configuration of a network of the `ofa-mbv3` space, as JSON:
//   {"wid": null, "ks": [20 kernels], "e": [20 expansions], "d": [5 depths], "r": [resolution]}
// ks and e hold 4 entries per stage (OFA's largest depth); entries past a stage's depth are unused
// by OFA and repeat the stage's last active block. Pass them to OFAMobileNetV3's
// set_active_subnet(ks=..., e=..., d=...) and evaluate at resolution r.
// Throws InputError when the network is not a member of the space.
std::string ofa_subnet_config(const NetworkSpec& spec);

}  // namespace latnas
