#include "common/file_io.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/scratch_dir.h"

namespace habeas {
namespace {

class FileIoTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    return dir_.Write(name, bytes);
  }
  // Reads `source` to its end in reads of at most `chunk` bytes.
  static std::string ReadAll(ByteSource& source, size_t chunk) {
    std::string out;
    std::string buffer(chunk, '\0');
    for (;;) {
      Result<size_t> n = source.Read(buffer.data(), chunk);
      EXPECT_TRUE(n.ok()) << n.status().ToString();
      if (!n.ok() || *n == 0) return out;
      EXPECT_LE(*n, chunk);
      out.append(buffer.data(), *n);
    }
  }
  ScratchDir dir_{"file_io"};
};

// Known digests (sha256sum of the same bytes; FIPS 180-2 examples).
TEST(Sha256, KnownDigests) {
  Sha256 empty;
  EXPECT_EQ(empty.Hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 abc;
  abc.Update("abc");
  EXPECT_EQ(abc.Hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, PiecesHashAsTheWhole) {
  const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256 whole;
  whole.Update(text);
  Sha256 pieces;
  for (size_t i = 0; i < text.size(); i += 7) pieces.Update(std::string_view(text).substr(i, 7));
  const std::string digest = whole.Hex();
  EXPECT_EQ(digest, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(pieces.Hex(), digest);
}

TEST(Sha256, BytesAreHashedNotCharacters) {
  Sha256 with_nul;
  with_nul.Update(std::string_view("a\0b", 3));
  Sha256 without;
  without.Update("ab");
  EXPECT_NE(with_nul.Hex(), without.Hex());
}

TEST_F(FileIoTest, FileSourceReadsEveryByteAndRewinds) {
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes.push_back(static_cast<char>(i * 31 % 256));
  const std::string path = Write("data.bin", bytes);
  auto source = FileSource::Open(path);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ((*source)->name(), path);
  EXPECT_EQ(ReadAll(**source, 4096), bytes);
  ASSERT_TRUE((*source)->Rewind().ok());
  EXPECT_EQ(ReadAll(**source, 65536), bytes);
}

TEST_F(FileIoTest, FileSourceOfAnEmptyFileEndsAtOnce) {
  auto source = FileSource::Open(Write("empty.csv", ""));
  ASSERT_TRUE(source.ok());
  char c;
  Result<size_t> n = (*source)->Read(&c, 1);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
}

TEST_F(FileIoTest, FileSourceSaysWhyItCannotOpen) {
  auto missing = FileSource::Open(dir_.Path("nope.csv"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nope.csv: no such file"), std::string::npos);

  auto directory = FileSource::Open(dir_.path().string());
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(directory.status().message().find("is a directory"), std::string::npos);

  if (::geteuid() != 0) {  // root reads whatever the mode says
    const std::string locked = Write("locked.csv", "a,b\n");
    ::chmod(locked.c_str(), 0);
    auto denied = FileSource::Open(locked);
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  }
}

TEST(StringSource, ServesShortReadsWhenAsked) {
  StringSource source("abcdefghij", "ten", /*max_read=*/3);
  EXPECT_EQ(source.name(), "ten");
  char buffer[16];
  std::vector<size_t> sizes;
  std::string out;
  for (;;) {
    Result<size_t> n = source.Read(buffer, sizeof buffer);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    sizes.push_back(*n);
    out.append(buffer, *n);
  }
  EXPECT_EQ(out, "abcdefghij");
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 3, 1}));
  ASSERT_TRUE(source.Rewind().ok());
  Result<size_t> again = source.Read(buffer, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(std::string(buffer, *again), "ab");
}

TEST_F(FileIoTest, ReadSmallFileReadsUpToItsLimit) {
  const std::string path = Write("mapping.toml", std::string(100, 'x'));
  auto exact = ReadSmallFile(path, 100);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(*exact, std::string(100, 'x'));

  auto too_big = ReadSmallFile(path, 99);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(too_big.status().message().find("larger than 99 bytes"), std::string::npos);

  auto missing = ReadSmallFile(dir_.Path("missing.toml"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace habeas
