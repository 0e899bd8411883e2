#pragma once
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "spaces/genome.hpp"

namespace latnas {

// An external program that gives top-1 accuracies (e.g. a supernet evaluator such as Once-for-All's
// weights), used instead of the proxy. It is started once, with `/bin/sh -c COMMAND`, and kept
// running. The protocol, per batch: latnas writes one canonical arch string per line to its
// standard input; the program answers with one number (top-1 percent, in [0, 100]) per line, in
// the same order, on its standard output, and waits for more. It is asked each network at most
// once per run (answers are kept), in slot order, so it sees the same requests on any thread count.
class AccuracyCommand {
 public:
  explicit AccuracyCommand(std::string command);
  ~AccuracyCommand();
  AccuracyCommand(const AccuracyCommand&) = delete;
  AccuracyCommand& operator=(const AccuracyCommand&) = delete;

  // Asks for every genome of `batch` not answered yet (archs[i] is the string of batch[i]).
  // Throws InputError naming the command when it exits, or answers something that is not a number.
  void ask(const std::vector<Genome>& batch, const std::vector<std::string>& archs);
  // The answer for a genome already asked.
  std::optional<double> answer(const Genome& g) const;
  std::size_t asked() const;
  const std::string& command() const { return command_; }

 private:
  std::vector<std::string> exchange(const std::vector<std::string>& lines);
  [[noreturn]] void fail(const std::string& what) const;

  std::string command_;
  int pid_ = -1, to_child_ = -1, from_child_ = -1;
  std::string pending_;  // read but not yet a whole line
  std::size_t answers_read_ = 0;
  mutable std::mutex mutex_;
  std::unordered_map<Genome, double> answers_;
};

}  // namespace latnas
