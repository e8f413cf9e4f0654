// Signed heads, verification and proofs over a Store (habeas/ledger_store.h).
#include "habeas/ledger_store.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace habeas {
namespace {

// Where Habeas keeps files the user must not lose: $XDG_DATA_HOME, else
// $HOME/.local/share (the XDG base directory defaults), else the working directory.
std::string DataDirectory() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg != nullptr && xdg[0] == '/') return xdg;
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::string(home) + "/.local/share";
  return ".";
}

// Creates `dir` (mode 0700) and its missing parents.
Status CreatePrivateDirectory(const std::string& dir) {
  for (size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string prefix = dir.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return PermissionDenied(prefix + ": cannot create the directory of the ledger key: " +
                              std::strerror(errno));
    }
    if (slash == std::string::npos) return Status::Ok();
  }
}

std::string EntryName(int64_t entry) {
  return entry > 0 ? "entry #" + std::to_string(entry) : "no entry";
}

// The first head (oldest first) whose root is not the root of the log's prefix.
Status CheckHeads(const std::vector<ledger::SignedHead>& heads,
                  const std::vector<ledger::Hash>& leaves, const VerifyOptions& options,
                  int64_t* checked) {
  uint64_t good_size = 0;
  for (const ledger::SignedHead& head : heads) {
    HABEAS_RETURN_IF_ERROR(head.CheckSignature(options.trusted_public_key));
    if (head.size > leaves.size()) {
      return DataLoss("the log has " + std::to_string(leaves.size()) +
                      " entries but a head signed at " + head.time + " covers " +
                      std::to_string(head.size) + ": entries #" +
                      std::to_string(leaves.size() + 1) + " to #" + std::to_string(head.size) +
                      " were removed (truncated)");
    }
    if (ledger::MerkleRootOfPrefix(leaves, head.size) != head.root) {
      const std::string where =
          good_size + 1 == head.size
              ? "the first bad entry is #" + std::to_string(head.size)
              : "the first bad entry is among entries #" + std::to_string(good_size + 1) +
                    " to #" + std::to_string(head.size);
      return DataLoss(where + ": the head signed at " + head.time +
                      " for " + std::to_string(head.size) +
                      " entries does not match them (an entry was edited, removed, inserted or "
                      "reordered)");
    }
    good_size = std::max(good_size, head.size);
    ++*checked;
  }
  return Status::Ok();
}

}  // namespace

std::string DefaultLedgerKeyPath(const std::string& db) {
  if (StoreBackendOf(db) != StoreBackend::kPostgres) return ledger::DefaultKeyPath(db);
  const std::string hash = ledger::Hex(ledger::Sha256Of(RedactedStoreUrl(db))).substr(0, 16);
  return DataDirectory() + "/habeas/ledger-key-" + hash + ".pem";
}

Result<ledger::SigningKey> LoadOrCreateLedgerKey(const std::string& db,
                                                 const std::string& key_path) {
  if (!key_path.empty()) return ledger::SigningKey::LoadOrCreate(key_path);
  const std::string path = DefaultLedgerKeyPath(db);
  if (StoreBackendOf(db) == StoreBackend::kPostgres) {
    HABEAS_RETURN_IF_ERROR(CreatePrivateDirectory(path.substr(0, path.rfind('/'))));
  }
  return ledger::SigningKey::LoadOrCreate(path);
}

Result<ledger::SignedHead> SignLedgerHead(Store& store, const ledger::SigningKey& key,
                                          const Clock& clock) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<ledger::Hash> leaves, store.LedgerLeafHashes());
  HABEAS_ASSIGN_OR_RETURN(std::vector<ledger::SignedHead> heads, store.ListSignedHeads());
  const ledger::Hash root = ledger::MerkleRoot(leaves);
  if (!heads.empty() && heads.back().size == leaves.size() && heads.back().root == root &&
      heads.back().public_key == key.public_key()) {
    return heads.back();
  }
  HABEAS_ASSIGN_OR_RETURN(ledger::SignedHead head, key.SignHead(leaves.size(), root, clock.NowIso()));
  HABEAS_RETURN_IF_ERROR(store.AddSignedHead(head));
  return head;
}

Result<LedgerReport> VerifyLedger(Store& store, const VerifyOptions& options) {
  HABEAS_ASSIGN_OR_RETURN(LedgerCheck check, store.CheckLedger());
  if (check.problem) {
    const LedgerProblem& p = *check.problem;
    return DataLoss("ledger check failed: first bad: " + EntryName(p.entry) + ", table " +
                    p.table + (p.row > 0 ? ", row " + std::to_string(p.row) : "") + ": " +
                    p.message);
  }
  LedgerReport report;
  report.entries = static_cast<int64_t>(check.leaves.size());
  report.rows_checked = check.rows_checked;
  report.root = ledger::MerkleRoot(check.leaves);
  HABEAS_ASSIGN_OR_RETURN(std::vector<ledger::SignedHead> heads, store.ListSignedHeads());
  if (options.against) heads.push_back(*options.against);
  Status heads_ok = CheckHeads(heads, check.leaves, options, &report.heads_checked);
  if (!heads_ok.ok()) return Status(heads_ok.code(), "ledger check failed: " + heads_ok.message());
  return report;
}

Result<std::string> ProveRecord(Store& store, int64_t record_id, ProofHead which) {
  HABEAS_ASSIGN_OR_RETURN(RecordProofParts parts, store.ProveRecordParts(record_id));
  ledger::RecordProof& proof = parts.proof;
  HABEAS_ASSIGN_OR_RETURN(std::vector<ledger::Hash> leaves, store.LedgerLeafHashes());
  HABEAS_ASSIGN_OR_RETURN(std::vector<ledger::SignedHead> heads, store.ListSignedHeads());
  const ledger::SignedHead* chosen = nullptr;
  for (const ledger::SignedHead& head : heads) {
    if (head.size <= proof.entry_index || head.size > leaves.size()) continue;
    const bool better =
        chosen == nullptr ||
        (which == ProofHead::kEarliest ? head.size < chosen->size : head.size >= chosen->size);
    if (better && ledger::MerkleRootOfPrefix(leaves, head.size) == head.root) chosen = &head;
  }
  if (chosen != nullptr) {
    proof.head = *chosen;
    proof.entry_path = ledger::InclusionPath(leaves, proof.entry_index, chosen->size);
    return ledger::RecordProofToJson(proof);
  }
  return NotFound("no signed head covers record " + std::to_string(record_id) +
                  "'s entry yet; run `habeas checkpoint export` to sign one");
}

}  // namespace habeas
