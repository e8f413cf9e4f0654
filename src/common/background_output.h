// Writes chunks of text to an ostream on a thread of its own, so that the thread making
// the text does not also wait for the writes (writing 1.2 GB of JSON to a file costs the
// kernel about as much as formatting it).
//
//   BackgroundOutput output(std::cout);
//   output.Write(std::move(chunk));  // any number of times; each is written in order
//   output.Close();                   // all written; rethrows what the writes threw
//
// At most `max_pending` chunks wait: a slow output holds the writer back instead of
// filling memory. Write and Close are called from one thread at a time; until Close returns,
// nothing else may write to the ostream, which must outlive the BackgroundOutput.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace habeas {

class BackgroundOutput {
 public:
  explicit BackgroundOutput(std::ostream& out, size_t max_pending = 8);
  ~BackgroundOutput();  // Close, with what it would throw dropped
  BackgroundOutput(const BackgroundOutput&) = delete;
  BackgroundOutput& operator=(const BackgroundOutput&) = delete;

  void Write(std::string&& chunk);
  void Close();

 private:
  void WriteChunks();

  std::ostream& out_;
  const size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<std::string> chunks_;
  bool closed_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: started once the rest is built
};

}  // namespace habeas
