#include "server/access_store_base.h"

#include "server/access_rules.h"
#include "server/password_hash.h"

namespace habeas::server {
namespace {

// The longest label a token may carry (it is shown in lists, never parsed).
constexpr size_t kMaxTokenLabelLength = 200;
// Random bytes in a token's secret: 256 bits, beyond guessing.
constexpr size_t kTokenSecretBytes = 32;

const Clock* ClockOf(const AccessStore::Options& options) {
  return options.clock ? options.clock : &Clock::System();
}

}  // namespace

AccessStoreBase::AccessStoreBase(const Options& options)
    : clock_(ClockOf(options)),
      hash_cost_(options.hash_cost),
      dummy_hash_(HashSecret(RandomUrlSafe(16), options.hash_cost).value()),
      token_cache_(clock_) {}

Result<UserInfo> AccessStoreBase::AddUser(const std::string& name, Role role,
                                          const std::string& password) {
  HABEAS_RETURN_IF_ERROR(CheckUserName(name));
  if (role == Role::kPublic) return InvalidInput("a user cannot have the role public");
  HABEAS_RETURN_IF_ERROR(CheckPasswordStrength(password));
  HABEAS_ASSIGN_OR_RETURN(std::string hash, HashSecret(password, hash_cost_));
  return InsertUser(name, role, hash, clock_->NowIso());
}

Status AccessStoreBase::SetPassword(const std::string& name, const std::string& password) {
  HABEAS_RETURN_IF_ERROR(CheckPasswordStrength(password));
  HABEAS_ASSIGN_OR_RETURN(std::string hash, HashSecret(password, hash_cost_));
  return UpdatePasswordHash(name, hash, clock_->NowIso());
}

Result<std::optional<UserInfo>> AccessStoreBase::FindUser(const std::string& name) {
  HABEAS_ASSIGN_OR_RETURN(auto found, FindUserWithHash(name));
  if (!found) return std::optional<UserInfo>();
  return std::optional<UserInfo>(std::move(found->first));
}

Result<std::optional<UserInfo>> AccessStoreBase::CheckPassword(const std::string& name,
                                                               const std::string& password) {
  HABEAS_ASSIGN_OR_RETURN(auto found, FindUserWithHash(name));
  if (!found) {
    (void)VerifySecret(password, dummy_hash_);
    return std::optional<UserInfo>();
  }
  if (!VerifySecret(password, found->second)) return std::optional<UserInfo>();
  return std::optional<UserInfo>(std::move(found->first));
}

Result<std::string> AccessStoreBase::CreateToken(const std::string& user,
                                                 const std::string& label) {
  if (label.size() > kMaxTokenLabelLength) {
    return InvalidInput("a token label has at most " + std::to_string(kMaxTokenLabelLength) +
                        " characters");
  }
  const std::string secret = RandomUrlSafe(kTokenSecretBytes);
  HABEAS_ASSIGN_OR_RETURN(std::string hash, HashSecret(secret, hash_cost_));
  HABEAS_ASSIGN_OR_RETURN(int64_t id, InsertToken(user, label, hash, clock_->NowIso()));
  return TokenText(id, secret);
}

Result<std::optional<UserInfo>> AccessStoreBase::CheckToken(const std::string& token) {
  return token_cache_.Check(token, *this);
}

Status AccessStoreBase::Audit(const AuditEntry& entry) {
  AuditEntry e = entry;
  if (e.at.empty()) e.at = clock_->NowIso();
  return InsertAudit(e);
}

Result<std::vector<PublicField>> AccessStoreBase::PublicFields() {
  HABEAS_ASSIGN_OR_RETURN(std::optional<std::string> value, ReadSetting(kPublicFieldsSetting));
  if (!value) return DefaultPublicFields();
  return PublicFieldsFromJson(*value);
}

Status AccessStoreBase::SetPublicFields(const std::vector<PublicField>& fields) {
  return WriteSetting(kPublicFieldsSetting, PublicFieldsJson(fields));
}

}  // namespace habeas::server
