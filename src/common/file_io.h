// Byte sources for reading imported files, and content hashing.
//
// Readers take a ByteSource rather than a path so that tests can feed them
// strings, short reads and I/O errors. FileSource reads with plain read(2) into
// the caller's buffer: memory does not grow with the file's size.
//
//   HABEAS_ASSIGN_OR_RETURN(auto source, FileSource::Open("list.csv"));
//   char buf[65536];
//   HABEAS_ASSIGN_OR_RETURN(size_t n, source->Read(buf, sizeof buf));  // 0 at end
//
// A ByteSource is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "habeas/status.h"

namespace habeas {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes into `buffer`; returns 0 only at the end.
  virtual Result<size_t> Read(char* buffer, size_t capacity) = 0;
  // Starts again from the first byte.
  virtual Status Rewind() = 0;
  // The name used in messages ("family.csv").
  virtual const std::string& name() const = 0;
};

class FileSource final : public ByteSource {
 public:
  static Result<std::unique_ptr<FileSource>> Open(const std::string& path);
  ~FileSource() override;
  Result<size_t> Read(char* buffer, size_t capacity) override;
  Status Rewind() override;
  const std::string& name() const override { return path_; }

 private:
  FileSource(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
};

// Serves a string, optionally in short reads of at most `max_read` bytes (tests).
class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data, std::string name = "<string>", size_t max_read = 0)
      : data_(std::move(data)), name_(std::move(name)), max_read_(max_read) {}
  Result<size_t> Read(char* buffer, size_t capacity) override;
  Status Rewind() override {
    pos_ = 0;
    return Status::Ok();
  }
  const std::string& name() const override { return name_; }

 private:
  std::string data_;
  std::string name_;
  size_t max_read_;
  size_t pos_ = 0;
};

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

// Reads a whole (small) file, e.g. a mapping file.
Result<std::string> ReadSmallFile(const std::string& path, size_t max_bytes = 16 << 20);

}  // namespace habeas
