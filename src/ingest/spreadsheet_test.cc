#include "ingest/spreadsheet.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "habeas/byte_source.h"
#include "ingest/xlsx_fixture.h"

namespace habeas::ingest {
namespace {

namespace fs = std::filesystem;
using testing::Workbook;
using testing::WriteZip;

class SpreadsheetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("habeas_spreadsheet_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const Workbook& book) {
    const std::string path = (dir_ / "book.xlsx").string();
    EXPECT_TRUE(WriteZip(path, book.Parts()));
    return path;
  }

  // Every row of `sheet` as "number: cell|cell|...".
  Result<std::vector<std::string>> Rows(const std::string& path, const std::string& sheet = "") {
    HABEAS_ASSIGN_OR_RETURN(auto source, FileSource::Open(path));
    HABEAS_ASSIGN_OR_RETURN(auto reader, OpenSheet(*source, SpreadsheetFormat::kXlsx, sheet));
    std::vector<std::string> out;
    SheetRow row;
    for (;;) {
      HABEAS_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
      if (!more) break;
      std::string line = std::to_string(row.number) + ":";
      for (size_t i = 0; i < row.cells.size(); ++i) {
        line += (i ? "|" : "") + row.cells[i].text;
        if (row.cells[i].flag == CellFlag::kFormula) line += "{=" + row.cells[i].detail + "}";
        if (row.cells[i].flag == CellFlag::kError) line += "{" + row.cells[i].detail + "}";
      }
      out.push_back(line);
    }
    return out;
  }

  fs::path dir_;
};

TEST_F(SpreadsheetTest, ReadsSharedInlineRichBooleanErrorAndFormulaCells) {
  Workbook book;
  book.shared_strings = {"<t>nombre</t>", "<r><t>Ana </t></r><r><rPr/><t>María</t></r>",
                         "<t>x_x000D__x000A_y_x005F_x0041_</t><rPh><t>ignored</t></rPh>"};
  book.sheets[0] = {
      "Hoja1",
      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\">"
      "<is><t>edad</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\"><f>20+14</f><v>34</v></c>"
      "<c r=\"C2\" t=\"b\"><v>1</v></c><c r=\"D2\" t=\"e\"><v>#N/A</v></c>"
      "<c r=\"E2\" t=\"s\"><v>2</v></c><c r=\"F2\" t=\"str\"><f>A2</f><v>Ana María</v></c>"
      "</row></sheetData>"};
  auto rows = Rows(Write(book));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<std::string>{
                       "1:nombre|edad",
                       "2:Ana María|34{=20+14}|TRUE|{#N/A}|x\r\ny_x0041_|Ana María{=A2}"}));
}

TEST_F(SpreadsheetTest, DatesFollowTheCellFormatAndTheWorkbookDateSystem) {
  Workbook book;
  book.num_fmts = "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
                  "<numFmt numFmtId=\"165\" formatCode=\"00000000\"/>";
  book.cell_formats = {0, 14, 164, 165};
  book.sheets[0] = {"S",
                    "<sheetData><row r=\"3\"><c r=\"A3\" s=\"1\"><v>33239</v></c>"
                    "<c r=\"B3\" s=\"2\"><v>33239</v></c><c r=\"C3\" s=\"3\"><v>1234567</v></c>"
                    "<c r=\"D3\"><v>33239</v></c></row></sheetData>"};
  auto rows = Rows(Write(book));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<std::string>{"3:1991-01-01|1991-01-01|01234567|33239"}));
  book.date1904 = true;
  rows = Rows(Write(book));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<std::string>{"3:1995-01-02|1995-01-02|01234567|33239"}));
}

TEST_F(SpreadsheetTest, ChoosesTheSheetByNameAndNamesTheOthersWhenMissing) {
  Workbook book;
  book.sheets[0] = {"Primera", "<sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>a</t></is></c>"
                               "</row></sheetData>"};
  book.sheets[1] = {"Segunda", "<sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>b</t></is></c>"
                               "</row></sheetData>"};
  const std::string path = Write(book);
  EXPECT_EQ(*Rows(path), std::vector<std::string>{"1:a"});
  EXPECT_EQ(*Rows(path, "Segunda"), std::vector<std::string>{"1:b"});
  auto missing = Rows(path, "Tercera");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("no sheet named \"Tercera\""), std::string::npos);
  EXPECT_NE(missing.status().message().find("\"Primera\", \"Segunda\""), std::string::npos);
}

