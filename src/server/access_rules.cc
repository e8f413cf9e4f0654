#include "server/access_rules.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace habeas {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kPublic:
      return "public";
    case Role::kReviewer:
      return "reviewer";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAdmin:
      return "admin";
  }
  return "public";
}

Result<Role> ParseUserRole(std::string_view name) {
  for (Role role : {Role::kReviewer, Role::kAnalyst, Role::kAdmin}) {
    if (name == RoleName(role)) return role;
  }
  return InvalidInput("unknown role \"" + std::string(name) +
                      "\" (expected reviewer, analyst or admin)");
}

std::string_view PublicFieldName(PublicField field) {
  switch (field) {
    case PublicField::kName:
      return "name";
    case PublicField::kStatus:
      return "status";
    case PublicField::kLastKnownPlace:
      return "last_known_place";
    case PublicField::kLastKnownDate:
      return "last_known_date";
    case PublicField::kSources:
      return "sources";
  }
  return "name";
}

std::optional<PublicField> ParsePublicField(std::string_view name) {
  for (PublicField f : kAllPublicFields) {
    if (name == PublicFieldName(f)) return f;
  }
  return std::nullopt;
}

std::vector<PublicField> DefaultPublicFields() {
  return {PublicField::kName, PublicField::kStatus, PublicField::kLastKnownPlace,
          PublicField::kLastKnownDate};
}

namespace server {
namespace {

// The longest token text looked at: "hbt_" + a 64-bit id + "_" + a 32-byte secret in
// base64url is under 70 characters; anything much longer is not ours.
constexpr size_t kMaxTokenLength = 200;
// Digits of the longest row id accepted (int64_t has 19).
constexpr size_t kMaxTokenIdDigits = 18;

}  // namespace

Status CheckUserName(const std::string& name) {
  if (name.empty() || name.size() > 64) {
    return InvalidInput("a user name has 1 to 64 characters");
  }
  for (unsigned char c : name) {
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '@')) {
      return InvalidInput("user name \"" + name + "\": use letters, digits and . _ - @ only");
    }
  }
  return Status::Ok();
}

Status CheckPasswordStrength(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return InvalidInput("a password needs at least " + std::to_string(kMinPasswordLength) +
                        " characters");
  }
  if (password.size() > 1024) return InvalidInput("a password has at most 1024 characters");
  return Status::Ok();
}

Role RoleFromColumn(const std::string& text) {
  if (text == RoleName(Role::kPublic)) return Role::kPublic;
  auto role = ParseUserRole(text);
  return role.ok() ? *role : Role::kPublic;
}

std::optional<ParsedToken> ParseToken(const std::string& token) {
  if (token.size() > kMaxTokenLength || token.rfind("hbt_", 0) != 0) return std::nullopt;
  const size_t sep = token.find('_', 4);
  if (sep == std::string::npos || sep == 4 || sep - 4 > kMaxTokenIdDigits) return std::nullopt;
  ParsedToken out;
  for (size_t i = 4; i < sep; ++i) {
    if (token[i] < '0' || token[i] > '9') return std::nullopt;
    out.id = out.id * 10 + (token[i] - '0');
  }
  out.secret = token.substr(sep + 1);
  return out;
}

std::string TokenText(int64_t id, const std::string& secret) {
  return "hbt_" + std::to_string(id) + "_" + secret;
}

std::string PublicFieldsJson(const std::vector<PublicField>& fields) {
  nlohmann::json names = nlohmann::json::array();
  for (PublicField f : fields) names.push_back(std::string(PublicFieldName(f)));
  return names.dump();
}

std::vector<PublicField> PublicFieldsFromJson(const std::string& json) {
  const nlohmann::json names = nlohmann::json::parse(json, nullptr, false);
  std::vector<PublicField> out;
  if (!names.is_array()) return out;
  for (const auto& n : names) {
    if (!n.is_string()) continue;
    if (auto f = ParsePublicField(n.get<std::string>())) out.push_back(*f);
  }
  return out;
}

}  // namespace server
}  // namespace habeas
