// JSON text that cannot throw on the bytes it carries.
//
// nlohmann::json::dump() throws (type_error 316) on a string that is not valid UTF-8,
// and such strings reach us from outside: a file name or a command-line argument in
// another encoding, a person id from a CSV. Uncaught, that ends the process. Every
// dump in Habeas passes the replacing error handler, which writes each invalid byte
// as U+FFFD (valid text is unchanged):
//
//   std::cout << j.dump(-1, ' ', false, kJsonReplaceInvalidUtf8);   // or JsonText(j)
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace habeas {

inline constexpr nlohmann::json::error_handler_t kJsonReplaceInvalidUtf8 =
    nlohmann::json::error_handler_t::replace;

// j.dump(indent) with invalid UTF-8 written as U+FFFD instead of throwing.
inline std::string JsonText(const nlohmann::json& j, int indent = -1) {
  return j.dump(indent, ' ', false, kJsonReplaceInvalidUtf8);
}

}  // namespace habeas
