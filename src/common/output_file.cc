#include "habeas/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <streambuf>

namespace habeas {
namespace {

std::string Errno() { return std::strerror(errno); }

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseNameOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string RealPath(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return "";
  return buffer;
}

// 16 random hex digits: the temporary name cannot be guessed in advance.
std::string RandomSuffix() {
  std::random_device device;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 4; ++i) {
    uint32_t v = device();
    for (int j = 0; j < 4; ++j, v >>= 4) out += kHex[v & 15u];
  }
  return out;
}

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

Status CheckPrefix(const std::string& path, const OutputFileOptions& options) {
  if (options.required_prefix.empty()) return Status::Ok();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Ok();  // nothing there yet
  std::string head(options.required_prefix.size(), '\0');
  const ssize_t n = ::read(fd, head.data(), head.size());
  ::close(fd);
  if (n <= 0) return Status::Ok();  // an empty file holds nothing to lose
  if (static_cast<size_t>(n) == head.size() && head == options.required_prefix) {
    return Status::Ok();
  }
  return InvalidInput(options.option_name + " " + path +
                      ": the file exists and is not what this option writes; refusing to "
                      "replace it (remove it or choose another path)");
}

}  // namespace

std::vector<std::string> ProtectedPathsForStore(const std::string& store_path,
                                                const std::string& index_path) {
  std::vector<std::string> out;
  // The store, SQLite's files beside it, and the ledger's default signing key
  // (ledger::DefaultKeyPath).
  for (const char* suffix : {"", "-wal", "-shm", "-journal", ".ledger-key"}) {
    out.push_back(store_path + suffix);
  }
  if (!index_path.empty()) out.push_back(index_path);
  // `--db link.db` with link.db -> data/h.db: SQLite keeps data/h.db-wal and
  // data/h.db-journal beside the file the link resolves to.
  for (const std::string& named : {store_path, index_path}) {
    if (named.empty()) continue;
    const std::string resolved = RealPath(named);
    if (resolved.empty() || resolved == named) continue;
    if (named == store_path) {
      for (const char* suffix : {"", "-wal", "-shm", "-journal", ".ledger-key"}) {
        out.push_back(resolved + suffix);
      }
    } else {
      out.push_back(resolved);
    }
  }
  return out;
}

std::string ResolveOutputPath(const std::string& path) {
  std::string resolved = RealPath(path);
  if (!resolved.empty()) return resolved;
  const std::string dir = RealPath(DirectoryOf(path));
  if (dir.empty()) return "";
  return (dir == "/" ? "" : dir) + "/" + BaseNameOf(path);
}

Status CheckOutputPath(const std::string& path, const OutputFileOptions& options) {
  if (path.empty()) return InvalidInput(options.option_name + ": the file name is empty");
  if (options.create_directory) {
    std::error_code error;
    const std::filesystem::path directory = std::filesystem::path(path).parent_path();
    if (!directory.empty() && std::filesystem::create_directories(directory, error)) {
      std::filesystem::permissions(directory, std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::replace, error);
    }
  }
  const std::string target = ResolveOutputPath(path);
  if (target.empty()) {
    return NotFound(options.option_name + " " + path + ": the directory " + DirectoryOf(path) +
                    " does not exist");
  }
  for (const std::string& protected_path : options.protected_paths) {
    const std::string resolved = ResolveOutputPath(protected_path);
    if ((!resolved.empty() && resolved == target) || SameFile(path, protected_path)) {
      return InvalidInput(options.option_name + " " + path + " is " + protected_path +
                          " (the store, its ledger key or its index); refusing to overwrite "
                          "it — choose another file");
    }
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0 || ::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      return InvalidInput(options.option_name + " " + path + " is a directory; give a file name");
    }
    if (!S_ISREG(st.st_mode)) {
      if (!options.regular_file_only && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
        return Status::Ok();  // written directly (see Create)
      }
      return InvalidInput(options.option_name + " " + path +
                          " is not a regular file (a device, pipe or socket); give a file name");
    }
  }
  return CheckPrefix(target, options);
}

