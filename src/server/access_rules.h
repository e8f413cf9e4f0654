// What both AccessStore backends (access_store.cc over SQLite, pg_access_store.cc over
// PostgreSQL) decide the same way: which user names and passwords are accepted, how a
// role and the public-fields setting are stored as text, and how an API token's text
// names its row. One copy, so the two backends cannot drift apart.
//
//   HABEAS_RETURN_IF_ERROR(CheckUserName(name));
//   std::optional<ParsedToken> t = ParseToken("hbt_12_s3cr3t");  // {12, "s3cr3t"}
//
// Stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "habeas/access.h"
#include "habeas/status.h"

namespace habeas::server {

// kInvalidInput unless 1 to 64 of letters, digits and . _ - @.
Status CheckUserName(const std::string& name);
// kInvalidInput for fewer than kMinPasswordLength or more than 1024 characters.
Status CheckPasswordStrength(const std::string& password);
// A users.role or audit_log.role column: an unknown name reads as kPublic (least
// privilege), never as an error that would lock an administrator out of the list.
Role RoleFromColumn(const std::string& text);

// An API token's parts: "hbt_<row id>_<secret>". The secret is base64url and may hold
// '_' itself, so the id ends at the first '_' after the prefix.
struct ParsedToken {
  int64_t id = 0;
  std::string secret;
};
// nullopt for text that cannot be a token (wrong prefix, no id, too long).
std::optional<ParsedToken> ParseToken(const std::string& token);
// The text of the token for row `id` with `secret` (shown once, never stored).
std::string TokenText(int64_t id, const std::string& secret);
// The settings key of the fields the public may see, and its value: a JSON array of
// PublicFieldName()s.
inline constexpr char kPublicFieldsSetting[] = "public_fields";
std::string PublicFieldsJson(const std::vector<PublicField>& fields);
// A damaged value makes nothing public (fail closed); unknown names are skipped.
std::vector<PublicField> PublicFieldsFromJson(const std::string& json);

}  // namespace habeas::server
