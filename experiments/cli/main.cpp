// Entry point of the latnas command line; the commands live in experiments/.
#include <iostream>
#include <string>
#include <vector>

#include "experiments/cli/command_line.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  const int status = latnas::run_cli(args, std::cout, std::cerr);
  std::cout.flush();
  return status;
}
