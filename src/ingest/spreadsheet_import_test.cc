// ImportFile on spreadsheets: provenance (file:sheet:row), the row as received, one
// sheet of a workbook per source.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "habeas/ingest.h"
#include "ingest/import_fixture.h"
#include "ingest/xlsx_fixture.h"

namespace habeas {
namespace {

class SpreadsheetImportTest : public ImportFixture {
 protected:
  // A workbook with sheets "Uno" and "Dos", each with a header and one row.
  std::string Workbook() {
    ingest::testing::Workbook book;
    book.shared_strings = {"<t>id</t>", "<t>nombre</t>", "<t>nacimiento</t>", "<t>Ana, Pérez</t>"};
    book.cell_formats = {0, 14};
    const std::string header =
        "<row r=\"2\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c></row>";
    book.sheets[0] = {"Uno", "<sheetData>" + header +
                                 "<row r=\"5\"><c><v>1</v></c><c t=\"s\"><v>3</v></c>"
                                 "<c s=\"1\"><v>33239</v></c></row></sheetData>"};
    book.sheets[1] = {"Dos", "<sheetData>" + header +
                                 "<row r=\"3\"><c><v>9</v></c></row></sheetData>"};
    const std::string path = dir_.Path("l.xlsx");
    EXPECT_TRUE(ingest::testing::WriteZip(path, book.Parts()));
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  Result<ImportSummary> ImportSheet(const std::string& bytes, const std::string& sheet,
                                    const std::string& source_name) {
    StringSource source(bytes, "l.xlsx");
    ImportOptions o;
    o.file = "l.xlsx";
    o.sheet = sheet;
    o.mapping_file = Write(source_name + ".toml", MappingFor(source_name));
    return ImportFile(*store_, source, o);
  }
};

TEST_F(SpreadsheetImportTest, RecordsKeepSheetAndRowAndTheRowAsCsv) {
  Result<ImportSummary> s = ImportSheet(Workbook(), "", "fam");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->format, "xlsx");
  EXPECT_EQ(s->sheet, "Uno");
  EXPECT_EQ(s->rows_read, 1);
  EXPECT_EQ(s->blank_lines, 2);  // rows 3 and 4 are absent
  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].line, 5);
  EXPECT_EQ(records[0].raw, "1,\"Ana, Pérez\",1991-01-01");
  EXPECT_EQ(records[0].field(CanonicalField::kBirthDate), "1991-01-01");
  const BatchInfo batch = Batch(records[0].batch_id);
  EXPECT_EQ(batch.file_name, "l.xlsx:Uno");
  EXPECT_EQ(batch.format, "csv");  // how the rows are stored
  const auto columns = SourceColumns(records[0], batch);
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[1], (std::pair<std::string, std::string>{"nombre", "Ana, Pérez"}));
}

TEST_F(SpreadsheetImportTest, AnotherSheetOfTheSameWorkbookNeedsAnotherSource) {
  const std::string bytes = Workbook();
  ASSERT_TRUE(ImportSheet(bytes, "Uno", "fam").ok());
  Result<ImportSummary> again = ImportSheet(bytes, "", "fam");  // "" is "Uno", the first
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->already_imported);
  Result<ImportSummary> other = ImportSheet(bytes, "Dos", "fam");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), StatusCode::kConflict);
  EXPECT_NE(other.status().message().find("import l.xlsx:Dos with a mapping that names another "
                                          "source"),
            std::string::npos)
      << other.status().message();
  Result<ImportSummary> elsewhere = ImportSheet(bytes, "Dos", "fam2");
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status().ToString();
  EXPECT_EQ(elsewhere->rows_imported, 1);
}

TEST_F(SpreadsheetImportTest, SheetOptionOnACsvIsRefused) {
  StringSource source("id,nombre\n1,Ana\n", "l.csv");
  ImportOptions o;
  o.file = "l.csv";
  o.sheet = "Uno";
  o.mapping_file = Write("m.toml", MappingFor("fam"));
  Result<ImportSummary> s = ImportFile(*store_, source, o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace habeas
