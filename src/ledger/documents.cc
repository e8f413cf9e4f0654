// Ledger documents read from files (habeas/ledger.h "documents in files").
#include <string>

#include "common/file_io.h"
#include "habeas/ledger.h"

namespace habeas::ledger {

Result<std::string> ReadPublicKeyFile(const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(std::string pem, ReadSmallFile(path, 1 << 16));
  const std::string begin = "-----BEGIN PUBLIC KEY-----", end = "-----END PUBLIC KEY-----";
  const size_t b = pem.find(begin), e = pem.find(end);
  if (b == std::string::npos || e == std::string::npos || e < b) {
    return InvalidInput(path + ": not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  }
  std::string base64;
  for (char c : pem.substr(b + begin.size(), e - b - begin.size())) {
    if (c != '\n' && c != '\r' && c != ' ') base64 += c;
  }
  std::optional<std::string> der = FromBase64(base64);
  // An Ed25519 SubjectPublicKeyInfo is 12 bytes of prefix and the raw 32-byte key.
  if (!der || der->size() != 44) return InvalidInput(path + ": not an Ed25519 public key");
  return der->substr(12);
}

Result<SignedHead> ReadSignedHeadFile(const std::string& path) {
  HABEAS_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path, kMaxDocumentBytes));
  Result<SignedHead> head = SignedHead::FromJson(text);
  if (!head.ok()) return head.status().WithContext(path);
  return head;
}

Result<ProofCheck> VerifyRecordProofFile(const std::string& path,
                                         std::optional<std::string_view> trusted_key) {
  HABEAS_ASSIGN_OR_RETURN(std::string text, ReadSmallFile(path, kMaxDocumentBytes));
  Result<ProofCheck> check = VerifyRecordProofJson(text, trusted_key);
  if (!check.ok()) return check.status().WithContext(path);
  return check;
}

}  // namespace habeas::ledger
