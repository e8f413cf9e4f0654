// habeas find "QUERY" [--dob D] [--id N] [--limit K] | habeas find --batch queries.csv
// habeas index [--persons-from CSV]
// The locator (docs/locator.md): a name as a relative would type it → persons, with a
// calibrated probability and a decision.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "habeas/json_text.h"
#include "habeas/output_file.h"
#include "habeas/terminal_text.h"
#include "habeas/search.h"
#include "habeas/store.h"

namespace habeas::cli {

namespace {

struct FindArgs {
  std::string query;
  std::string dob;
  std::string id;
  size_t limit = 10;
  size_t candidates = search::SearchOptions{}.max_candidates;
  std::string batch;
  std::string index_path;  // default: <db>.idx
  std::string persons_from;
  std::string features_out;
  bool rebuild = false;
};

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of the calling thread: per-query cost without the time the scheduler gave to
// other processes (the benchmark machine is shared; docs/locator.md "Benchmark").
double ThreadCpuMilliseconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double Round(double x, double scale) { return std::round(x * scale) / scale; }

nlohmann::json ResultJson(const search::SearchResult& r) {
  nlohmann::json matched = nlohmann::json::array();
  for (const search::MatchedField& m : r.matched_fields) {
    matched.push_back({{"field", m.field}, {"agreement", m.agreement}, {"detail", m.detail}});
  }
  nlohmann::json records = nlohmann::json::array();
  for (const search::ResultRecord& rec : r.records) {
    records.push_back({{"record_id", rec.record_id},
                       {"source", rec.source},
                       {"source_record_id", rec.source_record_id}});
  }
  return {{"person_id", r.person_id},
          {"probability", Round(r.probability, 1e4)},
          {"name", r.name},
          {"matched_fields", matched},
          {"source_count", r.sources.size()},
          {"sources", r.sources},
          {"records", records},
          {"last_known",
           {{"place", r.last_known.place},
            {"date", r.last_known.date},
            {"source", r.last_known.source}}}};
}

nlohmann::json ResponseJson(const search::SearchResponse& response) {
  nlohmann::json results = nlohmann::json::array();
  for (const search::SearchResult& r : response.results) results.push_back(ResultJson(r));
  const std::string match = response.match_person_id();
  return {{"match", match.empty() ? nlohmann::json(nullptr) : nlohmann::json(match)},
          {"decision", std::string(search::DecisionName(response.decision))},
          {"results", results}};
}

std::string IndexPath(const CliContext& ctx, const FindArgs& args) {
  return args.index_path.empty() ? search::IndexPathFor(ctx.db_path) : args.index_path;
}

Status CheckIndexPath(const CliContext& ctx, const FindArgs& args) {
  return CheckOutputPath(IndexPath(ctx, args),
                         search::IndexOutputOptions(ctx.db_path,
                                                    args.index_path.empty()
                                                        ? search::IndexPathOrigin::kDefault
                                                        : search::IndexPathOrigin::kNamedByUser));
}

// The index for a search or for `habeas index` (`force`: rebuilt, and it must be
// written). A search whose default index cannot be written for lack of permission (a
// store in a read-only directory) answers from an index built in memory; an index the
// user named must be written.
Result<search::LocatorIndex> OpenLocator(CliContext& ctx, const FindArgs& args, bool force) {
  const std::string path = IndexPath(ctx, args);
  const search::IndexUnwritable unwritable = !force && args.index_path.empty()
                                                 ? search::IndexUnwritable::kKeepInMemory
                                                 : search::IndexUnwritable::kFail;
  const Status checked = CheckIndexPath(ctx, args);
  if (!checked.ok() && !(checked.code() == StatusCode::kPermissionDenied &&
                         unwritable == search::IndexUnwritable::kKeepInMemory)) {
    return checked;
  }
  HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, ctx.OpenStoreForReading());
  std::optional<search::PersonAssignment> assignment;
  if (!args.persons_from.empty()) {
    HABEAS_ASSIGN_OR_RETURN(assignment, search::PersonAssignment::FromCsv(args.persons_from));
  }
  search::IndexOpening how = search::IndexOpening::kLoaded;
  const Clock::time_point start = Clock::now();
  HABEAS_ASSIGN_OR_RETURN(
      search::LocatorIndex index,
      search::OpenIndexReporting(
          *store, path, force ? search::IndexRebuild::kAlways : search::IndexRebuild::kIfStale,
          assignment ? &*assignment : nullptr, &how, unwritable));
  if (!ctx.quiet) {
    const char* what = how == search::IndexOpening::kLoaded        ? "loaded"
                       : how == search::IndexOpening::kIncremental ? "updated incrementally"
                       : how == search::IndexOpening::kInMemory
                           ? "built in memory (its directory is not writable; not saved)"
                           : "built";
    std::fprintf(stderr, "habeas: locator index %s %s (%zu persons, %zu records) in %.0f ms\n",
                 TerminalSafe(path).c_str(), what, index.person_count(), index.record_count(),
                 MillisecondsSince(start));
  }
  return index;
}

// What was searched for, as the user typed it: the name, else the identifier.
std::string QueryLabel(const search::SearchQuery& query) {
  if (!query.text.empty()) return "\"" + TerminalSafe(query.text) + "\"";
  if (!query.id.empty()) return "id " + TerminalSafe(query.id);
  return "the query";
}

void PrintHuman(const search::SearchQuery& query, const search::SearchResponse& response) {
  switch (response.decision) {
    case search::Decision::kMatch:
      std::cout << "Found: the first result is very likely the person you are looking for.\n";
      break;
    case search::Decision::kCandidates:
      std::cout << "No confident match. These people could be the one you are looking for; "
                   "check the details.\n";
      break;
    case search::Decision::kNoConfidentMatch:
      std::cout << "No confident match for " << QueryLabel(query)
                << " in the lists. Results below are unlikely.\n";
      break;
  }
  int rank = 0;
  for (const search::SearchResult& r : response.results) {
    // Person ids may come from a --persons-from CSV: as untrusted as the names.
    std::printf("\n%2d. %s  %s  (%.0f%%)\n", ++rank, TerminalSafe(r.person_id).c_str(),
                TerminalSafe(r.name).c_str(), 100.0 * r.probability);
    for (const search::MatchedField& m : r.matched_fields) {
      std::printf("      %-10s %s: %s\n", TerminalSafe(m.field).c_str(),
                  TerminalSafe(m.agreement).c_str(), TerminalSafe(m.detail).c_str());
    }
    std::string sources;
    for (const std::string& s : r.sources) sources += (sources.empty() ? "" : ", ") + s;
    std::printf("      sources    %zu (%s), %zu records\n", r.sources.size(),
                TerminalSafe(sources).c_str(), r.records.size());
    std::printf("      last known %s, %s (source: %s)\n",
                r.last_known.place.empty() ? "place not stated"
                                           : TerminalSafe(r.last_known.place).c_str(),
                r.last_known.date.empty() ? "date unknown" : TerminalSafe(r.last_known.date).c_str(),
                TerminalSafe(r.last_known.source).c_str());
  }
}

void RunSingle(CliContext& ctx, const FindArgs& args) {
  if (args.query.empty() && args.id.empty()) {
    return (void)ctx.Fail(InvalidInput("give a name to search for, or --batch FILE"));
  }
  auto index = OpenLocator(ctx, args, args.rebuild);
  if (!index.ok()) return (void)ctx.Fail(index.status());
  search::SearchQuery query{args.query, args.dob, args.id};
  search::SearchOptions options;
  options.limit = args.limit;
  options.max_candidates = args.candidates;
  auto response = index->Search(query, options);
  if (!response.ok()) return (void)ctx.Fail(response.status());
  if (ctx.json) {
    std::cout << JsonText(ResponseJson(*response)) << "\n";
  } else {
    PrintHuman(query, *response);
  }
}

void RunBatch(CliContext& ctx, const FindArgs& args) {
  std::unique_ptr<OutputFile> features_file;
  if (!args.features_out.empty()) {
    auto created =
        OutputFile::Create(args.features_out, ctx.OutputOptions("--features-out", IndexPath(ctx, args)));
    if (!created.ok()) return (void)ctx.Fail(created.status());
    features_file = std::move(*created);
  }
  auto index = OpenLocator(ctx, args, args.rebuild);
  if (!index.ok()) return (void)ctx.Fail(index.status());
  auto batch = search::QueryBatchReader::Open(args.batch);
  if (!batch.ok()) return (void)ctx.Fail(batch.status());
  std::ostringstream discard;
  std::ostream& features_out = features_file ? features_file->stream() : discard;
  if (features_file) {
    features_out << "query_id,person_id,probability";
    for (std::string_view name : search::CandidateFeatureNames()) features_out << "," << name;
    features_out << "\n";
  }
  search::SearchOptions options;
  options.limit = args.limit;
  options.max_candidates = args.candidates;
  std::vector<double> latencies;
  std::vector<search::CandidateFeatures> features;
  size_t matches = 0;
  search::BatchQuery query;
  while (true) {
    auto more = (*batch)->Next(&query);
    if (!more.ok()) return (void)ctx.Fail(more.status());
    if (!*more) break;
    nlohmann::json out = {{"query_id", query.query_id}};
    const Clock::time_point start = Clock::now();
    const double cpu_start = ThreadCpuMilliseconds();
    std::string warning;
    auto response = search::SearchForgivingBadFields(
        *index, query.query, options, features_file ? &features : nullptr, &warning);
    if (!warning.empty()) out["warning"] = warning;
    const double ms = MillisecondsSince(start);
    const double cpu_ms = ThreadCpuMilliseconds() - cpu_start;
    latencies.push_back(ms);
    if (!response.ok()) {
      out["match"] = nullptr;
      out["decision"] = "error";
      out["error"] = response.status().message();
      out["results"] = nlohmann::json::array();
    } else {
      out.update(ResponseJson(*response));
      if (response->decision == search::Decision::kMatch) ++matches;
      for (const search::CandidateFeatures& f : features) {
        features_out << query.query_id << "," << f.person_id << "," << f.probability;
        for (double v : f.values) features_out << "," << v;
        features_out << "\n";
      }
    }
    out["latency_ms"] = Round(ms, 1e4);
    out["cpu_ms"] = Round(cpu_ms, 1e4);
    std::cout << JsonText(out) << "\n";
  }
  if (!ctx.quiet && !latencies.empty()) {
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
      return latencies[std::min(latencies.size() - 1,
                                static_cast<size_t>(p * static_cast<double>(latencies.size())))];
    };
    std::fprintf(stderr,
                 "habeas: %zu queries, %zu confident matches; latency median %.3f ms, p99 %.3f "
                 "ms, max %.3f ms\n",
                 latencies.size(), matches, pct(0.5), pct(0.99), latencies.back());
  }
  if (features_file) {
    Status committed = features_file->Commit();
    if (!committed.ok()) ctx.Fail(committed);
  }
}

}  // namespace

