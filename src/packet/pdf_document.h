// A flowing A4 document over Cairo's PDF surface and Pango: headings, paragraphs,
// key–value lists and tables that break across pages (a table's header is repeated),
// with a footer on every page. Cairo embeds the subsets of the fonts it uses (DejaVu
// Sans from fontconfig), so accented names print the same on any reader. Text that is
// not valid UTF-8 is shown with U+FFFD in place of each bad byte.
//
//   HABEAS_ASSIGN_OR_RETURN(auto doc, PdfDocument::Create("Court packet", "P000012"));
//   doc->Heading("1. Identity");
//   doc->Table({0.3, 0.7}, {"Field", "Value"}, {{"Name", "José Pérez"}});
//   HABEAS_ASSIGN_OR_RETURN(std::string pdf, doc->Finish());
//
// Used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "habeas/status.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace habeas::packet {

enum class TextStyle { kBody, kSmall, kMono, kBold, kNote };

class PdfDocument {
 public:
  // The PDF is built in memory. `footer` is printed at the foot of every page,
  // followed by `page_word` and the page number.
  static Result<std::unique_ptr<PdfDocument>> Create(const std::string& title,
                                                     const std::string& footer,
                                                     const std::string& page_word);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  void Title(std::string_view text);
  void Heading(std::string_view text);     // starts a section
  void Subheading(std::string_view text);
  void Paragraph(std::string_view text, TextStyle style = TextStyle::kBody);
  // A small label and its text, kept on one page together.
  void LabeledBlock(std::string_view label, std::string_view text, TextStyle style);
  // Rows of (label, value), the labels in bold.
  void KeyValues(const std::vector<std::pair<std::string, std::string>>& rows);
  // Columns take `widths` (fractions of the text width, summing to 1); cells wrap.
  void Table(const std::vector<double>& widths, const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows, TextStyle style = TextStyle::kSmall);
  void Space(double points);
  void NewPage();
  // Ends the document and returns the PDF's bytes.
  Result<std::string> Finish();

 private:
  PdfDocument(std::string footer, std::string page_word);
  double TextHeight(std::string_view text, TextStyle style, double width) const;
  void DrawText(std::string_view text, TextStyle style, double x, double y, double width) const;
  void EnsureSpace(double height);
  void DrawFooter();
  void TableHeader(const std::vector<double>& widths, const std::vector<std::string>& header);

  std::string footer_;
  std::string page_word_;
  std::string bytes_;  // the PDF as Cairo writes it
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  double y_ = 0;
  int page_ = 1;
  bool finished_ = false;
};

}  // namespace habeas::packet
