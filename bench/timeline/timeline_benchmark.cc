// Timeline benchmark (docs/benchmarks.md): builds a store with 1,000,000 claims about
// 100,000 persons (10 each: book-in, removal, arrival, designation, evidence, two
// attributes, notice, counter-evidence, and 5% a second removal claim that contests the
// authority) plus one person with 1,000 claims, then times
//   1. `check orders`: load the context and every timeline from the store as the command
//      does, then check 100 orders keeping every finding;
//   2. the same check as `check orders --json` runs it, formatting and writing each finding
//      (to /dev/null) as it is found;
//   3. `show person` for the person with 1,000 claims: load and build the timeline and
//      render its JSON.
// Usage: timeline_benchmark [DB [show|reuse]] (default /tmp/habeas_timeline_bench.db, rebuilt
// unless `reuse` names a store an earlier run built;
// "show": only the show person part).
#include <chrono>
#include <ctime>
#include <sys/resource.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "habeas/orders.h"
#include "habeas/store.h"
#include "habeas/timeline_view.h"

using namespace habeas;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU seconds this process has used: on the shared 2-core machine wall time moves by 3×
// with other builds, CPU time much less.
double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Page faults so far (thousands): where allocation touches new memory.
long PageFaultsK() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt / 1000;
}

ValidTime At(int64_t utc, TimePrecision p, int64_t span) {
  ValidTime t;
  t.earliest = utc;
  t.latest = utc + span - 1;
  t.precision = p;
  t.time_zone = "UTC";
  t.text = FormatUtcSeconds(utc);
  return t;
}

constexpr int64_t kYear2025 = 1735689600;  // 2025-01-01T00:00:00Z
constexpr int kPersons = 100000;
constexpr int kFlights = 300;

// 100,000 records (one list), each its own linked person: claims are about records, as
// imports make them.
Result<int64_t> BuildRecords(Store& store) {
  SourceInfo source;
  source.name = "bench_manifest";
  source.kind = SourceKind::kLeak;
  BatchInfo batch;
  batch.file_name = "bench.csv";
  batch.file_sha256 = "bench";
  batch.format = "csv";
  batch.encoding = "utf-8";
  batch.header_json = "[\"name\"]";
  HABEAS_ASSIGN_OR_RETURN(auto writer, store.BeginBatch(source, batch));
  for (int p = 1; p <= kPersons; ++p) {
    RecordData r;
    r.source_record_id = std::to_string(p);
    r.line = r.end_line = p + 1;
    r.raw = "Person " + std::to_string(p);
    r.field(CanonicalField::kFullName) = r.raw;
    r.field(CanonicalField::kNationality) = "venezolano";
    r.field(CanonicalField::kBirthDate) = std::to_string(1960 + p % 45) + "-06-15";
    HABEAS_RETURN_IF_ERROR(writer->AddRecord(r));
  }
  batch.rows_read = batch.rows_imported = kPersons;
  HABEAS_RETURN_IF_ERROR(writer->Commit(batch));
  HABEAS_ASSIGN_OR_RETURN(auto info, store.GetBatch(writer->batch_id()));
  LinkageUpdate u;
  u.expected_max_person_id = 0;
  for (int p = 1; p <= kPersons; ++p) {
    PersonInfo person;
    person.id = p;
    person.created_by = "bench";
    u.created_persons.push_back(person);
    u.assignments.push_back({info->first_record_id + p - 1, p});
  }
  HABEAS_RETURN_IF_ERROR(store.ApplyLinkage(u));
  return info->first_record_id;
}

