#include "ingest/zip_archive.h"

#include <unzip.h>

#include <algorithm>

namespace habeas::ingest {
namespace {

// minizip's view of a ByteSource: a position and the last error.
struct Cursor {
  ByteSource* source = nullptr;
  uint64_t size = 0;
  uint64_t position = 0;
  bool failed = false;
};

voidpf OpenCursor(voidpf opaque, const void* /*filename*/, int /*mode*/) { return opaque; }

uLong ReadCursor(voidpf /*opaque*/, voidpf stream, void* buffer, uLong size) {
  auto* cursor = static_cast<Cursor*>(stream);
  uLong done = 0;
  while (done < size) {
    Result<size_t> n = cursor->source->ReadAt(cursor->position, static_cast<char*>(buffer) + done,
                                              size - done);
    if (!n.ok()) {
      cursor->failed = true;
      break;
    }
    if (*n == 0) break;
    cursor->position += *n;
    done += *n;
  }
  return done;
}

uLong WriteCursor(voidpf, voidpf, const void*, uLong) { return 0; }

ZPOS64_T TellCursor(voidpf /*opaque*/, voidpf stream) {
  return static_cast<Cursor*>(stream)->position;
}

long SeekCursor(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset, int origin) {
  auto* cursor = static_cast<Cursor*>(stream);
  uint64_t base = 0;
  if (origin == ZLIB_FILEFUNC_SEEK_CUR) base = cursor->position;
  if (origin == ZLIB_FILEFUNC_SEEK_END) base = cursor->size;
  if (offset > cursor->size || base > cursor->size - offset) return -1;
  cursor->position = base + offset;
  return 0;
}

int CloseCursor(voidpf, voidpf) { return 0; }

int CursorError(voidpf /*opaque*/, voidpf stream) {
  return static_cast<Cursor*>(stream)->failed ? 1 : 0;
}

// The first bytes of an OLE2 compound file: an .xls, or an .xlsx saved with a password.
constexpr std::string_view kOle2Magic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

std::string NotAZipMessage(ByteSource& source) {
  char head[8] = {};
  Result<size_t> n = source.ReadAt(0, head, sizeof head);
  if (n.ok() && *n == sizeof head && std::string_view(head, 8) == kOle2Magic) {
    return source.name() +
           ": not an .xlsx workbook but an older .xls file, or an .xlsx protected by a "
           "password; save it as .xlsx without a password (or name it .xls)";
  }
  return source.name() +
         ": not an .xlsx workbook (not a zip archive, or a damaged one); open it in a "
         "spreadsheet program and save it as .xlsx again";
}

}  // namespace

struct ZipArchive::State {
  Cursor cursor;
  unzFile zip = nullptr;
  // The part whose entry is minizip's current one (minizip reads one entry at a time),
  // or null. Only that part may read or close the entry.
  const ByteSource* open_part = nullptr;

  void CloseOpenPart() {
    if (open_part != nullptr) unzCloseCurrentFile(zip);
    open_part = nullptr;
  }
};

namespace {

// One part, streamed; its archive must outlive it. Opening another part of the archive
// ends this one's reading: its reads then fail (kInternal) until Rewind() starts it
// again, and it never touches the other part's entry.
class PartSource final : public ByteSource {
 public:
  PartSource(ZipArchive::State* state, std::string part, std::string name)
      : state_(state), part_(std::move(part)), name_(std::move(name)) {}
  ~PartSource() override { Close(); }

  Result<size_t> Read(char* buffer, size_t capacity) override {
    if (ended_) return size_t{0};
    if (state_->open_part != this) {
      return Internal(name_ + ": another part of the archive was opened since; Rewind() to "
                              "read this one again");
    }
    const int n = unzReadCurrentFile(state_->zip, buffer,
                                     static_cast<unsigned>(std::min<size_t>(capacity, 1 << 30)));
    if (n < 0) return InvalidInput(name_ + ": damaged compressed data (zip error " +
                                   std::to_string(n) + "); the file is corrupt");
    if (n > 0) return static_cast<size_t>(n);
    ended_ = true;
    state_->open_part = nullptr;
    if (unzCloseCurrentFile(state_->zip) == UNZ_CRCERROR) {
      return InvalidInput(name_ + ": damaged compressed data (checksum mismatch); the file "
                                  "is corrupt");
    }
    return size_t{0};
  }

