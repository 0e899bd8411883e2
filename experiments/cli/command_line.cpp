#include "experiments/cli/command_line.hpp"

#include <exception>
#include <iostream>
#include <new>
#include <stdexcept>

#include "costmodel/error.hpp"
#include "experiments/outputs/text_output.hpp"

namespace po = boost::program_options;

namespace latnas {

bool parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                        po::variables_map& vm, std::string_view usage, std::ostream& out) {
  po::options_description all = options;
  all.add_options()("help,h", "show this help");
  try {
    // No positional arguments: every value is named, so a typo cannot silently become an input.
    const po::parsed_options parsed =
        po::command_line_parser(args).options(all).style(po::command_line_style::default_style &
                                                          ~po::command_line_style::allow_guessing).run();
    // Without a positional description Boost keeps a stray word as an option with no name and
    // store() drops it silently; it is a mistake (a missing --option, a value with a space).
    for (const po::option& o : parsed.options)
      if (o.string_key.empty() && !o.original_tokens.empty())
        throw InputError("unexpected argument '" + o.original_tokens.front() +
                         "': expected --OPTION VALUE pairs (this command takes no positional arguments)");
    po::store(parsed, vm);
    if (vm.count("help")) {
      out << usage << "\n\n" << all << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(e.what());
  }
  return true;
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto usage = [&] {
    out << "latnas: hardware-aware neural architecture search for the Jetson AGX Orin (50 W)\n\n"
           "usage: latnas COMMAND [OPTIONS]      (latnas COMMAND --help for its options)\n\ncommands:\n";
    for (const Command& c : commands()) {
      out << "  " << c.name << std::string(10 - std::min<std::size_t>(c.name.size(), 9), ' ') << c.summary << "\n";
    }
    out << "\n  --version  print the version\n  --help     this help\n";
  };
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    usage();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    out << version_string() << "\n";
    return 0;
  }
  for (const Command& c : commands()) {
    if (c.name != args[0]) continue;
    try {
      return c.run({args.begin() + 1, args.end()}, out, err);
    } catch (const InputError& e) {
      err << "latnas " << c.name << ": " << e.what() << "\n";
      return 2;
    } catch (const std::invalid_argument& e) {
      err << "latnas " << c.name << ": " << e.what() << "\n";
      return 2;
    } catch (const std::bad_alloc&) {
      err << "latnas " << c.name << ": out of memory\n";
      return 1;
    } catch (const std::exception& e) {
      err << "latnas " << c.name << ": internal error: " << e.what() << "\n";
      return 1;
    }
  }
  std::string known;
  for (const Command& c : commands()) known += (known.empty() ? "" : ", ") + std::string(c.name);
  err << "latnas: unknown command '" << args[0] << "'; known: " << known << "\n";
  return 2;
}

}  // namespace latnas
