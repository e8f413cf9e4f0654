// XML read through expat as a stream of elements and text, for the parts of an .xlsx
// workbook. Names are local (a prefix such as "x:" dropped; .xlsx parts use one
// namespace each). A DOCTYPE is refused: workbooks have none, and entities are how
// XML bombs work. Errors name the part and the line and column in it.
//
//   class Counter : public XmlHandler { void Start(std::string_view name, const char**) override
//     { if (name == "row") ++rows; } };
//   Counter counter;
//   HABEAS_RETURN_IF_ERROR(ReadXml(*part, counter));
//
// Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "habeas/byte_source.h"
#include "habeas/status.h"

namespace habeas::ingest {

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `attributes`: name, value, name, value, ..., nullptr (names with their prefix).
  virtual void Start(std::string_view name, const char** attributes) = 0;
  virtual void End(std::string_view /*name*/) {}
  virtual void Text(std::string_view /*text*/) {}
  // A handler that finds the content wrong sets this; reading stops with it.
  Status failure;
  void* parser = nullptr;  // set by XmlStream
};

// The value of attribute `name` (compared without prefix: "r:id" is "id"), or nullptr.
const char* XmlAttribute(const char** attributes, std::string_view name);

// Feeds a part to a handler chunk by chunk (one XmlStream per part).
class XmlStream {
 public:
  XmlStream(ByteSource* part, XmlHandler* handler);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Reads and parses the next chunk; false at the end of the part.
  Result<bool> Step();
  uint64_t bytes_done() const { return done_; }

 private:
  Status ParseError();

  ByteSource* part_;
  XmlHandler* handler_;
  void* parser_;
  std::unique_ptr<char[]> buffer_;
  uint64_t done_ = 0;
  bool ended_ = false;
};

// Reads a whole part through `handler`.
Status ReadXml(ByteSource& part, XmlHandler& handler);

}  // namespace habeas::ingest
