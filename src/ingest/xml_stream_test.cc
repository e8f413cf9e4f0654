#include "ingest/xml_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace habeas::ingest {
namespace {

// Records every event as text: "<row r=2>", "</row>", "text".
class Recorder : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attributes) override {
    Flush();
    std::string event = "<" + std::string(name);
    for (const char** a = attributes; a[0] != nullptr; a += 2) {
      event += " " + std::string(a[0]) + "=" + a[1];
    }
    events.push_back(event + ">");
    if (name == fail_at) failure = DataLoss("element \"" + std::string(name) + "\" is wrong");
  }
  void End(std::string_view name) override {
    Flush();
    events.push_back("</" + std::string(name) + ">");
  }
  // Text may arrive in pieces (chunks, entities): joined before the next element.
  void Text(std::string_view text) override { pending_ += text; }
  void Flush() {
    if (!pending_.empty()) events.push_back(pending_);
    pending_.clear();
  }

  std::vector<std::string> events;
  std::string fail_at;

 private:
  std::string pending_;
};

std::vector<std::string> Read(const std::string& xml, size_t max_read = 0) {
  StringSource part(xml, "book.xlsx: xl/sheet1.xml", max_read);
  Recorder recorder;
  const Status status = ReadXml(part, recorder);
  EXPECT_TRUE(status.ok()) << status.message();
  recorder.Flush();
  return recorder.events;
}

TEST(XmlStreamTest, ElementsTextAndAttributesArriveInOrderWithLocalNames) {
  // Element names lose their prefix; attribute names keep theirs (XmlAttribute drops it).
  EXPECT_EQ(Read("<?xml version=\"1.0\"?><x:worksheet xmlns=\"urn:main\" xmlns:r=\"urn:rel\">"
                 "<x:row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></x:row></x:worksheet>"),
            (std::vector<std::string>{"<worksheet xmlns=urn:main xmlns:r=urn:rel>", "<row r=1>",
                                      "<c r=A1 t=s>", "<v>", "7", "</v>", "</c>", "</row>",
                                      "</worksheet>"}));
}

TEST(XmlStreamTest, EntitiesAndUtf8TextAreDecoded) {
  EXPECT_EQ(Read("<t>Jos&#233; &amp; Mar\xC3\xAD" "a &lt;3&gt;</t>"),
            (std::vector<std::string>{"<t>", "Jos\xC3\xA9 & Mar\xC3\xAD" "a <3>", "</t>"}));
}

TEST(XmlStreamTest, ShortReadsGiveTheSameEvents) {
  const std::string xml =
      "<sheetData><row r=\"1\"><c><is><t>Pérez González</t></is></c></row>"
      "<row r=\"2\"><c><v>3.5</v></c></row></sheetData>";
  const std::vector<std::string> whole = Read(xml);
  for (size_t max_read : {1u, 2u, 3u, 7u}) EXPECT_EQ(Read(xml, max_read), whole) << max_read;
}

TEST(XmlStreamTest, StepReportsProgressAndTheEnd) {
  const std::string xml = "<a><b/></a>";
  StringSource part(xml, "p.xml", /*max_read=*/4);
  Recorder recorder;
  XmlStream stream(&part, &recorder);
  uint64_t last = 0;
  int steps = 0;
  for (;;) {
    const Result<bool> more = stream.Step();
    ASSERT_TRUE(more.ok()) << more.status().message();
    EXPECT_GE(stream.bytes_done(), last);
    last = stream.bytes_done();
    ++steps;
    if (!*more) break;
  }
  EXPECT_EQ(stream.bytes_done(), xml.size());
  EXPECT_EQ(steps, 4);  // 4 + 4 + 3 bytes, then the empty read that ends the part
  const Result<bool> after = stream.Step();
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(*after) << "stepping past the end stays at the end";
}

Status ReadError(const std::string& xml, Recorder* recorder) {
  StringSource part(xml, "book.xlsx: xl/sheet1.xml");
  return ReadXml(part, *recorder);
}

