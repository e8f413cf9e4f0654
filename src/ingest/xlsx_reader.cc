// OpenSheet for .xlsx (ingest/spreadsheet.h): the workbook's parts read with
// ZipArchive (minizip) and XmlStream (expat), the sheet streamed row by row.
#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>

#include "ingest/cell_text.h"
#include "ingest/spreadsheet.h"
#include "ingest/xlsx_reader.h"
#include "ingest/xml_stream.h"
#include "ingest/zip_archive.h"

namespace habeas::ingest {
namespace {

// Excel's limits: columns A–XFD.
constexpr size_t kMaxColumns = 16384;
// The shared-string table is held in memory (cells refer to it by index): a workbook
// whose distinct texts exceed this is refused rather than exhausting memory.
constexpr uint64_t kMaxSharedStringBytes = uint64_t{1} << 30;

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// ---- relationships (_rels/*.rels) ----

struct Relationship {
  std::string id, type, target;
};

class RelationshipsHandler final : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attributes) override {
    if (name != "Relationship") return;
    const char* id = XmlAttribute(attributes, "Id");
    const char* type = XmlAttribute(attributes, "Type");
    const char* target = XmlAttribute(attributes, "Target");
    if (id && type && target) relationships.push_back({id, type, target});
  }
  std::vector<Relationship> relationships;
};

// A relationship's target as a part name: relative to `directory` ("xl/") unless it
// starts with "/"; "../" steps up.
std::string ResolveTarget(const std::string& directory, std::string_view target) {
  std::string path = target.starts_with("/") ? "" : directory;
  if (target.starts_with("/")) target.remove_prefix(1);
  while (target.starts_with("../")) {
    target.remove_prefix(3);
    const size_t slash = path.empty() ? std::string::npos : path.rfind('/', path.size() - 2);
    path = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  }
  return path + std::string(target);
}

Result<std::vector<Relationship>> ReadRelationships(ZipArchive& zip, const std::string& part) {
  if (!zip.Has(part)) return std::vector<Relationship>{};
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, zip.OpenPart(part));
  RelationshipsHandler handler;
  HABEAS_RETURN_IF_ERROR(ReadXml(*source, handler));
  return handler.relationships;
}

const Relationship* FindByType(const std::vector<Relationship>& all, std::string_view suffix) {
  for (const Relationship& r : all) {
    if (r.type.ends_with(suffix)) return &r;
  }
  return nullptr;
}

// ---- workbook.xml ----

struct SheetEntry {
  std::string name, relationship_id;
};

class WorkbookHandler final : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attributes) override {
    if (name == "workbookPr") {
      const char* v = XmlAttribute(attributes, "date1904");
      if (v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0)) {
        system = DateSystem::k1904;
      }
    } else if (name == "sheet") {
      const char* sheet_name = XmlAttribute(attributes, "name");
      const char* id = XmlAttribute(attributes, "id");
      if (sheet_name && id) sheets.push_back({sheet_name, id});
    }
  }
  DateSystem system = DateSystem::k1900;
  std::vector<SheetEntry> sheets;
};

struct Workbook {
  DateSystem system = DateSystem::k1900;
  std::vector<SheetEntry> sheets;
  std::map<std::string, std::string> parts_by_id;  // relationship id → part name
  std::string styles_part, strings_part;           // empty when the workbook has none
};

