// A fresh store in a temporary directory and imports into it, for the ingest tests
// that read imported records back (source_columns_test, unparsed_fields_test).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/scratch_dir.h"
#include "habeas/byte_source.h"
#include "habeas/ingest.h"
#include "habeas/store.h"

namespace habeas {

class ImportFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = OpenSqliteStore(dir_.Path("t.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
  }
  std::string Write(const std::string& name, const std::string& content) {
    return dir_.Write(name, content);
  }
  // Imports `content` as the file `name` (its extension chooses the format).
  ImportSummary Import(const std::string& name, const std::string& content,
                       const std::string& mapping) {
    StringSource source(content, name);
    ImportOptions o;
    o.file = name;
    o.mapping_file = Write(name + ".toml", mapping);
    Result<ImportSummary> s = ImportFile(*store_, source, o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : ImportSummary{};
  }
  std::vector<RecordData> Records(RecordFilter filter = {}) {
    std::vector<RecordData> out;
    EXPECT_TRUE(store_
                    ->ForEachRecord(filter,
                                    [&](const RecordData& r) {
                                      out.push_back(r);
                                      return true;
                                    })
                    .ok());
    return out;
  }
  BatchInfo Batch(int64_t id) {
    auto b = store_->GetBatch(id);
    EXPECT_TRUE(b.ok() && b->has_value());
    return b.ok() && b->has_value() ? **b : BatchInfo{};
  }

  ScratchDir dir_{"ingest"};
  std::unique_ptr<Store> store_;  // destroyed before dir_
};

// A mapping of source `name` reading columns id, nombre and nacimiento.
inline std::string MappingFor(const std::string& name) {
  return "[source]\nname = \"" + name +
         "\"\nkind = \"family\"\nrecord_id = \"id\"\n[fields]\nfull_name = \"nombre\"\n"
         "birth_date = \"nacimiento\"\n";
}

}  // namespace habeas
