// A zip archive (an .xlsx workbook) read through minizip from a ByteSource with
// random access (ByteSource::ReadAt): parts are found by name and streamed, never
// held whole. Decompression is capped so that a zip bomb is refused, not inflated:
// a part may not inflate past kMaxPartBytes, nor past kMaxRatio times its compressed
// size (once past kRatioFreeBytes), nor past the size its directory entry declares.
//
//   HABEAS_ASSIGN_OR_RETURN(auto zip, ZipArchive::Open(source));   // source outlives zip
//   HABEAS_ASSIGN_OR_RETURN(auto part, zip->OpenPart("xl/workbook.xml"));
//   char buf[65536];
//   HABEAS_ASSIGN_OR_RETURN(size_t n, part->Read(buf, sizeof buf));  // 0 at the end
//
// Errors name the archive and the part ("list.xlsx: xl/workbook.xml: ..."). One part
// is open at a time: opening another ends the previous one, whose reads then fail with
// kInternal until it is rewound. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "habeas/byte_source.h"
#include "habeas/status.h"

namespace habeas::ingest {

class ZipArchive {
 public:
  // Far above a 1M-row sheet (about 0.5 GiB of XML), far below what a bomb inflates to.
  static constexpr uint64_t kMaxPartBytes = uint64_t{4} << 30;
  // Deflate tops out near 1032:1; real sheets compress 5–30:1 and a sheet of one cell
  // repeated to 100:1 or so. Small parts may exceed it (a few KiB of spaces).
  static constexpr uint64_t kMaxRatio = 250;
  static constexpr uint64_t kRatioFreeBytes = 1 << 20;

  // kInvalidInput naming the source when it is not a zip archive (or a damaged one).
  static Result<std::unique_ptr<ZipArchive>> Open(ByteSource& source);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Part names compare ignoring case (as OPC, the package format of .xlsx, says).
  bool Has(const std::string& part);
  // The part as a ByteSource (Rewind() starts it again). kNotFound naming the archive
  // and the part when it is missing; reads fail with kInvalidInput on damaged data
  // (bad deflate stream, CRC mismatch) or past a cap above.
  Result<std::unique_ptr<ByteSource>> OpenPart(const std::string& part);
  // The part's size inflated, as its directory entry declares it (ends an open part).
  Result<uint64_t> PartSize(const std::string& part);
  const std::string& name() const;

  struct State;  // minizip's handle and the source's cursor (zip_archive.cc)

 private:
  explicit ZipArchive(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace habeas::ingest
