// Identifiers as stored and as compared: one reading for the linker, the locator and
// the estimate.
//
// A stored identifier field (national_id, a_number) holds either a whole identifier
// ("V12345678", "201234567") or a *partial* one: a redacted identifier whose hidden
// digits are written `*` ("******435" for the A-number `XXX-XXX-435` of a court
// filing; docs/formats.md). A partial identifier is evidence about its visible digits
// only: it never joins records as a whole identifier would, and never forbids a join.
//
//   habeas::IdentifierDigits("V-12.345.678")   // "12345678"
//   habeas::IdentifierDigits("******435")      // "" (not a whole identifier)
//   habeas::VisibleIdentifierTail("******435") // "435"
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace habeas {

// The character that stands for a hidden digit in a stored partial identifier.
inline constexpr char kHiddenDigit = '*';

// True if the stored value is a partial (redacted) identifier.
bool IsPartialIdentifier(std::string_view stored);

// A whole identifier's digits without leading zeros (leading zeros carry no identity:
// spreadsheets drop them); "" for a partial identifier or a value without digits.
std::string IdentifierDigits(std::string_view stored);

// A partial identifier's visible digits after its last hidden one ("******435" →
// "435"); "" for a whole identifier.
std::string VisibleIdentifierTail(std::string_view stored);

// How a visible tail agrees with another identifier (whole digits or a tail): the
// last min(|tail|, |other|) digits compared. kMissing if either is empty.
enum class TailAgreement { kAgree, kDisagree, kMissing };
TailAgreement CompareIdentifierTails(std::string_view tail, std::string_view other);

}  // namespace habeas
