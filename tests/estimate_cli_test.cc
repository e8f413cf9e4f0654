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
// NAME.toml for a CSV with columns id, nombres, apellidos, cedula (+ `extra` fields).
void WriteMapping(const std::filesystem::path& dir, const std::string& name,
                  const std::string& kind, const std::string& extra = "") {
  std::ofstream(dir / (name + ".toml"))
      << "[source]\nname = \"" << name << "\"\nkind = \"" << kind
      << "\"\nrecord_id = \"id\"\n[fields]\ngiven_names = \"nombres\"\n"
         "surnames = \"apellidos\"\nnational_id = \"cedula\"\n"
      << extra;
}

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
  WriteMapping(dir, "manifest", "government");
  WriteMapping(dir, "ngo", "ngo", "facility = \"centro\"\n");
}

// Imports each LIST.csv with LIST.toml into t.db and links the store.
void ImportAndLink(const std::filesystem::path& dir, std::initializer_list<const char*> lists) {
  for (const char* list : lists) {
    const testing::CommandResult r =
        RunHabeas({"--db", "t.db", "--quiet", "import", std::string(list) + ".csv", "--mapping",
                   std::string(list) + ".toml"},
                  dir);
    ASSERT_EQ(r.exit_code, 0) << list << ": " << r.err;
  }
  const testing::CommandResult link = RunHabeas({"--db", "t.db", "--quiet", "link"}, dir);
  ASSERT_EQ(link.exit_code, 0) << link.err;
}

// The message of the report's warning `code`, "" when it did not fire.
std::string WarningOf(const std::string& json_text, const std::string& code) {
  const nlohmann::json report = nlohmann::json::parse(json_text);
  for (const auto& w : report["warnings"]) {
    if (w["code"] == code) return w["message"].get<std::string>();
  }
  return std::string();
}

int Observed(const std::string& json_text) {
  const nlohmann::json report = nlohmann::json::parse(json_text);
  const nlohmann::json& total = report.contains("total") ? report["total"] : report;
  return total.at("observed").get<int>();
}

TEST(EstimateCliTest, WhereRestrictsThePopulation) {
  ScratchDir dir("estimate_cli");
  WriteLists(dir.path());
  ASSERT_NO_FATAL_FAILURE(ImportAndLink(dir.path(), {"manifest", "ngo"}));

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

  // Linkage draws: the linker's linkage alone has no `linkage` summary; the draws
  // never change which records exist, and a draw count out of range is refused.
  const testing::CommandResult fixed = RunHabeas(
      {"--db", "t.db", "--json", "estimate", "--seed", "1", "--linkage-draws", "0"}, dir.path());
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_FALSE(nlohmann::json::parse(fixed.out).contains("linkage"));
  EXPECT_EQ(Observed(fixed.out), 45);
  const nlohmann::json drawn = nlohmann::json::parse(all.out);
  if (drawn.contains("linkage")) {  // only when the link left doubtful pairs
    EXPECT_EQ(drawn["linkage"]["observed_fixed"], 45);
    EXPECT_EQ(drawn["linkage"]["draws"], 10);
  }
  const testing::CommandResult too_many =
      RunHabeas({"--db", "t.db", "estimate", "--linkage-draws", "1001"}, dir.path());
  EXPECT_EQ(too_many.exit_code, 2) << too_many.err;  // a usage error naming the range
  EXPECT_NE(too_many.err.find("--linkage-draws"), std::string::npos) << too_many.err;
}