void RegisterFindCommand(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<FindArgs>();
  CLI::App* cmd = app.add_subcommand(
      "find",
      "Find a person by name as a relative would type it (nicknames, one surname, no accents, "
      "typos), optionally with a birth date or an identifier. Says whether the first result is "
      "a confident match. The index (<db>.idx) is rebuilt automatically when the store changed.");
  cmd->add_option("query", args->query, "The name to search for, e.g. \"chuy peres\"");
  cmd->add_option("--dob", args->dob, "Birth date: DD/MM/YYYY, YYYY-MM-DD, MM/YYYY or YYYY");
  cmd->add_option("--id", args->id, "Cédula (V-12345678) or A-number (A123456789)");
  cmd->add_option("--limit", args->limit, "Results to show")
      ->default_val(10)
      ->check(IntegerIn(1, 1000));
  cmd->add_option("--candidates", args->candidates,
                  "Candidates ranked with the full comparators (speed/recall trade-off; "
                  "1-100000)")
      ->check(IntegerIn(1, 100000));
  cmd->add_option("--batch", args->batch,
                  "CSV of queries (query_id,query_text,dob,national_id): one JSON object per "
                  "line on stdout");
  cmd->add_option("--index", args->index_path, "Index file (default: the store path + .idx; for a PostgreSQL URL, in $XDG_CACHE_HOME/habeas)");
  cmd->add_option("--persons-from", args->persons_from,
                  "When (re)building: person ids from a CSV source,source_record_id,person_id");
  cmd->add_option("--features-out", args->features_out,
                  "Batch only: write every ranked candidate's model features to this CSV "
                  "(to refit the model, see docs/locator.md)");
  cmd->add_flag("--rebuild", args->rebuild, "Rebuild the index even if it is up to date");
  cmd->callback([&ctx, args] {
    if (!args->batch.empty()) {
      RunBatch(ctx, *args);
    } else {
      RunSingle(ctx, *args);
    }
  });

  auto index_args = std::make_shared<FindArgs>();
  CLI::App* index = app.add_subcommand(
      "index", "Rebuild the locator index from the store (habeas find does it when stale).");
  index->add_option("--index", index_args->index_path,
                    "Index file (default: the store path + .idx; for a PostgreSQL URL, in $XDG_CACHE_HOME/habeas)");
  index->add_option("--persons-from", index_args->persons_from,
                    "Person ids from a CSV source,source_record_id,person_id (e.g. an external "
                    "linkage); records not in it are their own person");
  index->callback([&ctx, index_args] {
    auto built = OpenLocator(ctx, *index_args, /*force=*/true);
    if (!built.ok()) return (void)ctx.Fail(built.status());
    if (ctx.json) {
      std::cout << JsonText(nlohmann::json{{"persons", built->person_count()},
                                           {"records", built->record_count()}})
                << "\n";
    }
  });
}

}  // namespace habeas::cli
