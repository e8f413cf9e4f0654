// Ed25519 keys and signed tree heads, with OpenSSL libcrypto (docs/ledger.md).
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/file_io.h"
#include "habeas/ledger.h"

namespace habeas::ledger {
namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

constexpr std::string_view kHeadFormat = "habeas-ledger-head-v1";

Pkey ReadPrivateKey(const std::string& pem) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return Pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string RawPublicKey(EVP_PKEY* key) {
  std::string out(32, '\0');
  size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(out.data()), &len) != 1) {
    return "";
  }
  out.resize(len);
  return out;
}

Result<std::string> NewPrivateKeyPem() {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) return Internal("cannot create an Ed25519 key");
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Internal("cannot encode the Ed25519 key");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

// Writes a new key file with mode 0600; kConflict if it appeared meanwhile.
Status WriteNewKeyFile(const std::string& path, const std::string& pem) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Conflict(path + " exists");
    return PermissionDenied(path + ": cannot create the ledger key: " + std::strerror(errno));
  }
  const bool written = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return Internal(path + ": cannot write the ledger key");
  }
  return Status::Ok();
}

}  // namespace

std::string DefaultKeyPath(const std::string& db_path) { return db_path + ".ledger-key"; }

Result<SigningKey> SigningKey::Load(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return NotFound(path + ": no ledger key (a write command creates it, or give --key)");
  }
  if ((st.st_mode & 077) != 0) {
    return PermissionDenied(path + ": the ledger key is readable by others; chmod 600 it");
  }
  HABEAS_ASSIGN_OR_RETURN(std::string pem, ReadSmallFile(path, 1 << 16));
  Pkey key = ReadPrivateKey(pem);
  if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return InvalidInput(path + ": not an Ed25519 private key in PEM");
  }
  SigningKey out;
  out.private_pem_ = std::move(pem);
  out.public_key_ = RawPublicKey(key.get());
  return out;
}

Result<SigningKey> SigningKey::LoadOrCreate(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    HABEAS_ASSIGN_OR_RETURN(std::string pem, NewPrivateKeyPem());
    Status written = WriteNewKeyFile(path, pem);
    if (!written.ok() && written.code() != StatusCode::kConflict) return written;
  }
  return Load(path);
}

std::string SigningKey::PublicKeyPem() const {
  Pkey key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key_.data()),
      public_key_.size()));
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (!key || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) return "";
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<std::string> SigningKey::Sign(std::string_view message) const {
  Pkey key = ReadPrivateKey(private_pem_);
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return Internal("cannot start an Ed25519 signature");
  }
  std::string sig(64, '\0');
  size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    return Internal("cannot sign with Ed25519");
  }
  sig.resize(len);
  return sig;
}

Result<SignedHead> SigningKey::SignHead(uint64_t size, const Hash& root, std::string time) const {
  SignedHead head;
  head.size = size;
  head.root = root;
  head.time = std::move(time);
  head.public_key = public_key_;
  HABEAS_ASSIGN_OR_RETURN(head.signature, Sign(head.Message()));
  return head;
}

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  Pkey key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

std::string SignedHead::Message() const {
  return "habeas-ledger-head v1\nsize " + std::to_string(size) + "\nroot " + Base64(root) +
         "\ntime " + time + "\n";
}

std::string SignedHead::ToJson() const {
  nlohmann::ordered_json j;
  j["format"] = kHeadFormat;
  j["size"] = size;
  j["root"] = Base64(root);
  j["time"] = time;
  j["signature"] = Base64(signature);
  j["public_key"] = Base64(public_key);
  return j.dump(1);
}

Result<SignedHead> SignedHead::FromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidInput("the signed head is not JSON");
  const auto format = j.find("format");
  if (format == j.end() || !format->is_string() || format->get<std::string>() != kHeadFormat) {
    return InvalidInput("not a signed head (format \"" + std::string(kHeadFormat) + "\")");
  }
  if (!j["size"].is_number_unsigned() || !j["root"].is_string() || !j["time"].is_string() ||
      !j["signature"].is_string() || !j["public_key"].is_string()) {
    return InvalidInput("the signed head lacks size, root, time, signature or public_key");
  }
  SignedHead h;
  h.size = j["size"].get<uint64_t>();
  std::optional<Hash> root = HashFromBase64(j["root"].get<std::string>());
  std::optional<std::string> sig = FromBase64(j["signature"].get<std::string>());
  std::optional<std::string> key = FromBase64(j["public_key"].get<std::string>());
  if (!root || !sig || !key) return InvalidInput("the signed head has malformed base64");
  h.root = *root;
  h.time = j["time"].get<std::string>();
  if (h.time.find('\n') != std::string::npos) return InvalidInput("the head's time has a newline");
  h.signature = *sig;
  h.public_key = *key;
  return h;
}

Status SignedHead::CheckSignature(std::optional<std::string_view> trusted_key) const {
  if (trusted_key && *trusted_key != public_key) {
    return DataLoss("the head is signed with another key than the ledger's (" +
                    Base64(public_key) + ", expected " + Base64(*trusted_key) + ")");
  }
  if (!VerifySignature(public_key, Message(), signature)) {
    return DataLoss("the signature of the head at size " + std::to_string(size) +
                    " does not verify");
  }
  return Status::Ok();
}

}  // namespace habeas::ledger