  // Finds its part again: another part may have been opened since.
  Status Rewind() override {
    state_->CloseOpenPart();
    ended_ = true;
    if (unzLocateFile(state_->zip, part_.c_str(), /*case insensitive*/ 2) != UNZ_OK ||
        unzOpenCurrentFile(state_->zip) != UNZ_OK) {
      return InvalidInput(name_ + ": cannot be read (damaged or encrypted zip entry)");
    }
    state_->open_part = this;
    ended_ = false;
    return Status::Ok();
  }

  const std::string& name() const override { return name_; }

 private:
  // Closes the entry only if it is still this part's.
  void Close() {
    if (state_->open_part == this) state_->CloseOpenPart();
    ended_ = true;
  }

  ZipArchive::State* state_;
  std::string part_;  // its name in the archive
  std::string name_;  // "list.xlsx: xl/worksheets/sheet1.xml", for messages
  bool ended_ = true;
};

}  // namespace

ZipArchive::ZipArchive(std::unique_ptr<State> state) : state_(std::move(state)) {}

ZipArchive::~ZipArchive() {
  state_->CloseOpenPart();
  if (state_->zip != nullptr) unzClose(state_->zip);
}

Result<std::unique_ptr<ZipArchive>> ZipArchive::Open(ByteSource& source) {
  auto state = std::make_unique<State>();
  state->cursor.source = &source;
  HABEAS_ASSIGN_OR_RETURN(state->cursor.size, source.Size());
  zlib_filefunc64_def functions{};
  functions.zopen64_file = OpenCursor;
  functions.zread_file = ReadCursor;
  functions.zwrite_file = WriteCursor;
  functions.ztell64_file = TellCursor;
  functions.zseek64_file = SeekCursor;
  functions.zclose_file = CloseCursor;
  functions.zerror_file = CursorError;
  functions.opaque = &state->cursor;
  state->zip = unzOpen2_64(source.name().c_str(), &functions);
  if (state->zip == nullptr) return InvalidInput(NotAZipMessage(source));
  return std::unique_ptr<ZipArchive>(new ZipArchive(std::move(state)));
}

const std::string& ZipArchive::name() const { return state_->cursor.source->name(); }

bool ZipArchive::Has(const std::string& part) {
  return unzLocateFile(state_->zip, part.c_str(), /*case insensitive*/ 2) == UNZ_OK;
}

Result<uint64_t> ZipArchive::PartSize(const std::string& part) {
  state_->CloseOpenPart();
  if (!Has(part)) return NotFound(name() + ": " + part + ": missing from the workbook");
  unz_file_info64 info{};
  if (unzGetCurrentFileInfo64(state_->zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
    return InvalidInput(name() + ": " + part + ": damaged zip directory entry; the file is corrupt");
  }
  return static_cast<uint64_t>(info.uncompressed_size);
}

Result<std::unique_ptr<ByteSource>> ZipArchive::OpenPart(const std::string& part) {
  const std::string where = name() + ": " + part;
  state_->CloseOpenPart();
  if (!Has(part)) return NotFound(where + ": missing from the workbook");
  unz_file_info64 info{};
  if (unzGetCurrentFileInfo64(state_->zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
    return InvalidInput(where + ": damaged zip directory entry; the file is corrupt");
  }
  if (info.uncompressed_size > kMaxPartBytes) {
    return InvalidInput(where + ": inflates to " + std::to_string(info.uncompressed_size) +
                        " bytes, more than Habeas reads (" + std::to_string(kMaxPartBytes) +
                        "); split the sheet into smaller workbooks");
  }
  if (info.uncompressed_size > kRatioFreeBytes &&
      info.uncompressed_size / std::max<uint64_t>(info.compressed_size, 1) > kMaxRatio) {
    return InvalidInput(where + ": compressed " + std::to_string(info.compressed_size) +
                        " bytes inflate to " + std::to_string(info.uncompressed_size) +
                        ", more than " + std::to_string(kMaxRatio) +
                        " times: a zip bomb, not a spreadsheet; refused");
  }
  auto source = std::make_unique<PartSource>(state_.get(), part, where);
  HABEAS_RETURN_IF_ERROR(source->Rewind());
  return std::unique_ptr<ByteSource>(std::move(source));
}

}  // namespace habeas::ingest
