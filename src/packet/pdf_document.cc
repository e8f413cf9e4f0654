#include "packet/pdf_document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <numeric>

namespace habeas::packet {
namespace {

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMarginX = 50;
constexpr double kTop = 54;
constexpr double kBottom = kPageHeight - 62;  // the footer sits below
constexpr double kTextWidth = kPageWidth - 2 * kMarginX;
constexpr double kCellPad = 3;
// A cell longer than this is cut in the PDF (the JSON twin has every byte).
constexpr size_t kMaxCellBytes = 1200;

const char* FontOf(TextStyle style) {
  switch (style) {
    case TextStyle::kBody: return "DejaVu Sans 9";
    case TextStyle::kSmall: return "DejaVu Sans 7.5";
    case TextStyle::kMono: return "DejaVu Sans Mono 7";
    case TextStyle::kBold: return "DejaVu Sans Bold 9";
    case TextStyle::kNote: return "DejaVu Sans Oblique 8";
  }
  return "DejaVu Sans 9";
}

// Valid UTF-8 (each bad byte as U+FFFD), at most kMaxCellBytes, cut at a character.
std::string Printable(std::string_view text) {
  std::string cut(text.substr(0, kMaxCellBytes));
  if (text.size() > kMaxCellBytes) {
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();
    cut += " …";
  }
  gchar* valid = g_utf8_make_valid(cut.data(), static_cast<gssize>(cut.size()));
  std::string out(valid);
  g_free(valid);
  return out;
}

PangoLayout* MakeLayout(cairo_t* cr, std::string_view text, TextStyle style, double width) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_from_string(FontOf(style));
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  pango_layout_set_width(layout, pango_units_from_double(width));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  const std::string printable = Printable(text);
  pango_layout_set_text(layout, printable.data(), static_cast<int>(printable.size()));
  return layout;
}

// Cairo's write callback: the PDF's bytes go to the document's buffer.
cairo_status_t AppendTo(void* bytes, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(bytes)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

PdfDocument::PdfDocument(std::string footer, std::string page_word)
    : footer_(std::move(footer)), page_word_(std::move(page_word)), y_(kTop) {}

Result<std::unique_ptr<PdfDocument>> PdfDocument::Create(const std::string& title,
                                                         const std::string& footer,
                                                         const std::string& page_word) {
  std::unique_ptr<PdfDocument> doc(new PdfDocument(footer, page_word));
  doc->surface_ = cairo_pdf_surface_create_for_stream(&AppendTo, &doc->bytes_,
                                                      kPageWidth, kPageHeight);
  if (cairo_surface_status(doc->surface_) != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("cannot start a PDF: ") +
                    cairo_status_to_string(cairo_surface_status(doc->surface_)));
  }
  cairo_pdf_surface_set_metadata(doc->surface_, CAIRO_PDF_METADATA_TITLE, Printable(title).c_str());
  cairo_pdf_surface_set_metadata(doc->surface_, CAIRO_PDF_METADATA_CREATOR, "Habeas");
  doc->cr_ = cairo_create(doc->surface_);
  return doc;
}

PdfDocument::~PdfDocument() {
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

double PdfDocument::TextHeight(std::string_view text, TextStyle style, double width) const {
  PangoLayout* layout = MakeLayout(cr_, text, style, width);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return pango_units_to_double(h);
}

void PdfDocument::DrawText(std::string_view text, TextStyle style, double x, double y,
                           double width) const {
  PangoLayout* layout = MakeLayout(cr_, text, style, width);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout);
  g_object_unref(layout);
}

void PdfDocument::DrawFooter() {
  const std::string text = footer_ + " · " + page_word_ + " " + std::to_string(page_);
  cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
  DrawText(text, TextStyle::kSmall, kMarginX, kPageHeight - 40, kTextWidth);
  cairo_set_source_rgb(cr_, 0, 0, 0);
}

void PdfDocument::NewPage() {
  DrawFooter();
  cairo_show_page(cr_);
  ++page_;
  y_ = kTop;
}

void PdfDocument::EnsureSpace(double height) {
  if (y_ + height > kBottom && y_ > kTop) NewPage();
}

void PdfDocument::Space(double points) { y_ += points; }

void PdfDocument::Title(std::string_view text) {
  PangoLayout* layout = MakeLayout(cr_, text, TextStyle::kBold, kTextWidth);
  PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans Bold 16");
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  cairo_move_to(cr_, kMarginX, y_);
  pango_cairo_show_layout(cr_, layout);
  g_object_unref(layout);
  y_ += pango_units_to_double(h) + 6;
}

void PdfDocument::Heading(std::string_view text) {
  const double h = TextHeight(text, TextStyle::kBold, kTextWidth);
  EnsureSpace(h + 60);  // never a heading alone at the foot of a page
  y_ += 10;
  cairo_set_source_rgb(cr_, 0.12, 0.2, 0.45);
  PangoLayout* layout = MakeLayout(cr_, text, TextStyle::kBold, kTextWidth);
  PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans Bold 12");
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  int w = 0, lh = 0;
  pango_layout_get_size(layout, &w, &lh);
  cairo_move_to(cr_, kMarginX, y_);
  pango_cairo_show_layout(cr_, layout);
  g_object_unref(layout);
  y_ += pango_units_to_double(lh) + 2;
  cairo_set_line_width(cr_, 0.6);
  cairo_move_to(cr_, kMarginX, y_);
  cairo_line_to(cr_, kMarginX + kTextWidth, y_);
  cairo_stroke(cr_);
  cairo_set_source_rgb(cr_, 0, 0, 0);
  y_ += 6;
}

void PdfDocument::Subheading(std::string_view text) {
  const double h = TextHeight(text, TextStyle::kBold, kTextWidth);
  EnsureSpace(h + 40);
  y_ += 4;
  DrawText(text, TextStyle::kBold, kMarginX, y_, kTextWidth);
  y_ += h + 3;
}

void PdfDocument::Paragraph(std::string_view text, TextStyle style) {
  const double h = TextHeight(text, style, kTextWidth);
  EnsureSpace(h);
  DrawText(text, style, kMarginX, y_, kTextWidth);
  y_ += h + 4;
}

void PdfDocument::LabeledBlock(std::string_view label, std::string_view text, TextStyle style) {
  const double label_height = TextHeight(label, TextStyle::kSmall, kTextWidth);
  const double h = TextHeight(text, style, kTextWidth);
  EnsureSpace(label_height + 2 + h);
  DrawText(label, TextStyle::kSmall, kMarginX, y_, kTextWidth);
  y_ += label_height + 2;
  DrawText(text, style, kMarginX, y_, kTextWidth);
  y_ += h + 4;
}

void PdfDocument::KeyValues(const std::vector<std::pair<std::string, std::string>>& rows) {
  constexpr double kLabel = 0.3 * kTextWidth;
  for (const auto& [label, value] : rows) {
    const double h = std::max(TextHeight(label, TextStyle::kBold, kLabel - kCellPad),
                              TextHeight(value, TextStyle::kBody, kTextWidth - kLabel));
    EnsureSpace(h);
    DrawText(label, TextStyle::kBold, kMarginX, y_, kLabel - kCellPad);
    DrawText(value, TextStyle::kBody, kMarginX + kLabel, y_, kTextWidth - kLabel);
    y_ += h + 2;
  }
  y_ += 2;
}

void PdfDocument::TableHeader(const std::vector<double>& widths,
                              const std::vector<std::string>& header) {
  double h = 0;
  for (size_t c = 0; c < header.size(); ++c) {
    h = std::max(h, TextHeight(header[c], TextStyle::kBold, widths[c] * kTextWidth - 2 * kCellPad));
  }
  cairo_set_source_rgb(cr_, 0.9, 0.92, 0.96);
  cairo_rectangle(cr_, kMarginX, y_, kTextWidth, h + 2 * kCellPad);
  cairo_fill(cr_);
  cairo_set_source_rgb(cr_, 0, 0, 0);
  double x = kMarginX;
  for (size_t c = 0; c < header.size(); ++c) {
    DrawText(header[c], TextStyle::kBold, x + kCellPad, y_ + kCellPad,
             widths[c] * kTextWidth - 2 * kCellPad);
    x += widths[c] * kTextWidth;
  }
  y_ += h + 2 * kCellPad;
}

void PdfDocument::Table(const std::vector<double>& widths, const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows, TextStyle style) {
  EnsureSpace(60);
  TableHeader(widths, header);
  for (const std::vector<std::string>& row : rows) {
    double h = 0;
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      h = std::max(h, TextHeight(row[c], style, widths[c] * kTextWidth - 2 * kCellPad));
    }
    h += 2 * kCellPad;
    if (y_ + h > kBottom) {
      NewPage();
      TableHeader(widths, header);
    }
    double x = kMarginX;
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      DrawText(row[c], style, x + kCellPad, y_ + kCellPad, widths[c] * kTextWidth - 2 * kCellPad);
      x += widths[c] * kTextWidth;
    }
    y_ += h;
    cairo_set_source_rgb(cr_, 0.75, 0.75, 0.75);
    cairo_set_line_width(cr_, 0.4);
    cairo_move_to(cr_, kMarginX, y_);
    cairo_line_to(cr_, kMarginX + kTextWidth, y_);
    cairo_stroke(cr_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }
  y_ += 6;
}

Result<std::string> PdfDocument::Finish() {
  if (finished_) return bytes_;
  DrawFooter();
  cairo_show_page(cr_);
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  const cairo_status_t status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  finished_ = true;
  if (status != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("writing the PDF failed: ") + cairo_status_to_string(status));
  }
  return bytes_;
}

}  // namespace habeas::packet
