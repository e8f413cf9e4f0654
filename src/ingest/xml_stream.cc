#include "ingest/xml_stream.h"

#include <expat.h>

#include <cstring>

namespace habeas::ingest {
namespace {

constexpr size_t kChunkBytes = 256 << 10;

std::string_view LocalName(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon == nullptr ? std::string_view(name) : std::string_view(colon + 1);
}

XML_Parser Parser(void* parser) { return static_cast<XML_Parser>(parser); }

// Stops the parser where the handler found the content wrong, so that the error's
// line and column are the element's.
void StopOnFailure(XmlHandler* handler) {
  if (!handler->failure.ok()) XML_StopParser(Parser(handler->parser), XML_FALSE);
}

void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto* handler = static_cast<XmlHandler*>(data);
  handler->Start(LocalName(name), attributes);
  StopOnFailure(handler);
}

void OnEnd(void* data, const XML_Char* name) {
  auto* handler = static_cast<XmlHandler*>(data);
  handler->End(LocalName(name));
  StopOnFailure(handler);
}

void OnText(void* data, const XML_Char* text, int length) {
  static_cast<XmlHandler*>(data)->Text(std::string_view(text, static_cast<size_t>(length)));
}

void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* handler = static_cast<XmlHandler*>(data);
  handler->failure = InvalidInput("has a DOCTYPE declaration, which no workbook has; refused");
  StopOnFailure(handler);
}

}  // namespace

const char* XmlAttribute(const char** attributes, std::string_view name) {
  for (; attributes[0] != nullptr; attributes += 2) {
    if (LocalName(attributes[0]) == name) return attributes[1];
  }
  return nullptr;
}

XmlStream::XmlStream(ByteSource* part, XmlHandler* handler)
    : part_(part),
      handler_(handler),
      parser_(XML_ParserCreate("UTF-8")),
      buffer_(new char[kChunkBytes]) {
  XML_Parser p = Parser(parser_);
  handler->parser = parser_;
  XML_SetUserData(p, handler);
  XML_SetElementHandler(p, OnStart, OnEnd);
  XML_SetCharacterDataHandler(p, OnText);
  XML_SetStartDoctypeDeclHandler(p, OnDoctype);
}

XmlStream::~XmlStream() { XML_ParserFree(Parser(parser_)); }

Status XmlStream::ParseError() {
  XML_Parser p = Parser(parser_);
  const std::string where = part_->name() + ": line " +
                            std::to_string(XML_GetCurrentLineNumber(p)) + ", column " +
                            std::to_string(XML_GetCurrentColumnNumber(p) + 1) + ": ";
  if (!handler_->failure.ok()) {
    return Status(handler_->failure.code(), where + handler_->failure.message());
  }
  return InvalidInput(where + "not valid XML (" + XML_ErrorString(XML_GetErrorCode(p)) +
                      "); the file is damaged");
}

Result<bool> XmlStream::Step() {
  if (ended_) return false;
  HABEAS_ASSIGN_OR_RETURN(size_t n, part_->Read(buffer_.get(), kChunkBytes));
  done_ += n;
  ended_ = n == 0;
  if (XML_Parse(Parser(parser_), buffer_.get(), static_cast<int>(n), ended_ ? 1 : 0) !=
      XML_STATUS_OK) {
    return ParseError();
  }
  if (!handler_->failure.ok()) return ParseError();
  return !ended_;
}

Status ReadXml(ByteSource& part, XmlHandler& handler) {
  XmlStream stream(&part, &handler);
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(bool more, stream.Step());
    if (!more) return Status::Ok();
  }
}

}  // namespace habeas::ingest
