// Small UTF-8 text helpers the generator needs to *produce* variants of names:
// case changes, accent stripping, Windows-1252 output, code-point edits.
//
// These are deliberately minimal and cover the Latin-1 letters Spanish names use
// (á é í ó ú ü ñ and capitals). They are for making noisy data, not for matching:
// the engine's name normaliser (src/names, ICU-based) is the one used for linkage.
//
//   ToUpper("José Ñáñez")        == "JOSÉ ÑÁÑEZ"
//   StripAccents("José Ñáñez")   == "Jose Nanez"
//   SpanishTitleCase("maría de los ángeles") == "María de los Ángeles"
//   Utf8ToWindows1252("Peña")    == "Pe\xF1a"
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace habeas::gen {

std::u32string DecodeUtf8(std::string_view text);  // invalid bytes become U+FFFD
std::string EncodeUtf8(std::u32string_view text);
bool IsValidUtf8(std::string_view text);
bool IsAscii(std::string_view text);

std::string ToUpper(std::string_view text);
std::string ToLower(std::string_view text);
std::string StripAccents(std::string_view text);  // also ñ -> n, ü -> u
// Capitalises each word except Spanish particles (de, del, la, las, los, y) after
// the first word.
std::string SpanishTitleCase(std::string_view text);
// Whether a lowercase word is a Spanish particle: de, del, la, las, los, y.
bool IsParticle(std::string_view lowercase_word);

// Windows-1252 bytes for UTF-8 text; characters with no Windows-1252 form become '?'.
std::string Utf8ToWindows1252(std::string_view text);

// UTF-8 text as a spreadsheet set to Windows-1252 reads it and saves it again as UTF-8:
// each byte becomes the character Windows-1252 gives it (the five bytes it leaves
// undefined, such as the 0x8D of "Í", become the C1 control of their value, as
// Windows' own conversion makes them). MisreadAsWindows1252("Jesús") == "JesÃºs".
std::string MisreadAsWindows1252(std::string_view text);

}  // namespace habeas::gen