std::string Directory(const std::string& part) {
  const size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

Result<std::string> WorkbookPart(ZipArchive& zip) {
  HABEAS_ASSIGN_OR_RETURN(std::vector<Relationship> root,
                          ReadRelationships(zip, "_rels/.rels"));
  const Relationship* office = FindByType(root, "/officeDocument");
  std::string part = office ? ResolveTarget("", office->target) : "xl/workbook.xml";
  if (!zip.Has(part)) {
    return InvalidInput(zip.name() + ": no " + part +
                        " in the archive: a zip file, but not an .xlsx workbook");
  }
  return part;
}

Result<Workbook> ReadWorkbook(ZipArchive& zip) {
  HABEAS_ASSIGN_OR_RETURN(std::string part, WorkbookPart(zip));
  Workbook book;
  {
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, zip.OpenPart(part));
    WorkbookHandler handler;
    HABEAS_RETURN_IF_ERROR(ReadXml(*source, handler));
    book.system = handler.system;
    book.sheets = std::move(handler.sheets);
  }
  if (book.sheets.empty()) return InvalidInput(zip.name() + ": the workbook lists no sheet");
  const std::string directory = Directory(part);
  HABEAS_ASSIGN_OR_RETURN(
      std::vector<Relationship> rels,
      ReadRelationships(zip, directory + "_rels/" + part.substr(directory.size()) + ".rels"));
  for (const Relationship& r : rels) book.parts_by_id[r.id] = ResolveTarget(directory, r.target);
  const Relationship* styles = FindByType(rels, "/styles");
  const Relationship* strings = FindByType(rels, "/sharedStrings");
  book.styles_part = styles ? ResolveTarget(directory, styles->target) : "";
  book.strings_part = strings ? ResolveTarget(directory, strings->target) : "";
  return book;
}

// ---- styles.xml: each cell style's number format ----

class StylesHandler final : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attributes) override {
    if (name == "numFmt") {
      const char* id = XmlAttribute(attributes, "numFmtId");
      const char* code = XmlAttribute(attributes, "formatCode");
      if (id && code) codes_[ParseInt(id).value_or(-1)] = code;
    } else if (name == "cellXfs") {
      in_cell_formats_ = true;
    } else if (name == "xf" && in_cell_formats_) {
      const char* id = XmlAttribute(attributes, "numFmtId");
      format_ids_.push_back(id ? static_cast<int>(ParseInt(id).value_or(0)) : 0);
    }
  }
  void End(std::string_view name) override {
    if (name == "cellXfs") in_cell_formats_ = false;
  }
  std::vector<NumberFormat> Formats() const {
    std::vector<NumberFormat> out;
    for (int id : format_ids_) {
      auto it = codes_.find(id);
      out.push_back(ClassifyNumberFormat(id, it == codes_.end() ? "" : it->second));
    }
    return out;
  }

 private:
  std::map<int64_t, std::string> codes_;
  std::vector<int> format_ids_;
  bool in_cell_formats_ = false;
};

Result<std::vector<NumberFormat>> ReadStyles(ZipArchive& zip, const std::string& part) {
  if (part.empty() || !zip.Has(part)) return std::vector<NumberFormat>{};
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, zip.OpenPart(part));
  StylesHandler handler;
  HABEAS_RETURN_IF_ERROR(ReadXml(*source, handler));
  return handler.Formats();
}

// ---- sharedStrings.xml ----

void AppendUtf8CodePoint(uint32_t c, std::string* out) {
  if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;  // half a surrogate pair is no character
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Excel writes characters XML cannot hold (and "_x" itself) as _xHHHH_: "_x000D_" is a
// carriage return, "_x005F_" an underscore. Decodes them in place.
void DecodeExcelEscapes(std::string* text) {
  if (text->find("_x") == std::string::npos) return;
  std::string out;
  for (size_t i = 0; i < text->size(); ++i) {
    uint32_t code = 0;
    if (i + 7 <= text->size() && (*text)[i] == '_' && (*text)[i + 1] == 'x' &&
        (*text)[i + 6] == '_' &&
        std::from_chars(text->data() + i + 2, text->data() + i + 6, code, 16).ptr ==
            text->data() + i + 6) {
      AppendUtf8CodePoint(code, &out);
      i += 6;
      continue;
    }
    out.push_back((*text)[i]);
  }
  text->swap(out);
}

// The texts of the shared-string table, end to end in one buffer.
class SharedStrings {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  void Append(std::string_view s) { text_.append(s); }
  void EndString() { ends_.push_back(text_.size()); }
  size_t bytes() const { return text_.size(); }

 private:
  std::string text_;
  std::vector<size_t> ends_;
};

// <si> holds <t> directly or in rich-text runs <r><t>; phonetic runs <rPh> are not
// part of the text shown.
class SharedStringsHandler final : public XmlHandler {
 public:
  explicit SharedStringsHandler(SharedStrings* strings) : strings_(strings) {}
  void Start(std::string_view name, const char**) override {
    if (name == "si") in_item_ = true;
    if (name == "rPh") in_phonetic_ = true;
    if (name == "t" && in_item_ && !in_phonetic_) in_text_ = true;
  }
  void End(std::string_view name) override {
    if (name == "t") in_text_ = false;
    if (name == "rPh") in_phonetic_ = false;
    if (name == "si" && in_item_) {
      DecodeExcelEscapes(&item_);
      strings_->Append(item_);
      strings_->EndString();
      item_.clear();
      in_item_ = false;
    }
  }
  void Text(std::string_view text) override {
    if (!in_text_) return;
    item_.append(text);
    if (strings_->bytes() + item_.size() > kMaxSharedStringBytes && failure.ok()) {
      failure = InvalidInput("the shared strings exceed " +
                             std::to_string(kMaxSharedStringBytes >> 20) +
                             " MiB; split the workbook");
    }
  }

 private:
  SharedStrings* strings_;
  std::string item_;  // the text of the <si> being read
  bool in_item_ = false, in_phonetic_ = false, in_text_ = false;
};

Status ReadSharedStrings(ZipArchive& zip, const std::string& part, SharedStrings* strings) {
  if (part.empty() || !zip.Has(part)) return Status::Ok();
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> source, zip.OpenPart(part));
  SharedStringsHandler handler(strings);
  return ReadXml(*source, handler);
}

