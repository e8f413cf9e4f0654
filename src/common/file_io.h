// Content hashing; the byte sources (ByteSource, FileSource, StringSource) and
// ReadSmallFile are public, in habeas/byte_source.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "habeas/byte_source.h"
#include "habeas/status.h"

namespace habeas {

// Incremental SHA-256 (OpenSSL: uses the CPU's SHA extensions where present, about
// 1 GB/s); Hex() gives the lower-case hex digest. Not copyable; not thread-safe.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  std::string Hex();  // finalises; call once

 private:
  void* context_;  // EVP_MD_CTX
};

}  // namespace habeas
