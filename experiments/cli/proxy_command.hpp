#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace latnas {

// `latnas proxy`: what an accuracy proxy is and how far it can be trusted.
//   --report: per calibration network, published vs predicted (as shipped, leave-one-out and
//             leave-one-family-out), the error figures and Kendall tau, the coefficients and the
//             chosen hyperparameters, for one proxy or all of them side by side.
//   --model NAME | --arch STRING: one network's prediction with its in-range flag.
int run_proxy_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace latnas
