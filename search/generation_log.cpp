#include "search/generation_log.hpp"

#include <stdexcept>
#include <string>

namespace latnas::search {

LogBook::LogBook(std::size_t capacity) : capacity_(capacity) {
  if (capacity < 2) {
    throw std::invalid_argument("log capacity: expected at least 2, got " +
                                std::to_string(capacity));
  }
}

void LogBook::record(const GenerationLog& log) {
  last_ = log;
  if (log.generation % stride_ != 0) return;
  if (kept_.size() == capacity_) {
    stride_ *= 2;
    std::erase_if(kept_, [&](const GenerationLog& kept) { return kept.generation % stride_ != 0; });
    if (log.generation % stride_ != 0) return;
  }
  kept_.push_back(log);
}

std::vector<GenerationLog> LogBook::finish() && {
  if (last_ && (kept_.empty() || kept_.back().generation != last_->generation)) {
    kept_.push_back(std::move(*last_));
  }
  return std::move(kept_);
}

}  // namespace latnas::search
