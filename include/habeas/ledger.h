// The ledger: an append-only Merkle log of every write (docs/ledger.md).
//
// Hashing follows RFC 9162 section 2.1 with SHA-256: a leaf is H(0x00 || data), an
// interior node H(0x01 || left || right), and a tree of n > 1 leaves splits at the
// largest power of two smaller than n. Inclusion and consistency proofs are those of
// RFC 9162 section 2.1.3 and 2.1.4, so any CT-style verifier can check them.
//
//   std::vector<Hash> leaves = ...;              // LeafHash(entry body) each
//   Hash root = MerkleRoot(leaves);
//   std::vector<Hash> path = InclusionPath(leaves, 5);
//   bool ok = VerifyInclusion(leaves[5], 5, leaves.size(), path, root);
//
// One crypto library, OpenSSL libcrypto, serves SHA-256 and Ed25519: the project
// already links it for file hashes, and its `openssl` command line lets outsiders
// check signatures with no Habeas code. Everything here is pure computation (no
// store); the functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas::ledger {

using Hash = std::array<unsigned char, 32>;

Hash Sha256Of(std::string_view bytes);

// Incremental SHA-256 with a raw digest. Not copyable; not thread-safe.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view bytes);
  Hash Finish();  // call once

 private:
  void* context_;  // EVP_MD_CTX
};
// H(0x00 || data): the hash of one leaf.
Hash LeafHash(std::string_view data);
// H(0x01 || left || right): the hash of an interior node.
Hash NodeHash(const Hash& left, const Hash& right);

// The root of the tree over `leaves` (leaf hashes, in order). The empty tree's
// root is SHA-256 of the empty string (RFC 9162).
Hash MerkleRoot(const std::vector<Hash>& leaves);
// The root over leaves[0, size).
Hash MerkleRootOfPrefix(const std::vector<Hash>& leaves, uint64_t size);

// The root of a tree whose leaves arrive one at a time, in O(log n) memory: the
// RFC 9162 tree is a sequence of perfect subtrees of decreasing size, merged as
// equal sizes meet. Root() equals MerkleRoot() of the leaves added.
class StreamingMerkleRoot {
 public:
  void Add(const Hash& leaf);
  Hash Root() const;
  uint64_t size() const { return size_; }

 private:
  std::vector<std::pair<uint64_t, Hash>> subtrees_;  // sizes strictly decreasing
  uint64_t size_ = 0;
};

// The audit path of leaf `index` in the tree of the first `size` leaves.
std::vector<Hash> InclusionPath(const std::vector<Hash>& leaves, uint64_t index, uint64_t size);
inline std::vector<Hash> InclusionPath(const std::vector<Hash>& leaves, uint64_t index) {
  return InclusionPath(leaves, index, leaves.size());
}
bool VerifyInclusion(const Hash& leaf, uint64_t index, uint64_t size,
                     const std::vector<Hash>& path, const Hash& root);

// The proof that the tree of `old_size` leaves is a prefix of the tree of
// `new_size` leaves (RFC 9162 2.1.4.1; empty when old_size is 0 or equal).
std::vector<Hash> ConsistencyProof(const std::vector<Hash>& leaves, uint64_t old_size,
                                   uint64_t new_size);
bool VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash& old_root,
                       const Hash& new_root, const std::vector<Hash>& proof);

// Base64 (RFC 4648, with padding) and lower-case hex.
std::string Base64(std::string_view bytes);
std::string Base64(const Hash& hash);
std::optional<std::string> FromBase64(std::string_view text);
std::optional<Hash> HashFromBase64(std::string_view text);
std::string Hex(const Hash& hash);

// --- entries (docs/ledger.md "Entries")

// What an entry covers.
enum class EntryKind {
  kBatch,    // an import batch: its batches row and every row it received
  kLinkage,  // one link run: its person events and the linkage state after it
  kRow,      // one row of an evidence table (a decision, a model, later claims...)
  kState,    // the state of one row of a table updated in place (users, api_tokens,
             // settings) after a change: its hash, or that it was deleted
};
std::string_view EntryKindName(EntryKind kind);

// An entry body is text: a first line "habeas-ledger-entry v1", then "key value"
// lines in the order the kind defines. The leaf hash is LeafHash(body).
struct Entry {
  EntryKind kind = EntryKind::kRow;
  std::string table;  // kRow and kBatch: the table of the covered row
  int64_t id = 0;     // its rowid
  Hash row{};         // RowHash of the covered row (kRow, kBatch)
  // kBatch: the rows the batch received (records, then rejected rows, by id).
  int64_t first_record_id = 0, last_record_id = 0, record_count = 0, rejected_count = 0;
  Hash rows_root{};
  // kLinkage: the person events of the run (ids first..last) and the state after it.
  int64_t first_event_id = 0, last_event_id = 0;
  Hash events_root{};
  Hash persons{}, record_persons{}, link_edges{};
  // kState: the row's key as text (an integer key in decimal; 1 to 64 characters of
  // a-z, 0-9 and _), and whether the change deleted it (else `row` is its new hash).
  std::string key;
  bool deleted = false;

  std::string Body() const;
  static Result<Entry> Parse(std::string_view body);
};

