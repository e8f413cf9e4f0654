#include "ingest/pipelined_writer.h"

namespace habeas::ingest {

PipelinedWriter::PipelinedWriter(BatchWriter* writer) : writer_(writer) {
  for (int i = 0; i < kChunks; ++i) {
    storage_.push_back(std::make_unique<Chunk>());
    storage_.back()->records.resize(kChunkRows);
    free_.push_back(storage_.back().get());
  }
  filling_ = free_.front();
  free_.pop_front();
  thread_ = std::thread([this] { Run(); });
}

PipelinedWriter::~PipelinedWriter() { (void)Finish(); }

Status PipelinedWriter::Accept() {
  if (++filling_->used == kChunkRows) return HandOver();
  return Status::Ok();
}

Status PipelinedWriter::Reject(RejectedRow row) {
  filling_->rejected.push_back(std::move(row));
  if (filling_->rejected.size() >= kChunkRows) return HandOver();
  return Status::Ok();
}

Status PipelinedWriter::HandOver() {
  std::unique_lock lock(mu_);
  full_.push_back(filling_);
  cv_.notify_all();
  cv_.wait(lock, [this] { return !free_.empty() || !error_.ok(); });
  if (!error_.ok()) {
    filling_ = nullptr;
    return error_;
  }
  filling_ = free_.front();
  free_.pop_front();
  return Status::Ok();
}

Status PipelinedWriter::Finish() {
  {
    std::unique_lock lock(mu_);
    if (finished_) return error_;
    finished_ = true;
    if (filling_ != nullptr && (filling_->used > 0 || !filling_->rejected.empty())) {
      full_.push_back(filling_);
    }
    filling_ = nullptr;
    closing_ = true;
    cv_.notify_all();
  }
  thread_.join();
  return error_;
}

void PipelinedWriter::Run() {
  for (;;) {
    Chunk* chunk = nullptr;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return !full_.empty() || closing_; });
      if (full_.empty()) return;
      chunk = full_.front();
      full_.pop_front();
    }
    Status s;
    for (size_t i = 0; i < chunk->used && s.ok(); ++i) s = writer_->AddRecord(chunk->records[i]);
    for (size_t i = 0; i < chunk->rejected.size() && s.ok(); ++i) {
      s = writer_->AddRejected(chunk->rejected[i]);
    }
    chunk->used = 0;
    chunk->rejected.clear();
    std::unique_lock lock(mu_);
    if (!s.ok() && error_.ok()) error_ = s;
    free_.push_back(chunk);
    cv_.notify_all();
    if (!error_.ok()) return;
  }
}

}  // namespace habeas::ingest
