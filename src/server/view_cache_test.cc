// ViewCache: one estimate per store state and merge, computed once however many
// threads ask, dropped when the records or their persons change (not when only the file
// does); errors are not kept.
#include "server/view_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>
#include <vector>

#include "common/scratch_dir.h"

namespace habeas::server {
namespace {

class ViewCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { std::ofstream(db_) << "a store"; }

  // A commit: the file grows and its time moves (a new list, or only an audit row).
  void Commit() {
    std::ofstream(db_, std::ios::app) << ".";
    std::filesystem::last_write_time(
        db_, std::filesystem::last_write_time(db_) + std::chrono::seconds(1));
  }

  // Inputs that count their calls: the fingerprint is state_, the estimate
  // {"merge": merge, "call": n}.
  ViewCache::Inputs Counting(const std::string& merge) {
    return {.fingerprint = [this]() -> Result<std::string> {
              ++fingerprints_;
              return state_;
            },
            .compute = [this, merge]() -> Result<nlohmann::json> {
              const int n = ++calls_;
              return nlohmann::json{{"merge", merge}, {"call", n}};
            }};
  }

  ScratchDir dir_{"view_cache"};
  std::string db_ = dir_.Path("h.db");
  std::string state_ = "records 1";
  std::atomic<int> calls_{0};
  int fingerprints_ = 0;
};

TEST_F(ViewCacheTest, AnUnchangedStoreIsEstimatedOncePerMerge) {
  ViewCache cache(db_);
  const auto first = cache.Get("", Counting(""));
  ASSERT_TRUE(first.ok());
  const auto again = cache.Get("", Counting(""));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);
  EXPECT_EQ(calls_, 1);
  const auto merged = cache.Get("manifest+leak", Counting("manifest+leak"));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ((*merged)["merge"], "manifest+leak");
  EXPECT_EQ((*merged)["call"], 2);
  EXPECT_EQ(cache.Get("", Counting(""))->at("call"), 1) << "the unmerged one is still kept";
  EXPECT_EQ(cache.computed(), 2);
  EXPECT_EQ(fingerprints_, 1) << "read once, while the file did not move";
}

TEST_F(ViewCacheTest, AChangedStoreIsEstimatedAgain) {
  ViewCache cache(db_);
  ASSERT_EQ(cache.Get("", Counting(""))->at("call"), 1);
  ASSERT_EQ(cache.Get("a+b", Counting("a+b"))->at("call"), 2);
  state_ = "records 2";
  Commit();
  EXPECT_EQ(cache.Get("", Counting(""))->at("call"), 3);
  EXPECT_EQ(cache.Get("a+b", Counting("a+b"))->at("call"), 4) << "every merge is dropped";
  EXPECT_EQ(cache.Get("", Counting(""))->at("call"), 3);
  // A store whose WAL appears after the cache was made counts as moved too.
  state_ = "records 3";
  std::ofstream(db_ + "-wal") << "frames";
  EXPECT_EQ(cache.Get("", Counting(""))->at("call"), 5);
}

// The server writes an audit row for a request: the file moves, the estimate's inputs
// do not.
TEST_F(ViewCacheTest, ACommitThatLeavesRecordsAndPersonsKeepsTheEstimates) {
  ViewCache cache(db_);
  ASSERT_EQ(cache.Get("", Counting(""))->at("call"), 1);
  Commit();
  EXPECT_EQ(cache.Get("", Counting(""))->at("call"), 1);
  EXPECT_EQ(fingerprints_, 2);
  EXPECT_EQ(cache.computed(), 1);
}

TEST_F(ViewCacheTest, AFingerprintThatCannotBeReadIsEstimatedEveryTime) {
  ViewCache cache(db_);
  ViewCache::Inputs inputs = Counting("");
  inputs.fingerprint = []() -> Result<std::string> { return Unavailable("the store is busy"); };
  EXPECT_EQ(cache.Get("", inputs)->at("call"), 1);
  EXPECT_EQ(cache.Get("", inputs)->at("call"), 2);
}

TEST_F(ViewCacheTest, ErrorsAreReturnedAndNotKept) {
  ViewCache cache(db_);
  int calls = 0;
  ViewCache::Inputs failing = Counting("nope+leak");
  failing.compute = [&]() -> Result<nlohmann::json> {
    ++calls;
    return InvalidInput("no list named \"nope\"");
  };
  const auto first = cache.Get("nope+leak", failing);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(first.status().message().find("nope"), std::string::npos);
  EXPECT_FALSE(cache.Get("nope+leak", failing).ok());
  EXPECT_EQ(calls, 2);
}

