#include "habeas/names/frequencies.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "habeas/names/name_parser.h"
#include "habeas/names/normalize.h"
#include "names/tsv_lines.h"
#include "names/words.h"

namespace habeas::embedded {
extern const std::string_view NamePriorsTsv;
}  // namespace habeas::embedded

namespace habeas::names {
namespace {

bool ParseCount(std::string_view text, uint64_t* out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// Word endings that mark Spanish surnames when a token is unknown ("-ez": Yánez, Peñuelez).
bool LooksLikeSurname(std::string_view t) { return t.size() >= 4 && t.back() == 'z'; }

}  // namespace

const NameFrequencies& NameFrequencies::BuiltinPrior() {
  static const NameFrequencies* prior = [] {
    Result<NameFrequencies> parsed = FromTsv(embedded::NamePriorsTsv);
    auto* table = new NameFrequencies(parsed.ok() ? std::move(parsed).value() : NameFrequencies());
    table->use_prior_ = false;
    return table;
  }();
  return *prior;
}

void NameFrequencies::AddToken(std::string_view token, bool as_given, uint64_t count) {
  if (token.size() < 2 || IsNameParticle(token) || count == 0) return;
  auto it = counts_.find(token);
  if (it == counts_.end()) it = counts_.emplace(std::string(token), Counts{}).first;
  (as_given ? it->second.as_given : it->second.as_surname) += count;
  total_tokens_ += count;
}

void NameFrequencies::AddWords(std::string_view folded_text, bool as_given) {
  ForEachWord(folded_text, [&](std::string_view w) { AddToken(w, as_given); });
}

void NameFrequencies::AddParsedName(const ParsedName& name) {
  for (const std::string& given : name.given_names) AddWords(given, /*as_given=*/true);
  for (const std::string* surname : {&name.surname1, &name.surname2}) {
    AddWords(*surname, /*as_given=*/false);
  }
}

void NameFrequencies::Merge(const NameFrequencies& other) {
  for (const auto& [token, counts] : other.counts_) {
    Counts& mine = counts_[token];
    mine.as_given += counts.as_given;
    mine.as_surname += counts.as_surname;
  }
  total_tokens_ += other.total_tokens_;
}

NameFrequencies::Counts NameFrequencies::CountsOf(std::string_view token) const {
  auto it = counts_.find(token);
  return it == counts_.end() ? Counts{} : it->second;
}

double NameFrequencies::TokenFrequency(std::string_view token) const {
  if (total_tokens_ == 0) return 0.0;
  return static_cast<double>(CountsOf(token).total()) / static_cast<double>(total_tokens_);
}

double NameFrequencies::GivenProbability(std::string_view token) const {
  double prior_given = 0.5;
  if (LooksLikeSurname(token)) prior_given = 0.15;
  if (use_prior_) {
    const Counts prior = BuiltinPrior().CountsOf(token);
    if (prior.total() > 0) {
      prior_given =
          (static_cast<double>(prior.as_given) + 0.5) / (static_cast<double>(prior.total()) + 1.0);
    }
  }
  const Counts learnt = CountsOf(token);
  const double p = (static_cast<double>(learnt.as_given) + kPriorWeight * prior_given) /
                   (static_cast<double>(learnt.total()) + kPriorWeight);
  return std::clamp(p, 0.01, 0.99);
}

std::string NameFrequencies::ToTsv() const {
  std::vector<const std::pair<const std::string, Counts>*> rows;
  rows.reserve(counts_.size());
  for (const auto& row : counts_) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::string out = "# habeas name frequencies v1\n";
  for (const auto* row : rows) {
    out += row->first;
    out += '\t';
    out += std::to_string(row->second.as_given);
    out += '\t';
    out += std::to_string(row->second.as_surname);
    out += '\n';
  }
  return out;
}

Result<NameFrequencies> NameFrequencies::FromTsv(std::string_view tsv) {
  NameFrequencies table;
  size_t line_number = 0;
  TsvLines lines(tsv);
  std::string_view line;
  while (lines.Next(&line, &line_number)) {
    const std::string where = "line " + std::to_string(line_number);
    const size_t tab1 = line.find('\t');
    const size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos || line.find('\t', tab2 + 1) != std::string_view::npos) {
      return InvalidInput(where + ": expected token<TAB>count_as_given<TAB>count_as_surname");
    }
    uint64_t given = 0, surname = 0;
    if (!ParseCount(line.substr(tab1 + 1, tab2 - tab1 - 1), &given) ||
        !ParseCount(line.substr(tab2 + 1), &surname)) {
      return InvalidInput(where + ": counts must be non-negative integers");
    }
    if (!IsValidUtf8(line)) return InvalidInput(where + ": token is not valid UTF-8");
    const std::string token = FoldName(line.substr(0, tab1));
    if (token.empty() || token.find(' ') != std::string::npos) {
      return InvalidInput(where + ": token must be one word");
    }
    Counts& counts = table.counts_[token];
    counts.as_given = std::max(counts.as_given, given);  // accent variants fold together
    counts.as_surname = std::max(counts.as_surname, surname);
  }
  for (const auto& [token, counts] : table.counts_) table.total_tokens_ += counts.total();
  return table;
}

}  // namespace habeas::names