// A streambuf over the temporary file's descriptor; remembers the first error.
class OutputFile::Buffer final : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd) { setp(data_, data_ + sizeof data_); }
  int error() const { return error_; }
  bool Drain() {
    const char* p = pbase();
    size_t left = static_cast<size_t>(pptr() - pbase());
    while (left > 0 && error_ == 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        break;
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    setp(data_, data_ + sizeof data_);
    return error_ == 0;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain() ? 0 : -1; }

 private:
  int fd_;
  int error_ = 0;
  char data_[1 << 16];
};

Result<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path,
                                                       const OutputFileOptions& options) {
  HABEAS_RETURN_IF_ERROR(CheckOutputPath(path, options));
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
    // /dev/stdout, /dev/null, a named pipe: nothing to replace atomically, and renaming
    // over it would destroy it. Written directly (O_NONBLOCK only to open a FIFO with
    // no reader yet without blocking; cleared before writing).
    const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      const StatusCode code =
          errno == EACCES ? StatusCode::kPermissionDenied : StatusCode::kUnavailable;
      const bool no_reader = errno == ENXIO && S_ISFIFO(st.st_mode);
      return Status(code, options.option_name + " " + path + ": cannot write: " + Errno() +
                              (no_reader ? " (a pipe with no reader)" : ""));
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return std::unique_ptr<OutputFile>(new OutputFile(path, "", fd));
  }
  const std::string target = ResolveOutputPath(path);
  const std::string temp = DirectoryOf(target) + "/." + BaseNameOf(target) + ".tmp-" +
                           RandomSuffix();
  struct stat existing {};
  const mode_t mode = ::stat(target.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : 0666;
  const int fd =
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    const StatusCode code = errno == EACCES || errno == EROFS ? StatusCode::kPermissionDenied
                                                              : StatusCode::kUnavailable;
    return Status(code, options.option_name + " " + path + ": cannot create a file in " +
                            DirectoryOf(target) + ": " + Errno());
  }
  return std::unique_ptr<OutputFile>(new OutputFile(target, temp, fd));
}

OutputFile::OutputFile(std::string path, std::string temp_path, int fd)
    : path_(std::move(path)),
      temp_path_(std::move(temp_path)),
      fd_(fd),
      buffer_(std::make_unique<Buffer>(fd)),
      stream_(std::make_unique<std::ostream>(buffer_.get())) {}

OutputFile::~OutputFile() {
  if (!committed_) Discard();
}

void OutputFile::Discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

std::ostream& OutputFile::stream() { return *stream_; }

Status OutputFile::Write(std::string_view bytes) {
  stream_->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return Status::Ok();
}

Status OutputFile::Commit() {
  if (committed_ || fd_ < 0) return Internal("OutputFile::Commit called twice");
  stream_->flush();
  auto fail = [&](const std::string& what, int error) {
    const bool direct = temp_path_.empty();
    Discard();
    return Unavailable("writing " + path_ + " failed (" + what + ": " + std::strerror(error) +
                       (direct ? ")" : "); the previous file, if any, is unchanged"));
  };
  if (!buffer_->Drain() || !*stream_) return fail("write", buffer_->error() ? buffer_->error() : EIO);
  if (temp_path_.empty()) {  // a device or a pipe, written directly
    const int fd = fd_;
    fd_ = -1;
    committed_ = true;
    if (::close(fd) != 0 && errno != EINTR) {
      return Unavailable("writing " + path_ + " failed (close: " + Errno() + ")");
    }
    return Status::Ok();
  }
  if (::fsync(fd_) != 0) return fail("fsync", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return fail("close", errno);
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) return fail("rename", errno);
  committed_ = true;
  const int dir = ::open(DirectoryOf(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);  // the rename is durable; best effort on filesystems that refuse
    ::close(dir);
  }
  return Status::Ok();
}

}  // namespace habeas