TEST_F(ViewCacheTest, TheOldestMergeMakesRoomBeyondTheCapacity) {
  ViewCache cache(db_, 2);
  ASSERT_EQ(cache.Get("a", Counting("a"))->at("call"), 1);
  ASSERT_EQ(cache.Get("b", Counting("b"))->at("call"), 2);
  ASSERT_EQ(cache.Get("c", Counting("c"))->at("call"), 3);  // drops "a"
  EXPECT_EQ(cache.Get("c", Counting("c"))->at("call"), 3);
  EXPECT_EQ(cache.Get("b", Counting("b"))->at("call"), 2);
  EXPECT_EQ(cache.Get("a", Counting("a"))->at("call"), 4);
  EXPECT_EQ(cache.computed(), 4);
}

TEST_F(ViewCacheTest, ThreadsAskingAtOnceShareOneEstimate) {
  ViewCache cache(db_);
  std::atomic<int> running{0}, most_at_once{0};
  ViewCache::Inputs slow = Counting("");
  slow.compute = [&]() -> Result<nlohmann::json> {
    const int now = ++running;
    int seen = most_at_once.load();
    while (now > seen && !most_at_once.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    --running;
    return nlohmann::json{{"call", ++calls_}};
  };
  std::vector<std::thread> threads;
  std::vector<nlohmann::json> answers(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r = cache.Get(i % 2 ? "a+b" : "", slow);
      if (r.ok()) answers[i] = *r;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(calls_, 2) << "one estimate per merge";
  EXPECT_EQ(most_at_once, 1) << "one estimate at a time";
  for (int i = 0; i < 8; ++i) EXPECT_EQ(answers[i], answers[i % 2]) << i;
}

// A kept view is returned at once while another is being computed.
TEST_F(ViewCacheTest, AKeptViewIsReturnedWhileAnotherIsComputed) {
  ViewCache cache(db_);
  ASSERT_EQ(cache.Get("kept", Counting("kept"))->at("call"), 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  ViewCache::Inputs slow = Counting("slow");
  slow.compute = [&]() -> Result<nlohmann::json> {
    started.set_value();
    released.wait();
    return nlohmann::json{{"call", ++calls_}};
  };
  std::thread computing([&] { (void)cache.Get("slow", slow); });
  started.get_future().wait();
  auto hit = std::async(std::launch::async, [&] { return cache.Get("kept", Counting("kept")); });
  const bool answered = hit.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  release.set_value();
  computing.join();
  ASSERT_TRUE(answered) << "the kept view waited for the computation";
  EXPECT_EQ(hit.get()->at("call"), 1);
}

// A store that changes while a view is computed: the view may be that of before, so it
// is returned to its caller but not kept.
TEST_F(ViewCacheTest, AViewComputedAcrossAChangeIsNotKept) {
  ViewCache cache(db_);
  std::promise<void> looked;  // another request has read the changed store's fingerprint
  std::thread other;
  ViewCache::Inputs changing = Counting("");
  changing.compute = [&]() -> Result<nlohmann::json> {
    const int n = ++calls_;
    state_ = "records 2";
    Commit();
    other = std::thread([&] {
      ViewCache::Inputs inputs = Counting("other");
      inputs.fingerprint = [&]() -> Result<std::string> {
        looked.set_value();
        return state_;
      };
      EXPECT_EQ(cache.Get("other", inputs)->at("call"), 2);
    });
    looked.get_future().wait();
    return nlohmann::json{{"call", n}};
  };
  EXPECT_EQ(cache.Get("", changing)->at("call"), 1);
  other.join();
  EXPECT_EQ(cache.Get("other", Counting("other"))->at("call"), 2) << "kept: after the change";
  EXPECT_EQ(cache.Get("", Counting(""))->at("call"), 3) << "computed again";
}

TEST(ViewCacheStampTest, AStoreWhoseStateCannotBeReadIsEstimatedEveryTime) {
  // Nothing listens on port 1: the stamp's query fails, the estimate does not.
  ViewCache cache("postgresql://127.0.0.1:1/habeas?connect_timeout=2");
  int calls = 0;
  ViewCache::Inputs compute{.fingerprint = [] { return Result<std::string>("records 1"); },
                            .compute = [&]() -> Result<nlohmann::json> {
                              return nlohmann::json{{"call", ++calls}};
                            }};
  EXPECT_EQ(cache.Get("", compute)->at("call"), 1);
  EXPECT_EQ(cache.Get("", compute)->at("call"), 2);
}

}  // namespace
}  // namespace habeas::server
