#include "search/generation_log.hpp"

#include <bit>
#include <stdexcept>
#include <string>
#include <utility>

namespace latnas::search {

LogBook::LogBook(std::size_t capacity) : capacity_(capacity) {
  if (capacity < 2) {
    throw std::invalid_argument("log capacity: expected at least 2, got " +
                                std::to_string(capacity));
  }
}

LogBook::LogBook(Contents c) : LogBook(c.capacity) {
  if (!std::has_single_bit(c.stride))
    throw std::invalid_argument("log stride: expected a power of two, got " + std::to_string(c.stride));
  if (c.kept.size() > c.capacity)
    throw std::invalid_argument("kept logs: expected at most " + std::to_string(c.capacity) + ", got " +
                                std::to_string(c.kept.size()));
  for (std::size_t i = 0; i < c.kept.size(); ++i)
    if (c.kept[i].generation % c.stride != 0 || (i > 0 && c.kept[i].generation <= c.kept[i - 1].generation))
      throw std::invalid_argument("kept logs: expected increasing multiples of " + std::to_string(c.stride) +
                                  ", got generation " + std::to_string(c.kept[i].generation));
  stride_ = c.stride;
  kept_ = std::move(c.kept);
  last_ = std::move(c.last);
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
