// Test helper: .xlsx workbooks written with minizip from their XML parts, so tests
// of the reader build exactly the file they need (a 1904 workbook, a missing part, a
// shared string out of range). Not for production code.
#pragma once

#include <zip.h>

#include <map>
#include <string>

namespace habeas::ingest::testing {

// Writes `parts` (name → content) as a zip archive at `path`; false on failure.
inline bool WriteZip(const std::string& path, const std::map<std::string, std::string>& parts) {
  zipFile zip = zipOpen64(path.c_str(), 0);
  if (zip == nullptr) return false;
  bool ok = true;
  for (const auto& [name, content] : parts) {
    zip_fileinfo info{};
    ok = ok && zipOpenNewFileInZip64(zip, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                     Z_DEFLATED, 6, 0) == ZIP_OK;
    ok = ok && zipWriteInFileInZip(zip, content.data(), static_cast<unsigned>(content.size())) ==
                   ZIP_OK;
    ok = ok && zipCloseFileInZip(zip) == ZIP_OK;
  }
  return zipClose(zip, nullptr) == ZIP_OK && ok;
}

inline const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline const char* kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A workbook's parts: sheets (name → <sheetData>… inner XML, i.e. what goes inside
// <worksheet>), shared strings, custom number formats with their cell styles
// (cellXfs: numFmtId per style index), and the date system.
struct Workbook {
  std::map<int, std::pair<std::string, std::string>> sheets;  // order → (name, worksheet body)
  std::vector<std::string> shared_strings;                    // XML of each <si>'s content
  std::string num_fmts;                                       // <numFmt .../> elements
  std::vector<int> cell_formats = {0};                        // numFmtId of each style
  bool date1904 = false;

  std::map<std::string, std::string> Parts() const {
    std::map<std::string, std::string> parts;
    parts["[Content_Types].xml"] =
        "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "content-types\"/>";
    parts["_rels/.rels"] =
        std::string("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats."
                    "org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"") +
        kRelNs + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    std::string book = std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMainNs +
                       "\" xmlns:r=\"" + kRelNs + "\">" +
                       (date1904 ? "<workbookPr date1904=\"1\"/>" : "") + "<sheets>";
    std::string rels =
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
        "package/2006/relationships\">";
    for (const auto& [i, sheet] : sheets) {
      const std::string id = "rId" + std::to_string(i + 10);
      book += "<sheet name=\"" + sheet.first + "\" sheetId=\"" + std::to_string(i + 1) +
              "\" r:id=\"" + id + "\"/>";
      rels += "<Relationship Id=\"" + id + "\" Type=\"" + kRelNs +
              "/worksheet\" Target=\"worksheets/sheet" + std::to_string(i + 1) + ".xml\"/>";
      parts["xl/worksheets/sheet" + std::to_string(i + 1) + ".xml"] =
          std::string("<?xml version=\"1.0\"?><worksheet xmlns=\"") + kMainNs + "\">" +
          sheet.second + "</worksheet>";
    }
    parts["xl/workbook.xml"] = book + "</sheets></workbook>";
    rels += std::string("<Relationship Id=\"rId1\" Type=\"") + kRelNs +
            "/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"" + kRelNs +
            "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
    parts["xl/_rels/workbook.xml.rels"] = rels;
    std::string styles = std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + kMainNs +
                         "\"><numFmts>" + num_fmts + "</numFmts><cellXfs>";
    for (int id : cell_formats) styles += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
    parts["xl/styles.xml"] = styles + "</cellXfs></styleSheet>";
    std::string sst = std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + kMainNs + "\">";
    for (const std::string& si : shared_strings) sst += "<si>" + si + "</si>";
    parts["xl/sharedStrings.xml"] = sst + "</sst>";
    return parts;
  }
};

}  // namespace habeas::ingest::testing
