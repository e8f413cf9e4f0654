// Checking a record proof in process (docs/benchmarks.md "Ledger"): a record in a
// batch of 1M rows whose entry is one of 100,000, the largest case the targets name.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "habeas/ledger.h"

namespace habeas::ledger {
namespace {

std::string MakeProof() {
  RowEncoder row("records");
  row.Int(500000);
  row.Int(1);
  row.Int(1);
  row.Text("R500000");
  row.Int(500001);
  row.Int(500001);
  row.Blob("R500000,José Luis,Pérez Infante,1961-03-14,V-10500000");
  row.Text("{\"given_names\":\"José Luis\",\"surnames\":\"Pérez Infante\"}");
  row.Null();
  std::vector<Hash> rows(1000000);
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = LeafHash("row " + std::to_string(i));
  rows[499999] = LeafHash(row.bytes());
  Entry e;
  e.kind = EntryKind::kBatch;
  e.table = "batches";
  e.id = 1;
  e.first_record_id = 1;
  e.last_record_id = 1000000;
  e.record_count = 1000000;
  e.rows_root = MerkleRoot(rows);
  std::vector<Hash> log(100000);
  for (size_t i = 0; i < log.size(); ++i) log[i] = LeafHash("entry " + std::to_string(i));
  log[777] = LeafHash(e.Body());
  const std::string key_path = (std::filesystem::temp_directory_path() /
                                ("ledger-bench-key-" + std::to_string(::getpid())))
                                   .string();
  SigningKey key = *SigningKey::LoadOrCreate(key_path);
  std::remove(key_path.c_str());
  RecordProof p;
  p.table = "records";
  for (const char* c : {"id", "batch_id", "source_id", "source_record_id", "line", "end_line",
                        "raw", "fields", "notes"}) {
    p.columns.emplace_back(c, "");
  }
  p.row_encoding = row.bytes();
  p.row_index = 499999;
  p.row_count = rows.size();
  p.row_path = InclusionPath(rows, p.row_index);
  p.entry_body = e.Body();
  p.entry_index = 777;
  p.entry_path = InclusionPath(log, 777);
  p.head = *key.SignHead(log.size(), MerkleRoot(log), "2026-12-05T20:00:00Z");
  return RecordProofToJson(p);
}

void BM_VerifyRecordProof(benchmark::State& state) {
  static const std::string proof = MakeProof();
  for (auto _ : state) {
    Result<ProofCheck> check = VerifyRecordProofJson(proof, std::nullopt);
    if (!check.ok()) state.SkipWithError(check.status().message().c_str());
    benchmark::DoNotOptimize(check);
  }
  state.counters["proof_bytes"] = static_cast<double>(proof.size());
}
BENCHMARK(BM_VerifyRecordProof)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace habeas::ledger

BENCHMARK_MAIN();
