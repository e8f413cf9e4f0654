// The locator index as the server holds it: loaded once at start-up, shared by every
// request thread, and replaced when the store changes (an import, a link, a decision).
//
// Change detection is cheap: a StoreChangeStamp (the SQLite file's and its WAL's size
// and modification time; PostgreSQL's row counters of the tables the index reads) is
// compared every poll; only when it moved is the store's fingerprint computed,
// and only when that differs from the index's is the index rebuilt (in the background;
// searches keep using the old index until the new one is swapped in).
//
// Thread-safety: Current() and Refresh() may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "habeas/search.h"
#include "habeas/status.h"
#include "server/store_change_stamp.h"

namespace habeas::server {

class LocatorService {
 public:
  LocatorService(std::string db_path, std::string index_path);
  // Loads (or builds) the index; fails if the store cannot be read.
  Status Start();
  std::shared_ptr<const search::LocatorIndex> Current() const;
  // Reloads the index if the store changed since the last look. Returns whether a new
  // index was swapped in. Serialised: one refresh at a time.
  Result<bool> Refresh();

 private:
  std::string db_path_;
  std::string index_path_;
  mutable std::mutex mutex_;  // guards index_
  std::shared_ptr<const search::LocatorIndex> index_;
  std::mutex refresh_mutex_;  // one refresh at a time; guards watch_ and stamp_
  StoreChangeStamp watch_;
  std::string stamp_;
};

}  // namespace habeas::server
