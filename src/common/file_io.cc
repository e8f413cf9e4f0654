#include "common/file_io.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace habeas {

Result<std::unique_ptr<FileSource>> FileSource::Open(const std::string& path) {
  // O_NONBLOCK: opening a named pipe no one writes to would block forever; opened so,
  // reading it gives end of input at once. Cleared below for the reads.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return NotFound(path + ": no such file");
    if (err == EACCES) return PermissionDenied(path + ": permission denied");
    return Unavailable(path + ": cannot open: " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidInput(path + ": is a directory, not a file");
  }
  const bool regular = S_ISREG(st.st_mode);
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  auto source = std::unique_ptr<FileSource>(new FileSource(fd, path));
  source->regular_ = regular;
  return source;
}

FileSource::~FileSource() { ::close(fd_); }

Result<size_t> FileSource::Read(char* buffer, size_t capacity) {
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, capacity);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    return Unavailable(path_ + ": read error: " + std::strerror(errno));
  }
}

Status FileSource::Rewind() {
  if (::lseek(fd_, 0, SEEK_SET) != 0) {
    return Unavailable(path_ + ": cannot seek: " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<size_t> ByteSource::ReadAt(uint64_t, char*, size_t) {
  return InvalidInput(name() + ": cannot be read at an offset (not a regular file)");
}

Result<uint64_t> ByteSource::Size() {
  return InvalidInput(name() + ": has no size (not a regular file)");
}

Result<size_t> FileSource::ReadAt(uint64_t offset, char* buffer, size_t capacity) {
  if (!regular_) return ByteSource::ReadAt(offset, buffer, capacity);
  for (;;) {
    const ssize_t n = ::pread(fd_, buffer, capacity, static_cast<off_t>(offset));
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    return Unavailable(path_ + ": read error: " + std::strerror(errno));
  }
}

Result<uint64_t> FileSource::Size() {
  struct stat st {};
  if (!regular_ || ::fstat(fd_, &st) != 0) return ByteSource::Size();
  return static_cast<uint64_t>(st.st_size);
}

Result<size_t> StringSource::ReadAt(uint64_t offset, char* buffer, size_t capacity) {
  if (offset >= data_.size()) return size_t{0};
  const size_t n = std::min<uint64_t>(capacity, data_.size() - offset);
  std::memcpy(buffer, data_.data() + offset, n);
  return n;
}

Result<size_t> StringSource::Read(char* buffer, size_t capacity) {
  size_t n = std::min(capacity, data_.size() - pos_);
  if (max_read_ > 0) n = std::min(n, max_read_);
  std::memcpy(buffer, data_.data() + pos_, n);
  pos_ += n;
  return n;
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), EVP_sha256(), nullptr);
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_)); }

void Sha256::Update(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size());
}

std::string Sha256::Hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), digest, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

Result<std::string> ReadSmallFile(const std::string& path, size_t max_bytes) {
  HABEAS_ASSIGN_OR_RETURN(auto source, FileSource::Open(path));
  std::string out;
  char buf[65536];
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(size_t n, source->Read(buf, sizeof buf));
    if (n == 0) break;
    out.append(buf, n);
    if (out.size() > max_bytes) {
      return InvalidInput(path + ": file is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  return out;
}

}  // namespace habeas
