#include "common/background_output.h"

#include <utility>

namespace habeas {

BackgroundOutput::BackgroundOutput(std::ostream& out, size_t max_pending)
    : out_(out), max_pending_(max_pending), thread_([this] { WriteChunks(); }) {}

BackgroundOutput::~BackgroundOutput() {
  try {
    Close();
  } catch (...) {
  }
}

void BackgroundOutput::Write(std::string&& chunk) {
  std::unique_lock<std::mutex> lock(mutex_);
  room_.wait(lock, [&] { return chunks_.size() < max_pending_; });
  chunks_.push_back(std::move(chunk));
  ready_.notify_one();
}

void BackgroundOutput::Close() {
  if (thread_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    ready_.notify_one();
    thread_.join();
  }
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void BackgroundOutput::WriteChunks() {
  for (;;) {
    std::string chunk;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [&] { return !chunks_.empty() || closed_; });
      if (chunks_.empty()) return;
      chunk = std::move(chunks_.front());
      chunks_.pop_front();
    }
    room_.notify_one();
    if (failure_) continue;  // drained, so Write never waits for room
    try {
      out_.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    } catch (...) {
      failure_ = std::current_exception();
    }
  }
}

}  // namespace habeas