Status Build(Store& store) {
  std::mt19937_64 rng(2025);
  HABEAS_ASSIGN_OR_RETURN(int64_t first_record, BuildRecords(store));
  TimelineWrite flights;
  flights.kind = TimelineWriteKind::kEntities;
  flights.source = "bench_flights";
  flights.file_sha256 = "flights";
  for (int f = 0; f < kFlights; ++f) {
    Flight fl;
    fl.carrier = "BenchAir";
    fl.number = std::to_string(1000 + f);
    const int64_t dep = kYear2025 + static_cast<int64_t>(rng() % (360 * 86400));
    fl.departure = At(dep, TimePrecision::kMinute, 60);
    fl.arrival = At(dep + 6 * 3600, TimePrecision::kMinute, 60);
    flights.flights.push_back(fl);
  }
  Facility f;
  f.name = "Bench Facility";
  f.aliases = {"BF"};
  flights.facilities.push_back(f);
  HABEAS_RETURN_IF_ERROR(store.WriteTimeline(flights).status());
  TimelineWrite w;
  for (int p = 1; p <= kPersons; ++p) {
    const Flight& fl = flights.flights[rng() % kFlights];
    const int64_t dep = fl.departure.earliest;
    auto claim = [&](ClaimKind kind) {
      Claim c;
      c.kind = kind;
      c.record_id = first_record + p - 1;
      c.source.source = "bench";
      c.source.file = "bench.csv";
      c.source.line = p;
      return c;
    };
    Claim book = claim(ClaimKind::kBookIn);
    book.facility = "BF";
    book.valid = At(dep - 20 * 86400, TimePrecision::kDay, 86400);
    Claim removal = claim(ClaimKind::kRemoval);
    removal.flight = fl.Label();
    removal.authority = rng() % 3 ? "aea" : "title8";
    Claim arrival = claim(ClaimKind::kArrival);
    arrival.flight = fl.Label();
    Claim designation = claim(ClaimKind::kDesignation);
    designation.authority = "aea";
    designation.valid = At(dep - 2 * 86400, TimePrecision::kDay, 86400);
    Claim evidence = claim(ClaimKind::kEvidence);
    evidence.item = "tattoo";
    Claim nationality = claim(ClaimKind::kAttribute);
    nationality.item = "reads";
    nationality.value = "es";
    Claim status = claim(ClaimKind::kAttribute);
    status.item = "status";
    status.value = rng() % 10 ? "none" : "lpr";
    Claim notice = claim(ClaimKind::kNotice);
    notice.valid = At(dep - 12 * 3600, TimePrecision::kHour, 3600);
    notice.language = "en";
    Claim counter = claim(ClaimKind::kCounterEvidence);
    counter.item = rng() % 20 ? "no_us_conviction" : "no_tattoo";
    for (Claim* c : {&book, &removal, &arrival, &designation, &evidence, &nationality, &status,
                     &notice, &counter}) {
      w.claims.push_back(*c);
    }
    Claim tenth = removal;  // 5%: another source contests the authority
    if (rng() % 20 == 0) {
      tenth.authority = removal.authority == "aea" ? "title8" : "aea";
      tenth.source.source = "bench_lawyers";
    } else {
      tenth = claim(ClaimKind::kHearing);
      tenth.valid = At(dep - 5 * 86400, TimePrecision::kDay, 86400);
    }
    w.claims.push_back(tenth);
    if (w.claims.size() >= 200000 || p == kPersons) {
      w.kind = TimelineWriteKind::kClaims;
      w.source = "bench";
      w.file_sha256 = "claims" + std::to_string(p);
      HABEAS_RETURN_IF_ERROR(store.WriteTimeline(w).status());
      w.claims.clear();
    }
  }
  return Status::Ok();
}

// One person (a linked record) with 1,000 claims of every kind over two years.
Status BuildBigPerson(Store& store) {
  SourceInfo source;
  source.name = "bench_list";
  source.kind = SourceKind::kOther;
  BatchInfo batch;
  batch.file_name = "big.csv";
  batch.file_sha256 = "big";
  batch.format = "csv";
  batch.encoding = "utf-8";
  batch.header_json = "[\"name\"]";
  HABEAS_ASSIGN_OR_RETURN(auto writer, store.BeginBatch(source, batch));
  RecordData r;
  r.source_record_id = "1";
  r.line = 2;
  r.end_line = 2;
  r.raw = "Bench Person";
  r.field(CanonicalField::kFullName) = "Bench Person";
  r.field(CanonicalField::kNationality) = "VE";
  HABEAS_RETURN_IF_ERROR(writer->AddRecord(r));
  batch.rows_read = batch.rows_imported = 1;
  HABEAS_RETURN_IF_ERROR(writer->Commit(batch));
  HABEAS_ASSIGN_OR_RETURN(auto info, store.GetBatch(writer->batch_id()));
  const int64_t record_id = info->first_record_id;
  HABEAS_ASSIGN_OR_RETURN(int64_t max_person, store.MaxPersonId());
  LinkageUpdate u;
  u.expected_max_person_id = max_person;
  PersonInfo p;
  p.id = max_person + 1;
  p.created_by = "bench";
  u.created_persons.push_back(p);
  u.assignments.push_back({record_id, p.id});
  HABEAS_RETURN_IF_ERROR(store.ApplyLinkage(u));
  TimelineWrite w;
  w.kind = TimelineWriteKind::kClaims;
  w.source = "bench_big";
  w.file_sha256 = "big";
  const ClaimKind kinds[] = {ClaimKind::kBookIn, ClaimKind::kTransfer, ClaimKind::kHearing,
                             ClaimKind::kEvidence, ClaimKind::kNotice, ClaimKind::kAttribute,
                             ClaimKind::kRemoval, ClaimKind::kArrival, ClaimKind::kRelease,
                             ClaimKind::kArrest};
  for (int i = 0; i < 1000; ++i) {
    Claim c;
    c.kind = kinds[i % 10];
    c.record_id = record_id;
    c.source.source = i % 3 ? "bench_a" : "bench_b";
    c.valid = At(kYear2025 - 730 * 86400 + i * 63000, TimePrecision::kMinute, 60);
    c.facility = i % 2 ? "BF" : "Other Facility " + std::to_string(i % 7);
    c.flight = "BenchAir " + std::to_string(1000 + i % kFlights);
    c.authority = i % 4 ? "aea" : "title8";
    c.item = i % 5 ? "tattoo" : "status";
    c.value = "none";
    w.claims.push_back(c);
  }
  return store.WriteTimeline(w).status();
}