// The canonical encoding of a row's values (docs/ledger.md "Row encoding"): the
// table name, then per column a tag and the value. RowHash = SHA-256 of it; a row
// leaf (in a batch's row tree) is LeafHash(encoding).
//
// By default the encoder keeps the bytes (bytes()). Given a buffer, it appends to it
// instead, so that a row can be encoded straight into the buffer that is hashed
// (ledger::LeafHasher::StartLeaf) without a copy; `buffer` must outlive the encoder,
// and bytes() is then empty.
class RowEncoder {
 public:
  explicit RowEncoder(std::string_view table);
  RowEncoder(std::string* buffer, std::string_view table);
  void Null();
  void Int(int64_t value);
  void Real(double value);
  void Text(std::string_view value);
  void Blob(std::string_view value);
  const std::string& bytes() const { return bytes_; }
  // Drops what this encoder wrote and starts a row of `table`.
  void Reset(std::string_view table);

 private:
  std::string& out() { return buffer_ != nullptr ? *buffer_ : bytes_; }

  std::string bytes_;
  std::string* buffer_ = nullptr;  // not owned; null: bytes_
  size_t begin_ = 0;               // where this encoder's row starts in *buffer_
};

// --- signed tree heads (docs/ledger.md "Signed heads")

struct SignedHead {
  uint64_t size = 0;
  Hash root{};
  std::string time;  // UTC ISO 8601
  std::string signature;   // Ed25519 signature of Message(), raw 64 bytes
  std::string public_key;  // raw 32 bytes

  // "habeas-ledger-head v1\nsize N\nroot BASE64\ntime T\n": the signed bytes.
  std::string Message() const;
  std::string ToJson() const;
  static Result<SignedHead> FromJson(std::string_view json);
  // Checks the signature against public_key (and against `trusted_key` when given).
  Status CheckSignature(std::optional<std::string_view> trusted_key = std::nullopt) const;
};

// An Ed25519 key pair kept in a PEM file (PKCS#8) outside the store.
class SigningKey {
 public:
  // Loads the key at `path`, creating it (mode 0600) if it does not exist.
  static Result<SigningKey> LoadOrCreate(const std::string& path);
  static Result<SigningKey> Load(const std::string& path);
  // The raw 32-byte public key, and the same as a PEM SubjectPublicKeyInfo.
  const std::string& public_key() const { return public_key_; }
  std::string PublicKeyPem() const;
  Result<std::string> Sign(std::string_view message) const;
  Result<SignedHead> SignHead(uint64_t size, const Hash& root, std::string time) const;

 private:
  std::string private_pem_;
  std::string public_key_;
};

// Checks an Ed25519 signature with a raw 32-byte public key.
bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature);

// The default key file of a store: "<db>.ledger-key".
std::string DefaultKeyPath(const std::string& db_path);

// --- proofs for outsiders (docs/ledger.md "Record proofs")

// The columns of the two tables a record proof shows, in encoding order (docs/ledger.md
// "Row encoding"). The store encodes these tables by these lists (store/sqlite_ledger.cc),
// and a v2 proof must show exactly these columns, in this order.
inline constexpr std::string_view kRecordsColumns =
    "id, batch_id, source_id, source_record_id, line, end_line, raw, fields, notes";
inline constexpr std::string_view kRejectedRowsColumns =
    "id, batch_id, line, end_line, raw, field, reason";
// kRecordsColumns or kRejectedRowsColumns for "records" or "rejected_rows"; nullopt else.
std::optional<std::string_view> ProvableTableColumns(std::string_view table);
// "id, batch_id, raw" → {"id", "batch_id", "raw"}.
std::vector<std::string> ColumnNames(std::string_view columns);

// Everything a checker needs to show one record is in the signed log.
struct RecordProof {
  std::string table;            // "records" or "rejected_rows"
  std::vector<std::pair<std::string, std::string>> columns;  // name, JSON value text
  std::string row_encoding;     // RowEncoder bytes of the row
  std::string raw;              // the row as received
  uint64_t row_index = 0, row_count = 0;
  std::vector<Hash> row_path;   // in the batch's row tree
  std::string entry_body;
  uint64_t entry_index = 0;
  std::vector<Hash> entry_path;  // in the log, up to head.size
  SignedHead head;
};

// The proof document, format "habeas-record-proof-v2" (docs/ledger.md "Record proofs").
std::string RecordProofToJson(const RecordProof& proof);
// The same proof as version 1 wrote it (kept so tests can show old proofs still check).
std::string RecordProofToJsonV1(const RecordProof& proof);
// Checks a proof document (RecordProofToJson's output, or a v1 one) on its own: row → row tree
// root in the entry → entry in the log → signed head. `trusted_key`: the raw public
// key the checker expects (otherwise the document's own key is reported only).
struct ProofCheck {
  std::string table;
  int64_t row_id = 0;
  uint64_t head_size = 0;
  std::string head_time;
  std::string public_key_base64;
};
Result<ProofCheck> VerifyRecordProofJson(std::string_view json,
                                         std::optional<std::string_view> trusted_key);

// --- documents in files (what `habeas verify --against`, `verify-proof` read)

// Ledger documents (a signed head, a record proof) are at most this large.
inline constexpr size_t kMaxDocumentBytes = 16 << 20;

// The raw 32-byte Ed25519 key of a PEM public key file (-----BEGIN PUBLIC KEY-----,
// as `openssl pkey -pubout` or `habeas checkpoint export` write it); kInvalidInput
// naming the file when it holds none.
Result<std::string> ReadPublicKeyFile(const std::string& path);

// A signed head from a JSON file (`habeas checkpoint export`), errors naming the file.
Result<SignedHead> ReadSignedHeadFile(const std::string& path);

// VerifyRecordProofJson over a file (`habeas prove record`), errors naming the file.
Result<ProofCheck> VerifyRecordProofFile(const std::string& path,
                                         std::optional<std::string_view> trusted_key);

}  // namespace habeas::ledger
