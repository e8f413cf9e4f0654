// Locator searches on a fixed set of threads (the search concurrency: one per core by
// default), handed over from the request threads, which wait for the answer.
//
// Why not search on the request thread behind a semaphore, as before: the locator keeps
// its scratch per thread (a table with an entry per person, the memo of name
// comparisons, posting bitmaps). Spread over the 96 request threads, each search found
// its thread's scratch cold in the cache, and AccumulateTop alone cost 2.3 times what it
// costs in `habeas find --batch` (docs/benchmarks.md "Server"). On two threads it stays
// warm, as in find.
//
//   SearchWorkers workers(2);
//   Result<search::SearchResponse> answer = workers.Run(index, query, options);
//
// Thread-safety: Run() may be called from any number of threads at once; searches run
// in the order they were handed over. The destructor waits for the searches under way
// and must not run while a Run() call is waiting.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "habeas/search.h"
#include "habeas/status.h"

namespace habeas::server {

class SearchWorkers {
 public:
  // `threads` >= 1.
  explicit SearchWorkers(int threads);
  ~SearchWorkers();
  SearchWorkers(const SearchWorkers&) = delete;
  SearchWorkers& operator=(const SearchWorkers&) = delete;

  // `index`->Search(query, options) on a worker thread; blocks until it is done.
  Result<search::SearchResponse> Run(const search::LocatorIndex& index,
                                     const search::SearchQuery& query,
                                     const search::SearchOptions& options);

  // Calls `work`() on a worker thread (a search, and what is made of its answer there:
  // e.g. the JSON text, so the answer's many small allocations are made, read and freed
  // on one thread); blocks until it returns. `work` must not throw.
  template <typename Fn>
  void RunOnWorker(Fn& work) {
    Hand([](void* w) { (*static_cast<Fn*>(w))(); }, &work);
  }

 private:
  struct Job;
  void Hand(void (*call)(void*), void* work);
  void Work();

  std::mutex mutex_;  // guards queue_, stopping_ and each queued Job's answer
  std::condition_variable work_ready_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace habeas::server
