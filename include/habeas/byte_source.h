// Byte sources: what the readers of imported files (CSV, JSON Lines) read from.
//
// Readers and ImportFile take a ByteSource rather than a path so that tests can feed
// them strings, short reads and I/O errors. FileSource reads with plain read(2) into
// the caller's buffer: memory does not grow with the file's size.
//
//   HABEAS_ASSIGN_OR_RETURN(auto source, FileSource::Open("list.csv"));
//   char buf[65536];
//   HABEAS_ASSIGN_OR_RETURN(size_t n, source->Read(buf, sizeof buf));  // 0 at end
//
// A ByteSource is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

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
  // Random access, for archives read out of order (a spreadsheet is a zip file, its
  // directory at the end). ReadAt reads up to `capacity` bytes from byte `offset`
  // without moving Read()'s position; 0 at or past the end. Size is the byte count.
  // By default a source cannot be read so: kInvalidInput naming it.
  virtual Result<size_t> ReadAt(uint64_t offset, char* buffer, size_t capacity);
  virtual Result<uint64_t> Size();
};

class FileSource final : public ByteSource {
 public:
  // Opens a file (or a pipe or device: read once, it cannot Rewind()); a directory is
  // kInvalidInput. A named pipe with no writer reads as empty instead of blocking.
  static Result<std::unique_ptr<FileSource>> Open(const std::string& path);
  ~FileSource() override;
  Result<size_t> Read(char* buffer, size_t capacity) override;
  Status Rewind() override;
  const std::string& name() const override { return path_; }
  Result<size_t> ReadAt(uint64_t offset, char* buffer, size_t capacity) override;
  Result<uint64_t> Size() override;
  // False for a pipe, a socket or a device: what cannot be read twice, or never ends.
  bool is_regular_file() const { return regular_; }

 private:
  FileSource(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
  bool regular_ = true;
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
  Result<size_t> ReadAt(uint64_t offset, char* buffer, size_t capacity) override;
  Result<uint64_t> Size() override { return static_cast<uint64_t>(data_.size()); }

 private:
  std::string data_;
  std::string name_;
  size_t max_read_;
  size_t pos_ = 0;
};

// Reads a whole small file (a mapping, settings, rules, a proof document): kNotFound
// naming a missing path, kInvalidInput for a directory or a file over `max_bytes`; a
// named pipe with no writer reads as empty.
Result<std::string> ReadSmallFile(const std::string& path, size_t max_bytes = 16 << 20);

}  // namespace habeas