// ---- the sheet ----

// "B12" → column 1 (and the row, unused: rows carry their own number).
std::optional<size_t> ColumnOfReference(std::string_view ref) {
  size_t column = 0, letters = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + static_cast<size_t>(c - 'A' + 1);
    if (++letters > 3) return std::nullopt;
  }
  if (letters == 0) return std::nullopt;
  return column - 1;
}

// "A1:C2" → rows 0–1, columns 0–2.
std::optional<MergedRange> ParseRange(std::string_view ref) {
  const size_t colon = ref.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view from = ref.substr(0, colon), to = ref.substr(colon + 1);
  const auto first_column = ColumnOfReference(from), last_column = ColumnOfReference(to);
  const auto first_row = ParseInt(from.substr(from.find_first_of("0123456789") == std::string_view::npos
                                                  ? from.size()
                                                  : from.find_first_of("0123456789")));
  const auto last_row = ParseInt(to.substr(to.find_first_of("0123456789") == std::string_view::npos
                                               ? to.size()
                                               : to.find_first_of("0123456789")));
  if (!first_column || !last_column || !first_row || !last_row) return std::nullopt;
  return MergedRange{*first_row - 1, *last_row - 1, *first_column, *last_column};
}

class MergedCellsHandler final : public XmlHandler {
 public:
  void Start(std::string_view name, const char** attributes) override {
    if (name != "mergeCell") return;
    const char* ref = XmlAttribute(attributes, "ref");
    if (auto range = ref ? ParseRange(ref) : std::nullopt) merged.push_back(*range);
  }
  std::vector<MergedRange> merged;
};

// Whether the sheet's XML mentions merged cells at all (a plain byte search, so that
// a sheet without them is inflated once more but not parsed twice).
Result<bool> MentionsMergedCells(ByteSource& part) {
  constexpr std::string_view kNeedle = "mergeCell";
  std::string buffer(1 << 20, '\0');
  size_t kept = 0;
  bool found = false;
  for (;;) {
    HABEAS_ASSIGN_OR_RETURN(size_t n, part.Read(buffer.data() + kept, buffer.size() - kept));
    if (n == 0) break;
    const std::string_view view(buffer.data(), kept + n);
    if (!found && view.find(kNeedle) != std::string_view::npos) found = true;
    kept = std::min(kNeedle.size() - 1, view.size());
    std::memmove(buffer.data(), view.data() + view.size() - kept, kept);
  }
  return found;
}

enum class Capture { kNone, kValue, kFormula, kInlineText };

// A cell's t attribute.
enum class CellType { kNumber, kSharedString, kInlineString, kFormulaString, kBoolean, kError, kDate };

