// Text from lists made safe to print on a terminal or in plain-text output.
//
// A name or a source file name is data the store received from someone else: printed
// as is, an ESC sequence in it can recolour, move the cursor, retitle the window or
// hide the lines above it. Every value the CLI prints as plain text goes through
// TerminalSafe; --json and CSV outputs carry the exact bytes instead.
//
//   std::cout << TerminalSafe(record.field(CanonicalField::kFullName));
//   // "Ana\x1b[2J" prints as  Ana\x1b[2J  (backslash, x, 1, b, ...)
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace habeas {

// Valid UTF-8 text is kept as is, except: C0 controls (U+0000–U+001F, including tab
// and newline), DEL and C1 controls (U+0080–U+009F) become "\xHH" escapes (with HH the
// code point), and a backslash stays a backslash (the escapes are for reading, not
// for parsing back). Invalid bytes become U+FFFD.
std::string TerminalSafe(std::string_view text);

// TerminalSafe for text of several lines (a report, an error message): each line is
// made safe and the newlines between them kept.
std::string TerminalSafeLines(std::string_view text);

}  // namespace habeas
