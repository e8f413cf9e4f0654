#include "habeas/output_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace habeas {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("habeas_output_file_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Write(Path("habeas.db"), "SQLite format 3");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  static void Write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  OutputFileOptions Options() const {
    OutputFileOptions o;
    o.option_name = "--output";
    o.protected_paths = ProtectedPathsForStore(Path("habeas.db"), Path("habeas.db.idx"));
    return o;
  }
  size_t FilesInDir() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }

  fs::path dir_;
};

TEST_F(OutputFileTest, RefusesTheStoreItsSideFilesAndItsIndex) {
  for (const char* name : {"habeas.db", "habeas.db-wal", "habeas.db-shm", "habeas.db-journal",
                           "habeas.db.idx"}) {
    auto out = OutputFile::Create(Path(name), Options());
    ASSERT_FALSE(out.ok()) << name;
    EXPECT_EQ(out.status().code(), StatusCode::kInvalidInput);
    EXPECT_NE(out.status().message().find("--output"), std::string::npos);
    EXPECT_NE(out.status().message().find("refusing"), std::string::npos);
  }
  EXPECT_EQ(Read(Path("habeas.db")), "SQLite format 3");
}

TEST_F(OutputFileTest, RefusesTheStoreThroughASymlinkAndAnotherSpelling) {
  fs::create_symlink(Path("habeas.db"), Path("link.csv"));
  EXPECT_FALSE(OutputFile::Create(Path("link.csv"), Options()).ok());
  fs::create_directories(dir_ / "sub");
  EXPECT_FALSE(OutputFile::Create(Path("sub/../habeas.db"), Options()).ok());
  fs::create_hard_link(Path("habeas.db"), Path("hard.csv"));
  EXPECT_FALSE(OutputFile::Create(Path("hard.csv"), Options()).ok());
  EXPECT_EQ(Read(Path("habeas.db")), "SQLite format 3");
}

TEST_F(OutputFileTest, CommitReplacesAndAnUncommittedFileLeavesTheOldOneUntouched) {
  Write(Path("links.csv"), "old\n");
  {
    auto out = OutputFile::Create(Path("links.csv"), Options());
    ASSERT_TRUE(out.ok()) << out.status().message();
    (*out)->stream() << "partial";
    // Destroyed without Commit: a failed export.
  }
  EXPECT_EQ(Read(Path("links.csv")), "old\n");
  EXPECT_EQ(FilesInDir(), 2u) << "the temporary file is removed";
  auto out = OutputFile::Create(Path("links.csv"), Options());
  ASSERT_TRUE(out.ok());
  (*out)->stream() << "new\n";
  ASSERT_TRUE((*out)->Commit().ok());
  EXPECT_EQ(Read(Path("links.csv")), "new\n");
  EXPECT_EQ(FilesInDir(), 2u);
}

TEST_F(OutputFileTest, RequiredPrefixProtectsForeignFiles) {
  Write(Path("README.md"), "# a document\n");
  OutputFileOptions o = Options();
  o.option_name = "--index";
  o.required_prefix = "HABEASIX";
  auto out = OutputFile::Create(Path("README.md"), o);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("--index"), std::string::npos);
  EXPECT_EQ(Read(Path("README.md")), "# a document\n");
  Write(Path("old.idx"), "HABEASIX and more");
  EXPECT_TRUE(OutputFile::Create(Path("old.idx"), o).ok());
  EXPECT_TRUE(OutputFile::Create(Path("new.idx"), o).ok());
}

TEST_F(OutputFileTest, MissingDirectoryIsNotFound) {
  auto out = OutputFile::Create(Path("no/such/dir/x.csv"), Options());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(OutputFile::Create(dir_.string(), Options()).ok()) << "a directory";
}

// --db link.db with link.db -> data/h.db: SQLite's side files are data/h.db-wal and
// data/h.db-journal, beside the resolved file; they are the store too.
TEST_F(OutputFileTest, RefusesTheSideFilesOfAStoreNamedThroughASymlink) {
  fs::create_directories(dir_ / "data");
  Write(Path("data/h.db"), "SQLite format 3");
  Write(Path("data/h.db-wal"), "wal frames");
  fs::create_symlink(Path("data/h.db"), Path("link.db"));
  OutputFileOptions o;
  o.option_name = "--output";
  o.protected_paths = ProtectedPathsForStore(Path("link.db"), Path("link.db.idx"));
  for (const char* name : {"data/h.db", "data/h.db-wal", "data/h.db-shm", "data/h.db-journal"}) {
    auto out = OutputFile::Create(Path(name), o);
    ASSERT_FALSE(out.ok()) << name;
    EXPECT_EQ(out.status().code(), StatusCode::kInvalidInput) << name;
  }
  EXPECT_EQ(Read(Path("data/h.db-wal")), "wal frames");
}

// Renaming over a FIFO (or /dev/null, /dev/stdout when stdout is a pipe) would replace
// it with a regular file: such a target is written directly and stays what it was.
TEST_F(OutputFileTest, AFifoIsWrittenDirectlyAndStaysAFifo) {
  const std::string fifo = Path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  {
    auto out = OutputFile::Create(fifo, Options());
    ASSERT_TRUE(out.ok()) << out.status().message();
    (*out)->stream() << "a,b\n";
    ASSERT_TRUE((*out)->Commit().ok());
  }
  char buffer[16] = {};
  EXPECT_EQ(::read(reader, buffer, sizeof buffer), 4);
  EXPECT_EQ(std::string(buffer), "a,b\n");
  ::close(reader);
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(FilesInDir(), 2u) << "no temporary file left";
}

TEST_F(OutputFileTest, ARegularFileOnlyOutputRefusesAFifoWithoutOpeningIt) {
  const std::string fifo = Path("index.idx");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  OutputFileOptions o = Options();
  o.option_name = "--index";
  o.required_prefix = "HABEASIX";  // reading the prefix of a FIFO would block
  o.regular_file_only = true;
  auto out = OutputFile::Create(fifo, o);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("not a regular file"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(OutputFileTest, APipeWithNoReaderIsAnErrorNotAHang) {
  const std::string fifo = Path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto out = OutputFile::Create(fifo, Options());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace habeas
