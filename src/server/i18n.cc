#include "server/i18n.h"

#include <cctype>
#include <optional>
#include <string>

namespace habeas::server {

std::string_view LanguageCode(Language language) {
  return language == Language::kEnglish ? "en" : "es";
}

namespace {

std::optional<Language> FromCode(std::string_view code) {
  if (code.size() >= 2) {
    const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(code[0])));
    const char b = static_cast<char>(std::tolower(static_cast<unsigned char>(code[1])));
    if (code.size() == 2 || code[2] == '-' || code[2] == '_') {
      if (a == 'e' && b == 's') return Language::kSpanish;
      if (a == 'e' && b == 'n') return Language::kEnglish;
    }
  }
  return std::nullopt;
}

// The supported language with the highest q above 0 in an Accept-Language header.
std::optional<Language> FromAcceptLanguage(std::string_view header) {
  std::optional<Language> best;
  double best_q = -1;
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    double q = 1.0;
    const size_t semi = item.find(';');
    if (semi != std::string_view::npos) {
      const std::string_view params = item.substr(semi + 1);
      const size_t qpos = params.find("q=");
      if (qpos != std::string_view::npos) {
        try {
          q = std::stod(std::string(params.substr(qpos + 2, 5)));
        } catch (...) {
          q = 0;
        }
      }
      item = item.substr(0, semi);
    }
    // q=0 means "not acceptable" (RFC 9110, 12.4.2), never a weak preference.
    if (auto lang = FromCode(item); lang && q > 0 && q > best_q) {
      best = lang;
      best_q = q;
    }
    start = end + 1;
  }
  return best;
}

struct Pair {
  std::string_view es;
  std::string_view en;
};

constexpr Pair kTexts[] = {
    {"Buscar a una persona detenida o deportada", "Find a detained or deported person"},
    {"Escriba el nombre como lo conoce. Buscamos también apodos, nombres mal escritos y "
     "apellidos en otro orden.",
     "Type the name as you know it. We also look for nicknames, misspellings and surnames "
     "in another order."},
    {"Nombre y apellidos", "Name and surnames"},
    {"Por ejemplo: Chuy Pérez González", "For example: Chuy Pérez González"},
    {"Fecha de nacimiento (opcional)", "Date of birth (optional)"},
    {"Día/mes/año, o solo el año: 03/07/1994 o 1994", "Day/month/year, or just the year: "
                                                       "03/07/1994 or 1994"},
    {"Cédula o número de documento (opcional)", "ID card or document number (optional)"},
    {"Con o sin puntos: V-12.345.678", "With or without dots: V-12.345.678"},
    {"Buscar", "Search"},
    {"Resultados para", "Results for"},
    {"No encontramos a nadie que coincida con seguridad.",
     "We found nobody who matches with confidence."},
    {"Pruebe con el nombre completo, con los dos apellidos.",
     "Try the full name, with both surnames."},
    {"Añada la fecha de nacimiento o solo el año.", "Add the date of birth, or just the year."},
    {"Añada el número de cédula si lo conoce.", "Add the ID card number if you know it."},
    {"Las listas se actualizan: vuelva a buscar en unos días.",
     "The lists are updated: search again in a few days."},
    {"Muy probablemente es la persona", "Very likely the person"},
    {"Posiblemente es la persona: compruebe los datos", "Possibly the person: check the details"},
    {"Aparece en una lista de personas detenidas o deportadas",
     "Appears on a list of detained or deported people"},
    {"Situación", "Status"},
    {"Último lugar conocido", "Last known place"},
    {"Fecha", "Date"},
    {"Listas", "Lists"},
    {"no consta", "not recorded"},
    {"English", "Español"},
    {"Hay un problema", "There is a problem"},
    {"Escriba un nombre para buscar.", "Type a name to search."},
    {"Ha hecho muchas búsquedas seguidas. Espere un momento y vuelva a intentarlo.",
     "You have searched many times in a row. Wait a moment and try again."},
    {"No guardamos lo que busca. Solo se muestran los datos que el equipo ha decidido "
     "publicar; nunca teléfonos, notas ni documentos.",
     "We do not keep what you search for. Only details the team has chosen to publish are "
     "shown; never phone numbers, notes or documents."},
    {"Acceso del equipo", "Staff sign-in"},
    {"Varias personas podrían coincidir. Compruebe los datos de cada una.",
     "Several people could match. Check the details of each."},
    {"Encontramos a una persona que coincide.", "We found a person who matches."},
};

}  // namespace

Language ChooseLanguage(std::string_view query_lang, std::string_view cookie_lang,
                        std::string_view accept_language) {
  if (auto l = FromCode(query_lang)) return *l;
  if (auto l = FromCode(cookie_lang)) return *l;
  if (auto l = FromAcceptLanguage(accept_language)) return *l;
  return Language::kSpanish;
}

std::string_view Translate(Language language, Text text) {
  const Pair& p = kTexts[static_cast<int>(text)];
  return language == Language::kEnglish ? p.en : p.es;
}

}  // namespace habeas::server
