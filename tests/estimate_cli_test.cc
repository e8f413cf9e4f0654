// `habeas estimate` from a linked store, end to end: --where restricts the
// population to persons with an attribute or on lists whose scope defines it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "test_util.h"

namespace habeas {
namespace {

using testing::RunHabeas;
using testing::ScratchDir;

// A manifest of 30 removed persons (R1..R30) and an NGO list that has R1..R20 and
// R31..R35 at CECOT plus 10 persons held in Texas. Cédulas make the links certain.
void WriteLists(const std::filesystem::path& dir) {
  const char* given[] = {"José", "Luis", "Carlos", "Pedro", "Juan", "Andrés"};
  const char* surnames[] = {"Pérez", "González", "Rodríguez", "Hernández", "Martínez"};
  auto name = [&](int i) {
    return std::string(given[i % 6]) + "," + surnames[i % 5] + " " + surnames[(i / 5) % 5];
  };
  std::ofstream manifest(dir / "manifest.csv");
  manifest << "id,nombres,apellidos,cedula\n";
  for (int i = 1; i <= 30; ++i) {
    manifest << "M" << i << "," << name(i) << ",V-" << 20000000 + i << "\n";
  }
  std::ofstream ngo(dir / "ngo.csv");
  ngo << "id,nombres,apellidos,cedula,centro\n";
  for (int i = 1; i <= 35; ++i) {
    if (i > 20 && i <= 30) continue;
    ngo << "N" << i << "," << name(i) << ",V-" << 20000000 + i << ",CECOT Tecoluca\n";
  }
  for (int i = 1; i <= 10; ++i) {
    ngo << "T" << i << "," << name(100 + i) << ",V-" << 30000000 + i
        << ",El Valle Detention Facility\n";
  }
  std::ofstream(dir / "manifest.toml") << R"([source]
name = "manifest"
kind = "government"
record_id = "id"
[fields]
given_names = "nombres"
surnames = "apellidos"
national_id = "cedula"
)";
  std::ofstream(dir / "ngo.toml") << R"([source]
name = "ngo"
kind = "ngo"
record_id = "id"
[fields]
given_names = "nombres"
surnames = "apellidos"
national_id = "cedula"
facility = "centro"
)";
}

int Observed(const std::string& json_text) {
  const nlohmann::json report = nlohmann::json::parse(json_text);
  const nlohmann::json& total = report.contains("total") ? report["total"] : report;
  return total.at("observed").get<int>();
}

TEST(EstimateCliTest, WhereRestrictsThePopulation) {
  ScratchDir dir("estimate_cli");
  WriteLists(dir.path());
  for (const char* list : {"manifest", "ngo"}) {
    const testing::CommandResult r =
        RunHabeas({"--db", "t.db", "--quiet", "import", std::string(list) + ".csv", "--mapping",
                   std::string(list) + ".toml"},
                  dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const testing::CommandResult link = RunHabeas({"--db", "t.db", "--quiet", "link"}, dir.path());
  ASSERT_EQ(link.exit_code, 0) << link.err;

  const testing::CommandResult all =
      RunHabeas({"--db", "t.db", "--json", "estimate", "--seed", "1"}, dir.path());
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(Observed(all.out), 45);

  // The removed: everyone on the manifest, or recorded at CECOT.
  const testing::CommandResult removed =
      RunHabeas({"--db", "t.db", "--json", "estimate", "--seed", "1", "--where", "source=manifest",
                 "--where", "facility~cecot"},
                dir.path());
  ASSERT_EQ(removed.exit_code, 0) << removed.err << removed.out;
  EXPECT_EQ(Observed(removed.out), 35);

  const testing::CommandResult bad =
      RunHabeas({"--db", "t.db", "estimate", "--where", "facility"}, dir.path());
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("facility"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace habeas
