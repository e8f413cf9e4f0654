#include "search/prepared_form.h"

namespace habeas::search {

namespace {

constexpr char kGroup = '\x1d';
constexpr char kWord = '\x1e';
constexpr char kField = '\x1f';

void AppendKey(const names::PhoneticKey& key, std::string* out) { out->append(key.view()); }

void AppendSurname(const names::PreparedWord& w, std::string* out) {
  *out += w.particles;
  *out += kField;
  *out += w.folded;
  *out += kField;
  AppendKey(w.key, out);
}

// Splits off the text before `sep` (all of `text` if absent).
std::string_view Next(std::string_view* text, char sep) {
  const size_t at = text->find(sep);
  const std::string_view head = text->substr(0, at);
  text->remove_prefix(at == std::string_view::npos ? text->size() : at + 1);
  return head;
}

void SetKey(std::string_view text, names::PhoneticKey* key) {
  *key = names::PhoneticKey();
  for (char c : text) key->Append(c);
}

void SetWord(std::string_view folded, std::string_view particles, std::string_view key,
             names::PreparedWord* w) {
  w->folded.assign(folded);
  w->accented.assign(folded);
  w->particles.assign(particles);
  SetKey(key, &w->key);
  w->initial = folded.size() == 1;
  names::SetNicknameGroups(w);
}

bool DecodeSurname(std::string_view text, names::PreparedWord* w) {
  const std::string_view particles = Next(&text, kField);
  const std::string_view folded = Next(&text, kField);
  SetWord(folded, particles, text, w);
  return text.find(kField) == std::string_view::npos;
}

}  // namespace

void AppendPreparedForm(const names::PreparedName& name, std::string* out) {
  if (!out->empty()) *out += '\n';
  *out += name.given_joined;
  *out += kGroup;
  for (size_t i = 0; i < name.given.size(); ++i) {
    if (i > 0) *out += kWord;
    *out += name.given[i].folded;
    *out += kField;
    AppendKey(name.given[i].key, out);
  }
  *out += kGroup;
  AppendSurname(name.surname1, out);
  *out += kGroup;
  AppendSurname(name.surname2, out);
}

bool DecodePreparedForm(std::string_view line, names::PreparedName* out) {
  const std::string_view joined = Next(&line, kGroup);
  std::string_view given = Next(&line, kGroup);
  const std::string_view surname1 = Next(&line, kGroup);
  const std::string_view surname2 = line;
  if (surname2.find(kGroup) != std::string_view::npos) return false;
  out->given_joined.assign(joined);
  size_t n = 0;
  while (!given.empty()) {
    std::string_view word = Next(&given, kWord);
    const std::string_view folded = Next(&word, kField);
    if (word.find(kField) != std::string_view::npos) return false;
    if (n == out->given.size()) out->given.emplace_back();
    SetWord(folded, {}, word, &out->given[n]);
    ++n;
  }
  out->given.resize(n);
  return DecodeSurname(surname1, &out->surname1) && DecodeSurname(surname2, &out->surname2);
}

}  // namespace habeas::search
