// A bounded hand-over to a thread of its own: BackgroundWorker<T> runs `consume` on each
// item pushed, in order, on its thread, so that the thread producing the items does not
// also wait for what is done with them. BackgroundOutput is the one for text: it writes
// chunks to an ostream (writing 1.2 GB of JSON to a file costs the kernel about as much
// as formatting it).
//
//   BackgroundOutput output(std::cout);
//   output.Write(std::move(chunk));  // any number of times; each is written in order
//   output.Close();                   // all written; rethrows what the writes threw
//
// At most `max_pending` items wait: a slow consumer holds the producer back instead of
// filling memory. After `consume` throws, the remaining items are drained unconsumed and
// Close rethrows it (once). Push/Write and Close are called from one thread at a time;
// for BackgroundOutput, until Close returns nothing else may write to the ostream, which
// must outlive it.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <utility>

namespace habeas {

template <typename T>
class BackgroundWorker {
 public:
  BackgroundWorker(size_t max_pending, std::function<void(T&)> consume)
      : consume_(std::move(consume)), max_pending_(max_pending), thread_([this] { Run(); }) {}
  ~BackgroundWorker() {  // Close, with what it would throw dropped
    try {
      Close();
    } catch (...) {
    }
  }
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  void Push(T&& item) {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return items_.size() < max_pending_; });
    items_.push_back(std::move(item));
    ready_.notify_one();
  }

  // Waits until every item pushed is consumed; rethrows what `consume` threw.
  void Close() {
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

 private:
  void Run() {
    for (;;) {
      T item;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !items_.empty() || closed_; });
        if (items_.empty()) return;
        item = std::move(items_.front());
        items_.pop_front();
      }
      room_.notify_one();
      if (failure_) continue;  // drained, so Push never waits for room
      try {
        consume_(item);
      } catch (...) {
        failure_ = std::current_exception();
      }
    }
  }

  std::function<void(T&)> consume_;
  const size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<T> items_;
  bool closed_ = false;
  std::exception_ptr failure_;  // written by the worker only, read after join
  std::thread thread_;          // last: started once the rest is built
};

class BackgroundOutput {
 public:
  explicit BackgroundOutput(std::ostream& out, size_t max_pending = 8)
      : worker_(max_pending, [&out](std::string& chunk) {
          out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        }) {}

  void Write(std::string&& chunk) { worker_.Push(std::move(chunk)); }
  void Close() { worker_.Close(); }

 private:
  BackgroundWorker<std::string> worker_;
};

}  // namespace habeas
