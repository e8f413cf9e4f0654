// libFuzzer target: the documents an outsider hands to `habeas verify-proof` and `habeas
// verify --against` (a record proof, a signed head; src/ledger/proof.cc, signing.cc).
// They come from whoever holds them, so any bytes must give an answer, never a crash.
// Invariants: checking is deterministic; a proof that checks names a provable table and
// a head covering its entry, and fails against another trusted key; a signed head that
// parses reads back the same from its own JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "habeas/ledger.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckProof(std::string_view text) {
  using habeas::ledger::VerifyRecordProofJson;
  const auto proof = VerifyRecordProofJson(text, std::nullopt);
  const auto again = VerifyRecordProofJson(text, std::nullopt);
  Check(proof.ok() == again.ok());
  if (!proof.ok()) {
    Check(!proof.status().message().empty());
    return;
  }
  Check(again->row_id == proof->row_id && again->head_size == proof->head_size);
  Check(habeas::ledger::ProvableTableColumns(proof->table).has_value());
  Check(proof->head_size > 0);
  const std::string other_key(32, '\x01');
  Check(!VerifyRecordProofJson(text, std::string_view(other_key)).ok());
}

void CheckHead(std::string_view text) {
  using habeas::ledger::SignedHead;
  const auto head = SignedHead::FromJson(text);
  if (!head.ok()) return;
  const auto again = SignedHead::FromJson(head->ToJson());
  Check(again.ok());
  Check(again->size == head->size && again->root == head->root && again->time == head->time);
  Check(again->signature == head->signature && again->public_key == head->public_key);
  // The signature check answers either way; it must agree with itself.
  Check(head->CheckSignature().ok() == again->CheckSignature().ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  CheckProof(text);
  CheckHead(text);
  return 0;
}