CellType CellTypeOf(const char* t) {
  if (t == nullptr) return CellType::kNumber;
  const std::string_view type(t);
  if (type == "s") return CellType::kSharedString;
  if (type == "inlineStr") return CellType::kInlineString;
  if (type == "str") return CellType::kFormulaString;
  if (type == "b") return CellType::kBoolean;
  if (type == "e") return CellType::kError;
  if (type == "d") return CellType::kDate;
  return CellType::kNumber;
}

// Turns <row>/<c> elements into SheetRows, appended to a pool the reader drains.
class SheetHandler final : public XmlHandler {
 public:
  SheetHandler(const std::string& sheet, const SharedStrings& strings,
               const std::vector<NumberFormat>& formats, DateSystem system)
      : sheet_(sheet), strings_(strings), formats_(formats), system_(system) {}

  // One-letter elements (<c>, <v>, <f>, <t>) are most of a sheet: told apart by
  // their letter, not compared as strings.
  void Start(std::string_view name, const char** attributes) override {
    if (name.size() == 1) {
      switch (name[0]) {
        case 'c':
          return StartCell(attributes);
        case 'v':
          capture_ = Capture::kValue;
          return;
        case 'f':
          capture_ = Capture::kFormula;
          has_formula_ = true;
          return;
        case 't':
          if (in_inline_ && !in_phonetic_) capture_ = Capture::kInlineText;
          return;
      }
      return;
    }
    if (name == "row") StartRow(attributes);
    if (name == "is") in_inline_ = true;
    if (name == "rPh") in_phonetic_ = true;
  }

  void End(std::string_view name) override {
    if (name.size() == 1) {
      if (name[0] == 'c') return FinishCell();
      capture_ = Capture::kNone;
      return;
    }
    if (name == "row") {
      pool_[ready_].cells.resize(width_);
      ++ready_;
      in_row_ = false;
    }
    if (name == "is") in_inline_ = false;
    if (name == "rPh") in_phonetic_ = false;
  }

  void Text(std::string_view text) override {
    switch (capture_) {
      case Capture::kValue:
        value_.append(text);
        break;
      case Capture::kFormula:
        formula_.append(text);
        break;
      case Capture::kInlineText:
        inline_text_.append(text);
        break;
      case Capture::kNone:
        break;
    }
  }

  // Rows completed and not yet taken: pool()[taken .. ready).
  std::vector<SheetRow>& pool() { return pool_; }
  size_t ready() const { return ready_; }
  // Every ready row was taken: the pool starts again (with the row being read, if any).
  void Drained() {
    if (in_row_) std::swap(pool_[0], pool_[ready_]);
    ready_ = 0;
  }

 private:
  void StartRow(const char** attributes) {
    const char* r = XmlAttribute(attributes, "r");
    const std::optional<int64_t> number = r ? ParseInt(r) : std::nullopt;
    row_number_ = number && *number > row_number_ ? *number : row_number_ + 1;
    if (pool_.size() <= ready_) pool_.resize(ready_ + 1);
    SheetRow& row = pool_[ready_];
    row.number = row_number_;
    // Cells are emptied, not destroyed: their buffers serve the next rows.
    for (SheetCell& cell : row.cells) {
      cell.text.clear();
      cell.flag = CellFlag::kNone;
      cell.detail.clear();
    }
    width_ = 0;
    next_column_ = 0;
    in_row_ = true;
  }

  void StartCell(const char** attributes) {
    const char *r = nullptr, *t = nullptr, *s = nullptr;
    for (; attributes[0] != nullptr; attributes += 2) {
      const char* name = attributes[0];
      if (name[0] == '\0' || name[1] != '\0') continue;  // r, s and t have one letter
      if (name[0] == 'r') r = attributes[1];
      if (name[0] == 't') t = attributes[1];
      if (name[0] == 's') s = attributes[1];
    }
    const std::optional<size_t> column = r ? ColumnOfReference(r) : std::nullopt;
    column_ = column.value_or(next_column_);
    next_column_ = column_ + 1;
    type_ = CellTypeOf(t);
    style_ = s ? static_cast<size_t>(ParseInt(s).value_or(0)) : 0;
    value_.clear();
    formula_.clear();
    inline_text_.clear();
    has_formula_ = false;
  }