TEST(XmlStreamTest, ADoctypeIsRefusedBeforeAnyEntityIsExpanded) {
  // The "billion laughs": never expanded, because the DOCTYPE itself is refused.
  const std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
      "<lolz>&lol2;</lolz>";
  Recorder recorder;
  const Status status = ReadError(bomb, &recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(status.message().rfind("book.xlsx: xl/sheet1.xml: line 2, column ", 0), 0u)
      << status.message();
  EXPECT_NE(status.message().find(": has a DOCTYPE declaration, which no workbook has; refused"),
            std::string::npos)
      << status.message();
  EXPECT_TRUE(recorder.events.empty()) << "no element was handed on";
}

TEST(XmlStreamTest, MalformedXmlNamesThePartLineAndColumn) {
  struct Case {
    std::string xml;
    std::string message;
  };
  const Case cases[] = {
      {"<a>\n<b></a>",
       "book.xlsx: xl/sheet1.xml: line 2, column 6: not valid XML (mismatched tag); the file "
       "is damaged"},
      {"", "book.xlsx: xl/sheet1.xml: line 1, column 1: not valid XML (no element found); the "
           "file is damaged"},
      {"<a>", "book.xlsx: xl/sheet1.xml: line 1, column 4: not valid XML (no element found); "
              "the file is damaged"},
      {"<a>&nbsp;</a>",
       "book.xlsx: xl/sheet1.xml: line 1, column 4: not valid XML (undefined entity); the file "
       "is damaged"},
      {"<a/><b/>",
       "book.xlsx: xl/sheet1.xml: line 1, column 5: not valid XML (junk after document "
       "element); the file is damaged"},
  };
  for (const Case& c : cases) {
    Recorder recorder;
    const Status status = ReadError(c.xml, &recorder);
    ASSERT_FALSE(status.ok()) << c.xml;
    EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
    EXPECT_EQ(status.message(), c.message) << c.xml;
  }
}

TEST(XmlStreamTest, AHandlersFailureStopsReadingAtItsElementWithItsCode) {
  Recorder recorder;
  recorder.fail_at = "bad";
  const Status status = ReadError("<a>\n  <ok/>\n  <bad/>\n  <after/>\n</a>", &recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  // The line is the element's; expat stops at the end of its tag.
  EXPECT_EQ(status.message().rfind("book.xlsx: xl/sheet1.xml: line 3, column ", 0), 0u)
      << status.message();
  EXPECT_NE(status.message().find(": element \"bad\" is wrong"), std::string::npos)
      << status.message();
  recorder.Flush();
  ASSERT_FALSE(recorder.events.empty());
  EXPECT_EQ(recorder.events.back(), "</bad>") << "nothing after the failing element";
  EXPECT_EQ(std::count(recorder.events.begin(), recorder.events.end(), "<after>"), 0);
}

// A source whose reads fail after `good` bytes.
class FailingSource final : public ByteSource {
 public:
  FailingSource(std::string data, size_t good) : data_(std::move(data)), good_(good) {}
  Result<size_t> Read(char* buffer, size_t capacity) override {
    if (pos_ >= good_) return Unavailable("p.xml: read error (EIO)");
    const size_t n = std::min(capacity, good_ - pos_);
    data_.copy(buffer, n, pos_);
    pos_ += n;
    return n;
  }
  Status Rewind() override {
    pos_ = 0;
    return Status::Ok();
  }
  const std::string& name() const override { return name_; }

 private:
  std::string data_;
  size_t good_;
  size_t pos_ = 0;
  std::string name_ = "p.xml";
};

TEST(XmlStreamTest, AReadErrorIsPassedOnUnchanged) {
  FailingSource part("<a><b/><c/></a>", 5);
  Recorder recorder;
  const Status status = ReadXml(part, recorder);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "p.xml: read error (EIO)");
}

TEST(XmlAttributeTest, FindsByLocalNameAndGivesNullWhenAbsent) {
  const char* attributes[] = {"r", "A1", "r:id", "rId7", "x:t", "s", nullptr};
  ASSERT_NE(XmlAttribute(attributes, "r"), nullptr);
  EXPECT_STREQ(XmlAttribute(attributes, "r"), "A1");
  EXPECT_STREQ(XmlAttribute(attributes, "id"), "rId7");
  EXPECT_STREQ(XmlAttribute(attributes, "t"), "s");
  EXPECT_EQ(XmlAttribute(attributes, "r:id"), nullptr) << "names compare without the prefix";
  EXPECT_EQ(XmlAttribute(attributes, "s"), nullptr) << "values are not names";
  const char* none[] = {nullptr};
  EXPECT_EQ(XmlAttribute(none, "r"), nullptr);
}

}  // namespace
}  // namespace habeas::ingest
