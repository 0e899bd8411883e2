#pragma once
#include <stdexcept>
#include <string>

namespace latnas {

// Bad input from a user (file, string, option). The CLI prints what() on one line and exits 2.
// Messages name the file, line, token or option and say "expected X, got Y" where they can.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace latnas
