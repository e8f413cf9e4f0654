#include "server/locator_service.h"

#include "habeas/store.h"

namespace habeas::server {

LocatorService::LocatorService(std::string db_path, std::string index_path)
    : db_path_(std::move(db_path)), index_path_(std::move(index_path)), watch_(db_path_) {}

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
  HABEAS_ASSIGN_OR_RETURN(const std::string stamp, watch_.Read());
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