// Initials-only court captions without an identifier that the other lists carry cannot
// be linked: by default they are left out of the capture histories and the report says
// how many; kept (--unlinkable keep) each is a person of its own and the report warns;
// with the list left out neither is said. An A-number links a caption to no one here
// (neither the manifest nor the NGO list records A-numbers); a cédula, which both
// record, does.
TEST(EstimateCliTest, UnlinkableRecordsAreNamed) {
  ScratchDir dir("estimate_cli_thin");
  WriteLists(dir.path());
  std::ofstream court(dir.path() / "court.csv");
  court << "id,nombres,apellidos,cedula,anumero\n";
  for (int i = 1; i <= 8; ++i) court << "C" << i << ",J.,P. G.,,\n";
  court << "C9,José,Pérez Pérez,V-20000001,\n";
  court << "C10,J.,P. G.,,A-200000010\n";
  court << "C11,C.,R. P.,V-20000002,\n";  // linkable: R2 is Carlos Rodríguez Pérez
  court.close();
  WriteMapping(dir.path(), "court", "court", "a_number = \"anumero\"\n");
  ASSERT_NO_FATAL_FAILURE(ImportAndLink(dir.path(), {"manifest", "ngo", "court"}));
  const testing::CommandResult dropped =
      RunHabeas({"--db", "t.db", "--json", "estimate", "--method", "loglinear"}, dir.path());
  ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_NE(WarningOf(dropped.out, "unlinkable_records_left_out").find("court 9 of 11"),
            std::string::npos)
      << dropped.out;
  EXPECT_EQ(WarningOf(dropped.out, "unlinkable_records"), "") << dropped.out;

  const testing::CommandResult kept = RunHabeas(
      {"--db", "t.db", "--json", "estimate", "--method", "loglinear", "--unlinkable", "keep"},
      dir.path());
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_NE(WarningOf(kept.out, "unlinkable_records").find("court 9 of 11"), std::string::npos)
      << kept.out;
  // The nine captions were persons of their own, seen on the court list only; the
  // caption with a cédula is counted in both.
  EXPECT_EQ(Observed(kept.out) - Observed(dropped.out), 9);

  const testing::CommandResult without =
      RunHabeas({"--db", "t.db", "--json", "estimate", "--method", "loglinear", "--drop", "court"},
                dir.path());
  ASSERT_EQ(without.exit_code, 0) << without.err;
  EXPECT_EQ(WarningOf(without.out, "unlinkable_records"), "") << without.out;
  EXPECT_EQ(WarningOf(without.out, "unlinkable_records_left_out"), "") << without.out;

  const testing::CommandResult bad =
      RunHabeas({"--db", "t.db", "estimate", "--unlinkable", "ignore"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2) << bad.err;  // a word not among the option's: usage
  EXPECT_NE(bad.err.find("--unlinkable"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("drop, keep"), std::string::npos) << bad.err;
}

// A leak whose persons are nearly all on a government list, estimated apart from it,
// is named: if it was copied from that list, it must be merged with it.
TEST(EstimateCliTest, ALeakWithinAGovernmentListIsNamedUntilMerged) {
  ScratchDir dir("estimate_cli_leak_within");
  WriteLists(dir.path());
  const char* given[] = {"José", "Luis", "Carlos", "Pedro", "Juan", "Andrés"};
  const char* surnames[] = {"Pérez", "González", "Rodríguez", "Hernández", "Martínez"};
  std::ofstream leak(dir.path() / "leak.csv");
  leak << "id,nombres,apellidos,cedula\n";
  for (int i = 1; i <= 24; ++i) {  // manifest rows 1-24, copied
    leak << "L" << i << "," << given[i % 6] << "," << surnames[i % 5] << " "
         << surnames[(i / 5) % 5] << ",V-" << 20000000 + i << "\n";
  }
  leak.close();
  WriteMapping(dir.path(), "leak", "leak");
  ASSERT_NO_FATAL_FAILURE(ImportAndLink(dir.path(), {"manifest", "ngo", "leak"}));
  const testing::CommandResult apart =
      RunHabeas({"--db", "t.db", "--json", "estimate", "--method", "loglinear"}, dir.path());
  ASSERT_EQ(apart.exit_code, 0) << apart.err;
  const std::string warning = WarningOf(apart.out, "leak_not_merged");
  EXPECT_NE(warning.find("leak (a leak): 100% of its 24 persons are also on manifest"),
            std::string::npos)
      << apart.out;
  EXPECT_NE(warning.find("--merge \"manifest+leak\""), std::string::npos) << warning;
  const testing::CommandResult merged = RunHabeas(
      {"--db", "t.db", "--json", "estimate", "--method", "loglinear", "--merge", "manifest+leak"},
      dir.path());
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(WarningOf(merged.out, "leak_not_merged"), "");
  // Declared dependent, the pair is the user's decision too. (No log-linear model with
  // the forced interaction is estimable for an exact subset: the latent-class model.)
  const testing::CommandResult declared =
      RunHabeas({"--db", "t.db", "--json", "estimate", "--method", "lcmcr", "--dependent",
                 "leak:manifest", "--iterations", "2000", "--burn-in", "200", "--min-ess", "0"},
                dir.path());
  ASSERT_EQ(declared.exit_code, 0) << declared.err;
  EXPECT_EQ(WarningOf(declared.out, "leak_not_merged"), "");
}

// A name with neither a birth date to the month nor an identifier links by chance
// among namesakes: left out like a thin name, and named apart in the warning. An age
// is a year give or take one: no more than a year.
// (Which identifiers rescue it: IdentifierLinks, in estimate_test.)
TEST(EstimateCliTest, NamesWithNothingMoreAreLeftOut) {
  ScratchDir dir("estimate_cli_name_only");
  WriteLists(dir.path());
  std::ofstream family(dir.path() / "family.csv");
  family << "id,nombres,apellidos,cedula,nacimiento,edad\n";
  family << "F1,Ramiro,Zambrano Quintero,,,\n";         // a name only: left out
  family << "F2,Wilmer,Urdaneta Colina,,1990,\n";       // a year adds nothing: left out
  family << "F3,Carlos,Rodríguez Pérez,,1990-05,\n";    // dated to the month: counted
  family << "F4,Pedro,Hernández Pérez,V-20000003,,\n";  // an identifier: counted
  family << "F5,Yonaiker,Guaramato Chourio,,,34\n";     // an age: left out
  family.close();
  WriteMapping(
      dir.path(), "family", "family",
      "birth_date = \"nacimiento\"\nage = \"edad\"\n[formats]\nbirth_date = \"YYYY-MM\"\n");
  ASSERT_NO_FATAL_FAILURE(ImportAndLink(dir.path(), {"manifest", "ngo", "family"}));
  const testing::CommandResult dropped =
      RunHabeas({"--db", "t.db", "--json", "estimate", "--method", "loglinear"}, dir.path());
  ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_NE(WarningOf(dropped.out, "unlinkable_records_left_out")
                .find("family 3 of 5; 3 with a name only"),
            std::string::npos)
      << dropped.out;
  const testing::CommandResult kept = RunHabeas(
      {"--db", "t.db", "--json", "estimate", "--method", "loglinear", "--unlinkable", "keep"},
      dir.path());
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  // Kept, the three are persons of their own (no one else has their names).
  EXPECT_EQ(Observed(kept.out) - Observed(dropped.out), 3);

  // A list whose every record is left out: --drop of it is already done; --sources
  // cannot use it.
  std::ofstream rumors(dir.path() / "rumors.csv");
  rumors << "id,nombres,apellidos,cedula\nR1,Ramiro,Zambrano Quintero,\nR2,Tomás,Ugas Mora,\n";
  rumors.close();
  WriteMapping(dir.path(), "rumors", "media");
  ASSERT_NO_FATAL_FAILURE(ImportAndLink(dir.path(), {"rumors"}));
  const testing::CommandResult without_rumors =
      RunHabeas({"--db", "t.db", "--json", "estimate", "--method", "loglinear", "--drop", "rumors"},
                dir.path());
  EXPECT_EQ(without_rumors.exit_code, 0) << without_rumors.out;
  const testing::CommandResult only_rumors =
      RunHabeas({"--db", "t.db", "estimate", "--sources", "rumors,manifest"}, dir.path());
  EXPECT_EQ(only_rumors.exit_code, 3);
  EXPECT_NE(only_rumors.err.find("every record of rumors is too weak to link"), std::string::npos)
      << only_rumors.err;
}

// --table with --unrecorded: the cells made only of that list are unobservable. The
// log-linear models are fitted without it (and say so); a list the table does not
// have, or persons in such a cell, are refused.
TEST(EstimateCliTest, UnrecordedListInATable) {
  ScratchDir dir("estimate_cli_unrecorded");
  {
    std::ofstream t(dir.path() / "t.csv");
    t << "A,B,C,D,count\n"
         "1,0,0,0,300\n0,1,0,0,250\n1,1,0,0,120\n0,0,1,0,200\n1,0,1,0,90\n"
         "0,1,1,0,70\n1,1,1,0,40\n1,0,0,1,60\n0,1,0,1,50\n1,1,0,1,30\n"
         "0,0,1,1,45\n1,0,1,1,20\n0,1,1,1,15\n1,1,1,1,10\n";  // no "D only" row
  }
  const testing::CommandResult r = RunHabeas(
      {"--json", "estimate", "--table", "t.csv", "--unrecorded", "D", "--method", "loglinear"},
      dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(WarningOf(r.out, "unrecorded_list_left_out").find("D never records"), std::string::npos)
      << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["models_examined"], 8);  // the 3 lists A, B, C
  const testing::CommandResult unknown =
      RunHabeas({"estimate", "--table", "t.csv", "--unrecorded", "E"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 3) << unknown.err;
  EXPECT_NE(unknown.err.find("--unrecorded E"), std::string::npos) << unknown.err;
  {
    std::ofstream t(dir.path() / "t.csv", std::ios::app);
    t << "0,0,0,1,5\n";
  }
  const testing::CommandResult filled = RunHabeas(
      {"estimate", "--table", "t.csv", "--unrecorded", "D", "--method", "lcmcr"}, dir.path());
  EXPECT_EQ(filled.exit_code, 3) << filled.err;
  EXPECT_NE(filled.err.find("must be empty"), std::string::npos) << filled.err;
}

}  // namespace
}  // namespace habeas