std::string Orders() {
  std::string rules;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 100; ++i) {
    const int64_t issued = kYear2025 + static_cast<int64_t>(rng() % (360 * 86400));
    rules += "order o" + std::to_string(i) + " {\n  issued \"" + FormatUtcSeconds(issued) +
             "\"\n  effective for 14 days\n  scope class nationality = \"VE\" and "
             "in_custody at issued and not status in (\"usc\", \"lpr\") and designated under "
             "\"aea\"\n  forbids removal under \"aea\"\n" +
             (i % 10 == 0 ? "  requires notice at least 24 hours before removal\n" : "") + "}\n";
  }
  return rules;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "/tmp/habeas_timeline_bench.db";
  // `reuse`: time the commands on a store an earlier run built (profiling them alone).
  const bool reuse = argc > 2 && std::string(argv[2]) == "reuse" && std::filesystem::exists(path);
  if (!reuse) {
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
  }
  auto store = OpenSqliteStore(path);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().message().c_str()), 1;
  if (!reuse) {
    auto t0 = std::chrono::steady_clock::now();
    Status built = Build(**store);
    if (built.ok()) built = BuildBigPerson(**store);
    if (!built.ok()) return std::fprintf(stderr, "%s\n", built.message().c_str()), 1;
    std::printf("built 1,001,000 claims in %.2f s (%s)\n", Seconds(t0), path.c_str());
  }

  const bool show_only = argc > 2 && std::string(argv[2]) == "show";
  auto orders = ParseOrders(Orders(), "bench.rules");
  if (!orders.ok()) return std::fprintf(stderr, "%s\n", orders.status().message().c_str()), 1;
  auto t1 = std::chrono::steady_clock::now();
  const double cpu1 = CpuSeconds();
  const long faults1 = PageFaultsK();
  if (show_only) goto show;
  {
  auto context = LoadTimelineContext(**store);
  auto input = LoadOrderCheckInput(**store, *context, TimelineReading::kForOrderCheck);
  if (!input.ok()) return std::fprintf(stderr, "%s\n", input.status().message().c_str()), 1;
  const double load = Seconds(t1);
  const double cpu2 = CpuSeconds();
  const long faults2 = PageFaultsK();
  auto t2 = std::chrono::steady_clock::now();
  OrderCheckReport report = CheckOrders(*orders, *input);
  const double check = Seconds(t2);
  const double cpu3 = CpuSeconds();
  const long faults3 = PageFaultsK();
  int64_t violations = 0;
  for (const auto& f : report.findings) violations += f.verdict == Tri::kYes;
  std::printf("check orders: load %.2f s + check %.2f s = %.2f s; CPU %.2f s + %.2f s = %.2f s; "
              "page faults %ldk + %ldk "
              "(%zu persons, %lld removals, 100 orders, %zu findings, %lld violations)\n",
              load, check, load + check, cpu2 - cpu1, cpu3 - cpu2, cpu3 - cpu1,
              faults2 - faults1, faults3 - faults2,
              input->persons.size(),
              static_cast<long long>(report.removals_checked), report.findings.size(),
              static_cast<long long>(violations));
  // 3. As `check orders --json` does it: each finding formatted and written as found
  // (OrderReportJsonWriter's threads), here to /dev/null.
  std::ofstream null_output("/dev/null", std::ios::binary);
  auto t4 = std::chrono::steady_clock::now();
  const double cpu4 = CpuSeconds();
  OrderReportJsonWriter writer(null_output, *orders);
  const OrderCheckReport counts =
      CheckOrders(*orders, *input, [&](OrderFinding&& f) { writer.Add(std::move(f)); });
  writer.Finish(counts);
  std::printf("check orders --json as found, to /dev/null: %.2f s; CPU %.2f s (all threads)\n",
              Seconds(t4), CpuSeconds() - cpu4);
  }
show:

  auto max_person = (*store)->MaxPersonId();
  double best = 1e9, best_context = 1e9, best_load = 1e9, best_json = 1e9;
  size_t claims = 0;
  for (int i = 0; i < 20; ++i) {
    auto t3 = std::chrono::steady_clock::now();
    auto ctx = LoadTimelineContext(**store);
    const double c = Seconds(t3);
    auto t4 = std::chrono::steady_clock::now();
    auto tl = LoadPersonTimeline(**store, *ctx, *max_person);
    if (!tl.ok()) return std::fprintf(stderr, "%s\n", tl.status().message().c_str()), 1;
    const double l = Seconds(t4);
    auto t5 = std::chrono::steady_clock::now();
    const std::string json = PersonTimelineJson(*tl).dump();
    best_json = std::min(best_json, Seconds(t5));
    best_context = std::min(best_context, c);
    best_load = std::min(best_load, l);
    best = std::min(best, Seconds(t3));
    claims = tl->claims.size();
  }
  std::printf("show person (%zu claims): %.1f ms (best of 20; context %.1f, timeline %.1f, "
              "JSON %.1f)\n",
              claims, best * 1000, best_context * 1000, best_load * 1000, best_json * 1000);
  return 0;
}
