#include "server/search_workers.h"

#include <optional>

namespace habeas::server {

// Lives on the stack of the Run() call that waits for it.
struct SearchWorkers::Job {
  const search::LocatorIndex* index;
  const search::SearchQuery* query;
  const search::SearchOptions* options;
  std::optional<Result<search::SearchResponse>> answer;  // set once, under mutex_
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

Result<search::SearchResponse> SearchWorkers::Run(const search::LocatorIndex& index,
                                                  const search::SearchQuery& query,
                                                  const search::SearchOptions& options) {
  Job job{&index, &query, &options, std::nullopt, {}};
  std::unique_lock lock(mutex_);
  queue_.push_back(&job);
  work_ready_.notify_one();
  job.done.wait(lock, [&] { return job.answer.has_value(); });
  return std::move(*job.answer);
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

void SearchWorkers::Work() {
  std::unique_lock lock(mutex_);
  while (true) {
    work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    Job* job = queue_.front();
    queue_.pop_front();
    lock.unlock();
    Result<search::SearchResponse> answer = SearchCatching(*job->index, *job->query, *job->options);
    lock.lock();
    job->answer.emplace(std::move(answer));
    job->done.notify_one();
  }
}

}  // namespace habeas::server
