#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace latnas {

// `latnas space`: a search space's knobs, exact size and MAC/latency range; or N sampled networks
// (--sample N --seed S), or the whole space (--enumerate, up to 10^8 networks), scored, as a table
// or CSV (arch,resolution,macs,params,gpu_ms,cpu_ms,accuracy_proxy,...). Bad input throws
// InputError (an unknown space lists the known ones).
int run_space_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latnas
