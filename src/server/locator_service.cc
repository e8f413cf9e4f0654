#include "server/locator_service.h"

#include <sys/stat.h>

#include "habeas/store.h"

namespace habeas::server {

LocatorService::LocatorService(std::string db_path, std::string index_path)
    : db_path_(std::move(db_path)), index_path_(std::move(index_path)) {}

std::string LocatorService::FileStamp() const {
  std::string stamp;
  for (const std::string& path : {db_path_, db_path_ + "-wal"}) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      stamp += std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
               std::to_string(st.st_mtim.tv_nsec) + ";";
    } else {
      stamp += "-;";
    }
  }
  return stamp;
}

Status LocatorService::Start() {
  auto refreshed = Refresh();
  if (!refreshed.ok()) return refreshed.status();
  if (!Current()) return Internal("the locator index could not be opened");
  return Status::Ok();
}

std::shared_ptr<const search::LocatorIndex> LocatorService::Current() const {
  std::lock_guard lock(mutex_);
  return index_;
}

Result<bool> LocatorService::Refresh() {
  std::lock_guard refresh(refresh_mutex_);
  const std::string stamp = FileStamp();
  if (stamp == stamp_ && Current()) return false;
  SqliteOptions options;
  options.access = StoreAccess::kReadOnly;
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(db_path_, options));
  std::shared_ptr<const search::LocatorIndex> current = Current();
  if (current) {
    HABEAS_ASSIGN_OR_RETURN(std::string fingerprint, search::StoreFingerprint(*store));
    if (fingerprint == current->fingerprint()) {
      stamp_ = stamp;
      return false;
    }
  }
  HABEAS_ASSIGN_OR_RETURN(search::LocatorIndex index, search::OpenIndex(*store, index_path_));
  auto fresh = std::make_shared<const search::LocatorIndex>(std::move(index));
  {
    std::lock_guard lock(mutex_);
    index_ = std::move(fresh);
  }
  stamp_ = stamp;
  return true;
}

}  // namespace habeas::server
