#include "server/search_workers.h"

#include <optional>

namespace habeas::server {

// Lives on the stack of the Hand() call that waits for it.
struct SearchWorkers::Job {
  void (*call)(void*);
  void* work;
  bool finished = false;  // under mutex_
  std::condition_variable done;
};

SearchWorkers::SearchWorkers(int threads) {
  threads_.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

SearchWorkers::~SearchWorkers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void SearchWorkers::Hand(void (*call)(void*), void* work) {
  Job job{call, work, false, {}};
  std::unique_lock lock(mutex_);
  queue_.push_back(&job);
  work_ready_.notify_one();
  job.done.wait(lock, [&] { return job.finished; });
}

namespace {

Result<search::SearchResponse> SearchCatching(const search::LocatorIndex& index,
                                              const search::SearchQuery& query,
                                              const search::SearchOptions& options) {
  try {
    return index.Search(query, options);
  } catch (const std::exception& e) {  // e.g. bad_alloc: this request fails, not the server
    return Internal(std::string("the search failed: ") + e.what());
  }
}

}  // namespace

Result<search::SearchResponse> SearchWorkers::Run(const search::LocatorIndex& index,
                                                  const search::SearchQuery& query,
                                                  const search::SearchOptions& options) {
  std::optional<Result<search::SearchResponse>> answer;
  auto work = [&] { answer.emplace(SearchCatching(index, query, options)); };
  RunOnWorker(work);
  return std::move(*answer);
}

void SearchWorkers::Work() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    Job* job = queue_.front();
    queue_.pop_front();
    lock.unlock();
    job->call(job->work);
    lock.lock();
    job->finished = true;
    job->done.notify_one();  // under the lock: the job dies as soon as its caller wakes
  }
}

}  // namespace habeas::server