  std::string CellName() const {
    return "sheet \"" + sheet_ + "\", cell " + ColumnLetters(column_) + std::to_string(row_number_);
  }

  void FinishCell() {
    if (!in_row_) return;  // a cell outside any row
    if (column_ >= kMaxColumns) {
      failure = InvalidInput(CellName() + ": beyond column XFD, the last a sheet has; the file "
                                          "is damaged");
      return;
    }
    std::vector<SheetCell>& cells = pool_[ready_].cells;
    if (cells.size() <= column_) cells.resize(column_ + 1);
    width_ = std::max(width_, column_ + 1);
    SheetCell& cell = cells[column_];
    cell.flag = CellFlag::kNone;
    cell.detail.clear();
    FillCellText(&cell);
    if (has_formula_ && cell.flag == CellFlag::kNone) {
      cell.flag = CellFlag::kFormula;
      cell.detail = formula_;
    }
  }

  void FillCellText(SheetCell* cell) {
    switch (type_) {
      case CellType::kSharedString:
        return FillSharedString(cell);
      case CellType::kInlineString:
        cell->text = inline_text_;
        DecodeExcelEscapes(&cell->text);
        return;
      case CellType::kFormulaString:
        cell->text = value_;
        return;
      case CellType::kBoolean:
        cell->text = value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
        return;
      case CellType::kError:
        cell->text.clear();
        cell->flag = CellFlag::kError;
        cell->detail = value_;
        return;
      case CellType::kDate:
        cell->text = value_.ends_with("T00:00:00") ? value_.substr(0, value_.size() - 9) : value_;
        return;
      case CellType::kNumber:
        break;
    }
    if (value_.empty()) {
      cell->text.clear();
      return;
    }
    const NumberFormat& format = style_ < formats_.size() ? formats_[style_] : general_;
    FormatNumberCellInto(value_, format, system_, &cell->text);
  }

  void FillSharedString(SheetCell* cell) {
    const std::optional<int64_t> index = ParseInt(value_);
    if (!index || *index < 0 || static_cast<uint64_t>(*index) >= strings_.size()) {
      failure = InvalidInput(CellName() + ": refers to shared string " + Quoted(value_) +
                             " but the workbook has " + std::to_string(strings_.size()) +
                             "; the file is damaged");
      return;
    }
    cell->text.assign(strings_[static_cast<size_t>(*index)]);
  }

  static std::string Quoted(const std::string& s) { return "\"" + s.substr(0, 40) + "\""; }

  const std::string& sheet_;
  const SharedStrings& strings_;
  const std::vector<NumberFormat>& formats_;
  const DateSystem system_;
  const NumberFormat general_;
  std::vector<SheetRow> pool_;
  size_t ready_ = 0;
  int64_t row_number_ = 0;
  size_t column_ = 0, next_column_ = 0, style_ = 0;
  size_t width_ = 0;  // columns of the row being read: one past its last cell
  CellType type_ = CellType::kNumber;
  std::string value_, formula_, inline_text_;
  bool in_row_ = false;
  bool has_formula_ = false, in_inline_ = false, in_phonetic_ = false;
  Capture capture_ = Capture::kNone;
};

