#pragma once
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

namespace latnas {

// A subcommand of `latnas`: building its options is kept apart from running it.
struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

// Every subcommand, in the order `latnas --help` lists them.
const std::vector<Command>& commands();

// The whole command line after the program name; returns the exit status (2 for bad input, with
// one line on `err` naming the problem).
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Parses a subcommand's options; Boost's errors become InputError naming the option. Returns
// false (after printing the usage to `out`) when --help was asked for.
bool parse_command_line(const std::vector<std::string>& args, const boost::program_options::options_description& options,
                        boost::program_options::variables_map& vm, std::string_view usage, std::ostream& out);


}  // namespace latnas
