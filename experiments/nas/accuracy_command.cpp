#include "experiments/nas/accuracy_command.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <unordered_set>

#include "costmodel/error.hpp"
#include "experiments/nas/accuracy_table.hpp"

namespace latnas {

AccuracyCommand::AccuracyCommand(std::string command) : command_(std::move(command)) {
  if (command_.empty()) throw InputError("--accuracy-command: expected a command, got ''");
  int in[2], out[2];
  if (::pipe(in) != 0 || ::pipe(out) != 0) throw InputError("--accuracy-command: cannot create pipes");
  // A program that exits early must give an error, not kill latnas on its next write.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, nullptr);
  pid_ = ::fork();
  if (pid_ < 0) throw InputError("--accuracy-command: cannot start '" + command_ + "'");
  if (pid_ == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::close(in[0]);
    ::close(in[1]);
    ::close(out[0]);
    ::close(out[1]);
    ::execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  to_child_ = in[1];
  from_child_ = out[0];
}

AccuracyCommand::~AccuracyCommand() {
  if (to_child_ >= 0) ::close(to_child_);  // end of input: the program should exit
  if (from_child_ >= 0) ::close(from_child_);
  if (pid_ > 0) {
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

void AccuracyCommand::fail(const std::string& what) const {
  throw InputError("--accuracy-command '" + command_ + "': " + what);
}

// Writes every line and reads as many answers, interleaved with poll() so that neither side can
// block the other on a full pipe.
std::vector<std::string> AccuracyCommand::exchange(const std::vector<std::string>& lines) {
  std::string request;
  for (const std::string& l : lines) request += l + '\n';
  std::size_t written = 0;
  std::vector<std::string> answers;
  while (answers.size() < lines.size()) {
    pollfd fds[2] = {{from_child_, POLLIN, 0}, {to_child_, POLLOUT, 0}};
    const nfds_t n = written < request.size() ? 2 : 1;
    if (::poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      fail("poll failed");
    }
    if (n == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t w = ::write(to_child_, request.data() + written, request.size() - written);
      if (w < 0 && errno != EINTR && errno != EAGAIN) fail("the program stopped reading its input");
      if (w > 0) written += static_cast<std::size_t>(w);
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[4096];
      const ssize_t r = ::read(from_child_, buf, sizeof buf);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0)
        fail("the program ended after " + std::to_string(answers_read_ + answers.size()) + " answers; " +
             std::to_string(lines.size() - answers.size()) + " of this batch unanswered");
      pending_.append(buf, static_cast<std::size_t>(r));
      std::size_t nl;
      while ((nl = pending_.find('\n')) != std::string::npos && answers.size() < lines.size()) {
        answers.push_back(pending_.substr(0, nl));
        pending_.erase(0, nl + 1);
      }
    }
  }
  answers_read_ += answers.size();
  return answers;
}

void AccuracyCommand::ask(const std::vector<Genome>& batch, const std::vector<std::string>& archs) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> lines;
  std::vector<const Genome*> keys;
  std::unordered_set<Genome> queued;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (answers_.count(batch[i]) || !queued.insert(batch[i]).second) continue;
    lines.push_back(archs[i]);
    keys.push_back(&batch[i]);
  }
  if (lines.empty()) return;
  const std::size_t first = answers_read_;
  const std::vector<std::string> got = exchange(lines);
  for (std::size_t i = 0; i < got.size(); ++i) {
    std::string v = got[i];
    if (!v.empty() && v.back() == '\r') v.pop_back();
    const std::optional<double> x = parse_top1(v);
    if (!x) fail("answer " + std::to_string(first + i + 1) + ": expected a top-1 percentage in [0, 100], got '" + v + "'");
    answers_.emplace(*keys[i], *x);
  }
}

std::optional<double> AccuracyCommand::answer(const Genome& g) const {
  std::lock_guard lock(mutex_);
  const auto it = answers_.find(g);
  if (it == answers_.end()) return std::nullopt;
  return it->second;
}

std::size_t AccuracyCommand::asked() const {
  std::lock_guard lock(mutex_);
  return answers_.size();
}

}  // namespace latnas
