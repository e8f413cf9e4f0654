#include "server/search_workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/views.h"

namespace habeas::server {
namespace {

search::LocatorIndex SmallIndex() {
  std::vector<search::LocatorRecord> records;
  const std::vector<std::string> given = {"Jesús", "José", "María", "Ana", "Pedro"};
  const std::vector<std::string> surnames = {"Pérez", "Rodríguez", "Gómez", "Díaz"};
  int n = 0;
  for (const std::string& g : given) {
    for (const std::string& s : surnames) {
      search::LocatorRecord r;
      r.person_id = "P" + std::to_string(1000 + n);
      r.record.id = ++n;
      r.record.source_record_id = "F-" + std::to_string(n);
      r.record.field(CanonicalField::kGivenNames) = g;
      r.record.field(CanonicalField::kSurnames) = s;
      r.source_name = "family";
      records.push_back(std::move(r));
    }
  }
  auto index = search::LocatorIndex::Build(records, "test");
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  return std::move(index).value();
}

// Many request threads at once get each their own answer, the same as searching on
// their own thread.
TEST(SearchWorkersTest, EveryCallerGetsItsOwnAnswer) {
  const search::LocatorIndex index = SmallIndex();
  const std::vector<std::string> names = {"jesus perez", "maria gomez", "ana diaz",
                                          "pedro rodriguez", "jose peres"};
  std::vector<std::string> expected;
  for (const std::string& name : names) {
    search::SearchQuery q;
    q.text = name;
    auto answer = index.Search(q);
    ASSERT_TRUE(answer.ok());
    ASSERT_FALSE(answer->results.empty()) << name;
    expected.push_back(SearchResponseText(*answer));
  }
  SearchWorkers workers(2);
  std::atomic<int> wrong{0}, done{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 16; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const size_t which = static_cast<size_t>(t + i) % names.size();
        search::SearchQuery q;
        q.text = names[which];
        auto answer = workers.Run(index, q, {});
        if (!answer.ok() || SearchResponseText(*answer) != expected[which]) ++wrong;
        ++done;
      }
    });
  }
  for (std::thread& c : callers) c.join();
  EXPECT_EQ(done.load(), 16 * 50);
  EXPECT_EQ(wrong.load(), 0);
}

// The work runs on the pool's threads, never the caller's, and on at most `threads`.
TEST(SearchWorkersTest, WorkRunsOnThePoolsThreads) {
  SearchWorkers workers(2);
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::vector<std::thread> callers;
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        std::thread::id ran_on;
        auto work = [&] { ran_on = std::this_thread::get_id(); };
        workers.RunOnWorker(work);
        std::lock_guard lock(mutex);
        EXPECT_NE(ran_on, std::this_thread::get_id());
        seen.insert(ran_on);
      }
    });
  }
  for (std::thread& c : callers) c.join();
  EXPECT_GE(seen.size(), 1u);
  EXPECT_LE(seen.size(), 2u);
}

// A query the locator refuses comes back as its error, through the worker.
TEST(SearchWorkersTest, ErrorsComeBackToTheCaller) {
  const search::LocatorIndex index = SmallIndex();
  SearchWorkers workers(1);
  search::SearchQuery q;
  q.text = "perez";
  q.birth_date = "1999-21-06";  // not a date
  auto handed = workers.Run(index, q, {});
  ASSERT_FALSE(handed.ok());
  EXPECT_EQ(handed.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(handed.status().message(), index.Search(q).status().message());
}

}  // namespace
}  // namespace habeas::server