TEST_F(SpreadsheetTest, MergedHeaderCellsNameEveryColumnTheySpan) {
  Workbook book;
  book.sheets[0] = {
      "S",
      "<sheetData><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>id</t></is></c>"
      "<c r=\"B2\" t=\"inlineStr\"><is><t>Apellidos</t></is></c></row></sheetData>"
      "<mergeCells count=\"1\"><mergeCell ref=\"B2:D2\"/></mergeCells>"};
  auto source = FileSource::Open(Write(book));
  ASSERT_TRUE(source.ok());
  auto reader = OpenSheet(**source, SpreadsheetFormat::kXlsx, "");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  SheetRow row;
  ASSERT_TRUE(*(*reader)->Next(&row));
  auto merged = (*reader)->MergedCells();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(HeaderNames(row, *merged),
            (std::vector<std::string>{"id", "Apellidos", "Apellidos (2)", "Apellidos (3)"}));
}

TEST_F(SpreadsheetTest, SharedStringOutOfRangeNamesSheetAndCell) {
  Workbook book;
  book.shared_strings = {"<t>a</t>"};
  book.sheets[0] = {"Datos", "<sheetData><row r=\"7\"><c r=\"C7\" t=\"s\"><v>5</v></c></row>"
                             "</sheetData>"};
  auto rows = Rows(Write(book));
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(rows.status().message().find("book.xlsx: xl/worksheets/sheet1.xml"), std::string::npos)
      << rows.status().message();
  EXPECT_NE(rows.status().message().find("sheet \"Datos\", cell C7"), std::string::npos)
      << rows.status().message();
}

TEST_F(SpreadsheetTest, DamagedFilesAreErrorsNamingTheFile) {
  const std::string path = (dir_ / "bad.xlsx").string();
  std::ofstream(path) << "nombre,edad\nAna,34\n";
  auto not_zip = Rows(path);
  ASSERT_FALSE(not_zip.ok());
  EXPECT_NE(not_zip.status().message().find("bad.xlsx: not an .xlsx workbook"), std::string::npos);

  ASSERT_TRUE(WriteZip(path, {{"hello.txt", "hi"}}));
  auto no_workbook = Rows(path);
  ASSERT_FALSE(no_workbook.ok());
  EXPECT_NE(no_workbook.status().message().find("no xl/workbook.xml"), std::string::npos)
      << no_workbook.status().message();

  Workbook book;
  book.sheets[0] = {"S", "<sheetData><row r=\"1\"><c><v>1</v></row></sheetData>"};
  auto bad_xml = Rows(Write(book));
  ASSERT_FALSE(bad_xml.ok());
  EXPECT_NE(bad_xml.status().message().find("not valid XML"), std::string::npos)
      << bad_xml.status().message();
}

TEST_F(SpreadsheetTest, ADoctypeIsRefused) {
  Workbook book;
  book.sheets[0] = {"S", ""};
  auto parts = book.Parts();
  parts["xl/worksheets/sheet1.xml"] =
      "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
      "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData>"
      "</worksheet>";
  const std::string path = (dir_ / "doctype.xlsx").string();
  ASSERT_TRUE(WriteZip(path, parts));
  auto rows = Rows(path);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("DOCTYPE"), std::string::npos) << rows.status().message();
}

TEST_F(SpreadsheetTest, AZipBombIsRefusedBeforeItInflates) {
  Workbook book;
  book.sheets[0] = {"S", "<sheetData/>" + std::string(64 << 20, ' ')};
  auto rows = Rows(Write(book));
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("zip bomb"), std::string::npos)
      << rows.status().message();
}

TEST_F(SpreadsheetTest, RowsAsCsvQuoteWhatNeedsIt) {
  SheetRow row;
  row.cells.resize(4);
  row.cells[0].text = "Pérez, Ana";
  row.cells[1].text = "dice \"hola\"";
  row.cells[2].flag = CellFlag::kError;
  row.cells[2].detail = "#N/A";
  row.cells[3].text = "0123";
  EXPECT_EQ(RowAsCsv(row), "\"Pérez, Ana\",\"dice \"\"hola\"\"\",#N/A,0123");
  EXPECT_EQ(ColumnLetters(0), "A");
  EXPECT_EQ(ColumnLetters(25), "Z");
  EXPECT_EQ(ColumnLetters(26), "AA");
  EXPECT_EQ(ColumnLetters(16383), "XFD");
}

}  // namespace
}  // namespace habeas::ingest