class XlsxSheetReader final : public SheetReader {
 public:
  static Result<std::unique_ptr<SheetReader>> Open(ByteSource& source, const std::string& sheet) {
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ZipArchive> zip, ZipArchive::Open(source));
    HABEAS_ASSIGN_OR_RETURN(Workbook book, ReadWorkbook(*zip));
    HABEAS_ASSIGN_OR_RETURN(const SheetEntry* entry, ChooseSheet(*zip, book, sheet));
    auto part = book.parts_by_id.find(entry->relationship_id);
    if (part == book.parts_by_id.end() || !zip->Has(part->second)) {
      return InvalidInput(zip->name() + ": the part of sheet \"" + entry->name +
                          "\" is missing from the archive; the file is damaged");
    }
    std::unique_ptr<XlsxSheetReader> reader(
        new XlsxSheetReader(source, std::move(zip), entry->name, part->second));
    HABEAS_ASSIGN_OR_RETURN(reader->formats_, ReadStyles(*reader->zip_, book.styles_part));
    HABEAS_RETURN_IF_ERROR(ReadSharedStrings(*reader->zip_, book.strings_part, &reader->strings_));
    HABEAS_ASSIGN_OR_RETURN(reader->bytes_total_, reader->zip_->PartSize(part->second));
    HABEAS_ASSIGN_OR_RETURN(reader->part_, reader->zip_->OpenPart(part->second));
    reader->handler_ = std::make_unique<SheetHandler>(reader->sheet_name_, reader->strings_,
                                                      reader->formats_, book.system);
    reader->stream_ = std::make_unique<XmlStream>(reader->part_.get(), reader->handler_.get());
    return std::unique_ptr<SheetReader>(std::move(reader));
  }

  Result<bool> Next(SheetRow* row) override {
    while (taken_ == handler_->ready()) {
      handler_->Drained();
      taken_ = 0;
      if (ended_) return false;
      HABEAS_ASSIGN_OR_RETURN(bool more, stream_->Step());
      ended_ = !more;
    }
    std::swap(*row, handler_->pool()[taken_++]);
    return true;
  }

  const std::string& sheet_name() const override { return sheet_name_; }
  // A second archive over the same source, so that the rows' stream goes on.
  Result<std::vector<MergedRange>> MergedCells() override {
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ZipArchive> zip, ZipArchive::Open(source_));
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> part, zip->OpenPart(part_name_));
    HABEAS_ASSIGN_OR_RETURN(bool mentioned, MentionsMergedCells(*part));
    if (!mentioned) return std::vector<MergedRange>{};
    HABEAS_RETURN_IF_ERROR(part->Rewind());
    MergedCellsHandler handler;
    HABEAS_RETURN_IF_ERROR(ReadXml(*part, handler));
    return std::move(handler.merged);
  }
  uint64_t bytes_done() const override { return stream_->bytes_done(); }
  uint64_t bytes_total() const override { return bytes_total_; }

 private:
  XlsxSheetReader(ByteSource& source, std::unique_ptr<ZipArchive> zip, std::string sheet_name,
                  std::string part_name)
      : source_(source),
        zip_(std::move(zip)),
        sheet_name_(std::move(sheet_name)),
        part_name_(std::move(part_name)) {}

  static Result<const SheetEntry*> ChooseSheet(ZipArchive& zip, const Workbook& book,
                                               const std::string& sheet) {
    if (sheet.empty()) return &book.sheets.front();
    std::string names;
    for (const SheetEntry& e : book.sheets) {
      if (e.name == sheet) return &e;
      names += (names.empty() ? "\"" : ", \"") + e.name + "\"";
    }
    return NotFound(zip.name() + ": no sheet named \"" + sheet + "\" (the workbook has " + names +
                    "); name one of them with --sheet");
  }

  ByteSource& source_;
  std::unique_ptr<ZipArchive> zip_;
  std::string sheet_name_, part_name_;
  std::vector<NumberFormat> formats_;
  SharedStrings strings_;
  uint64_t bytes_total_ = 0;
  std::unique_ptr<ByteSource> part_;
  std::unique_ptr<SheetHandler> handler_;
  std::unique_ptr<XmlStream> stream_;
  size_t taken_ = 0;
  bool ended_ = false;
};

}  // namespace

Result<std::unique_ptr<SheetReader>> OpenXlsxSheet(ByteSource& source, const std::string& sheet) {
  return XlsxSheetReader::Open(source, sheet);
}

Result<std::vector<std::string>> XlsxSheetNames(ByteSource& source) {
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<ZipArchive> zip, ZipArchive::Open(source));
  HABEAS_ASSIGN_OR_RETURN(Workbook book, ReadWorkbook(*zip));
  std::vector<std::string> names;
  for (const SheetEntry& e : book.sheets) names.push_back(e.name);
  return names;
}

}  // namespace habeas::ingest
