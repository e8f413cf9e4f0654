// Output files that never damage what they replace, and never replace the store.
//
// Every file a command writes (`export links -o`, `find --features-out`, the locator
// index) goes through an OutputFile: the bytes go to a new temporary file in the
// target's directory (random name, created with O_CREAT|O_EXCL|O_NOFOLLOW so no
// symlink or existing file is followed), which is fsync'd and renamed over the target
// only by Commit(). If anything fails, or Commit() is never called, the temporary
// file is removed and the previous file is untouched.
//
// Before anything is created, the target is resolved (realpath, following symlinks;
// for a file that does not exist yet, through its directory) and refused when it is
// one of the protected paths: the store, its SQLite side files (-wal, -shm,
// -journal) and its locator index (ProtectedPathsForStore), under the name the
// store was given and under the name it resolves to (SQLite keeps the side files
// beside the resolved database file).
//
// A target that exists and is not a regular file is never replaced (renaming over
// /dev/null or a named pipe would put a regular file in its place): a character
// device or a FIFO (`-o /dev/stdout`, `-o /dev/null`, a pipe) is written directly,
// with no temporary file, unless `regular_file_only`; anything else (a block device,
// a socket) is refused.
//
//   OutputFileOptions options;
//   options.option_name = "--output";
//   options.protected_paths = ProtectedPathsForStore(db_path, index_path);
//   HABEAS_ASSIGN_OR_RETURN(auto out, OutputFile::Create("links.csv", options));
//   out->stream() << "source,record_id\n";
//   HABEAS_RETURN_IF_ERROR(out->Commit());
//
// An OutputFile is used by one thread at a time.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "habeas/status.h"

namespace habeas {

// The store, its SQLite side files and its locator index (`index_path`, if not empty),
// each also as resolved through symlinks.
std::vector<std::string> ProtectedPathsForStore(const std::string& store_path,
                                                const std::string& index_path);

// The absolute path `path` names, following symlinks; for a path that does not exist,
// its directory resolved plus its last component. Empty when not even the directory
// resolves.
std::string ResolveOutputPath(const std::string& path);

struct OutputFileOptions {
  std::string option_name = "output";         // named in messages: "--index"
  std::vector<std::string> protected_paths;   // refused as targets (see above)
  // When not empty, an existing non-empty target is replaced only if it starts with
  // these bytes (the locator index's magic: `--index README.md` must not be replaced).
  std::string required_prefix;
  // Only a regular file may be written (the locator index): a device or a FIFO is
  // refused instead of written directly.
  bool regular_file_only = false;
  // Create the target's directory (and its parents, mode 0700) when it is missing: for
  // Habeas's own cache files (a PostgreSQL store's default locator index).
  bool create_directory = false;
};

// Refuses (kInvalidInput, naming the option, the path and what it is) a target that
// resolves to a protected path, to a directory, or to something that is neither a
// regular file nor (without `regular_file_only`) a character device or a FIFO.
Status CheckOutputPath(const std::string& path, const OutputFileOptions& options);

class OutputFile {
 public:
  static Result<std::unique_ptr<OutputFile>> Create(const std::string& path,
                                                    const OutputFileOptions& options);
  ~OutputFile();  // removes the temporary file unless committed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Buffered writes to the temporary file; errors are reported by Commit().
  std::ostream& stream();
  Status Write(std::string_view bytes);

  // Flushes, fsyncs, renames over the target and fsyncs the directory.
  Status Commit();

  const std::string& path() const { return path_; }

 private:
  class Buffer;
  OutputFile(std::string path, std::string temp_path, int fd);  // temp_path "": direct
  void Discard();

  std::string path_;
  std::string temp_path_;
  int fd_;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

}  // namespace habeas
