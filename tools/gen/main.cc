// habeas-gen: writes a synthetic population, its lists (with import mappings),
// ground truth and locator queries into a directory. See docs/generator.md.
//
//   habeas-gen --out /tmp/demo --persons 10000 --seed 7 --queries 500
//   habeas-gen --out /tmp/bench --persons 1000000 --lists 8 --json --quiet
//   habeas-gen --out /tmp/hard --persons 50000 --seed 5 --profile hard
#include <chrono>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "generator.h"

int main(int argc, char** argv) {
  using habeas::gen::GeneratorOptions;
  GeneratorOptions options;
  std::string out_dir;
  bool quiet = false;
  bool json = false;
  std::string profile = "default";

  CLI::App app{"habeas-gen: synthetic persons, lists, mappings, truth and queries"};
  app.add_option("--out", out_dir, "Output directory (created if missing)")->required();
  app.add_option("--persons", options.persons, "Population size")->capture_default_str();
  app.add_option("--seed", options.seed, "Random seed; same seed + options = same bytes")
      ->capture_default_str();
  app.add_option("--lists", options.lists,
                 "Number of lists (1-60): manifest, leak, family_reports, court, ngo, "
                 "then generic media/other lists")
      ->capture_default_str();
  app.add_option("--queries", options.queries, "Locator queries to write (0 = none)")
      ->capture_default_str();
  app.add_option("--no-list-share", options.no_list_share,
                 "Share of queries about people on no list")
      ->capture_default_str();
  app.add_option("--profile", profile,
                 "How lists are written: default, or hard (real lists: name-only rows, "
                 "independent transcription, redactions, unparsable dates; docs/generator.md)")
      ->check(CLI::IsMember({"default", "hard"}))
      ->capture_default_str();
  app.add_option("--noise", options.noise, "Global factor on every corruption rate")
      ->capture_default_str();
  auto& rates = options.rates;
  app.add_option("--typo-rate", rates.typo, "Keyboard typo, per name part")->capture_default_str();
  app.add_option("--phonetic-rate", rates.phonetic, "Phonetic respelling, per name part")
      ->capture_default_str();
  app.add_option("--nickname-rate", rates.nickname, "Nickname for the first given name")
      ->capture_default_str();
  app.add_option("--drop-surname-rate", rates.drop_surname2, "Maternal surname dropped")
      ->capture_default_str();
  app.add_option("--swap-surname-rate", rates.swap_surnames, "Surnames swapped")
      ->capture_default_str();
  app.add_option("--date-error-rate", rates.date_error,
                 "Birth date year-only, day/month swapped or +-1 year")
      ->capture_default_str();
  app.add_option("--id-typo-rate", rates.id_typo, "Digit error in a cedula or A-number")
      ->capture_default_str();
  app.add_option("--missing-rate", rates.missing_field, "Optional field left blank")
      ->capture_default_str();
  app.add_option("--namesake-rate", options.population.namesake_rate,
                 "Share of single-person households given another person's name")
      ->capture_default_str();
  app.add_flag("--json", json, "Print the summary as JSON on stdout");
  app.add_flag("--quiet", quiet, "No summary or timing on stdout/stderr (errors only)");
  CLI11_PARSE(app, argc, argv);
  options.profile = *habeas::gen::ParseProfile(profile);  // IsMember checked the name

  const auto start = std::chrono::steady_clock::now();
  habeas::gen::DiskDirectory out(out_dir);
  habeas::Status created = out.Create();
  if (!created.ok()) {
    std::fprintf(stderr, "habeas-gen: error: %s\n", created.message().c_str());
    return 2;
  }
  habeas::Result<habeas::gen::GeneratorSummary> summary = habeas::gen::Generate(options, out);
  if (!summary.ok()) {
    std::fprintf(stderr, "habeas-gen: error: %s\n", summary.status().message().c_str());
    return summary.status().code() == habeas::StatusCode::kInvalidInput ? 2 : 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (json) {
    std::cout << habeas::gen::SummaryToJson(*summary).dump(2) << "\n";
  } else if (!quiet) {
    std::cout << "habeas-gen: wrote " << out_dir << "\n" << habeas::gen::SummaryToText(*summary);
  }
  if (!quiet) std::fprintf(stderr, "habeas-gen: %.2f s\n", seconds);
  return 0;
}
