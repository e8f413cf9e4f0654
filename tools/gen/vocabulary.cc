#include "vocabulary.h"

#include <utility>

#include "text.h"

#ifdef HABEAS_GEN_HAS_NICKNAMES_TSV
namespace habeas::embedded {
extern const std::string_view GenNicknamesTsv;
}  // namespace habeas::embedded
#endif

namespace habeas::gen {
namespace {

struct WeightedText {
  const char* text;
  double weight;
};

// Male given-name items with rough relative frequencies among Venezuelan men born
// 1965-2011, including compound names and the invented/anglicised forms typical of
// Venezuela (Yorbis, Yonaiker, Wuilmer, Jhonny, Deivis, Keiner ...).
constexpr WeightedText kMaleGiven[] = {
    {"José", 10},
    {"Luis", 8},
    {"Carlos", 7},
    {"Jesús", 6},
    {"Juan", 6},
    {"Ángel", 4},
    {"Miguel", 4},
    {"Pedro", 3},
    {"Jorge", 3},
    {"Antonio", 3},
    {"Francisco", 3},
    {"Manuel", 3},
    {"Rafael", 3},
    {"Alejandro", 3},
    {"Daniel", 3},
    {"Gabriel", 2},
    {"David", 2},
    {"Eduardo", 2},
    {"Víctor", 2},
    {"Ricardo", 2},
    {"Alberto", 2},
    {"Javier", 2},
    {"Andrés", 2},
    {"Gregorio", 1.5},
    {"Ramón", 1.5},
    {"Enrique", 1},
    {"Fernando", 1},
    {"Félix", 1},
    {"Óscar", 1},
    {"Orlando", 1},
    {"Richard", 1.5},
    {"Jonathan", 1.5},
    {"Jhonny", 1},
    {"Johan", 1.5},
    {"Yorbis", 0.6},
    {"Yonaiker", 0.5},
    {"Wuilmer", 0.5},
    {"Deivis", 0.6},
    {"Keiner", 0.6},
    {"Yeferson", 0.8},
    {"Yohandry", 0.4},
    {"Wilmer", 1},
    {"Jhon", 0.8},
    {"Kelvin", 1},
    {"Anderson", 1},
    {"Darwin", 0.8},
    {"Eduar", 0.5},
    {"Yordan", 0.6},
    {"Yeison", 0.6},
    {"Yorman", 0.5},
    {"Jhonatan", 0.8},
    {"Maikel", 0.8},
    {"Leonel", 0.6},
    {"Nelson", 1},
    {"Wilfredo", 0.6},
    {"Omar", 0.8},
    {"Edgar", 0.8},
    {"Henry", 0.8},
    {"Franklin", 0.8},
    {"Alexander", 1.5},
    {"Ronald", 0.8},
    {"Yoel", 0.6},
    {"Yonder", 0.4},
    {"Ender", 0.6},
    {"Gleiber", 0.4},
    {"Dixon", 0.4},
    {"Arturo", 1},
    {"Gustavo", 1},
    {"Armando", 1},
    {"Héctor", 1},
    {"Rubén", 0.8},
    {"Samuel", 1},
    {"Diego", 1},
    {"Ignacio", 0.5},
    {"Guillermo", 0.8},
    {"Roberto", 1},
    {"Mario", 1},
    {"Ernesto", 0.6},
    {"Sergio", 0.8},
    {"Julio", 1},
    {"César", 1},
    {"Hugo", 0.6},
    {"Simón", 0.6},
    {"Wuilfredo", 0.3},
    {"Yoswal", 0.2},
    {"Frainer", 0.3},
    {"Jeanpier", 0.3},
    {"Eliécer", 0.4},
    {"José Luis", 2.5},
    {"José Gregorio", 2},
    {"Luis Alberto", 1.2},
    {"Juan Carlos", 1.5},
    {"José Ángel", 1},
    {"Jesús Alberto", 0.8},
    {"Miguel Ángel", 1},
    {"Juan José", 0.8},
    {"Carlos Eduardo", 0.8},
    {"Luis Enrique", 0.6},
    {"José Manuel", 0.8},
    {"Jean Carlos", 1},
    {"José de Jesús", 0.3},
    {"Jhon Freddy", 0.3},
};

constexpr WeightedText kFemaleGiven[] = {
    {"María", 10},
    {"Ana", 3},
    {"Carmen", 2},
    {"Yusmary", 0.6},
    {"Yusleidy", 0.5},
    {"Yenny", 0.6},
    {"Yelitza", 0.6},
    {"Yuleisy", 0.4},
    {"Daniela", 2},
    {"Andrea", 2},
    {"Gabriela", 2},
    {"Alejandra", 2},
    {"Mariana", 1.5},
    {"Valentina", 1.5},
    {"Luisa", 1},
    {"Rosa", 1.5},
    {"Yolanda", 0.8},
    {"Marisol", 0.8},
    {"Dayana", 1},
    {"Génesis", 1},
    {"Yorleidis", 0.3},
    {"Keila", 0.4},
    {"Oriana", 0.8},
    {"Nathaly", 0.8},
    {"Yuliana", 0.8},
    {"Milagros", 1},
    {"Yaritza", 0.6},
    {"Jennifer", 0.8},
    {"Johana", 0.8},
    {"Katherine", 0.8},
    {"Isabel", 1},
    {"Josefina", 0.5},
    {"Lucía", 0.8},
    {"Beatriz", 0.6},
    {"Graciela", 0.5},
    {"Guadalupe", 0.4},
    {"Teresa", 0.8},
    {"Yolimar", 0.4},
    {"Mariangel", 0.5},
    {"Ángela", 0.8},
    {"Elena", 0.6},
    {"Patricia", 0.8},
    {"Paola", 0.8},
    {"Sofía", 0.6},
    {"María de los Ángeles", 1},
    {"María José", 1.5},
    {"María Alejandra", 1.5},
    {"María Gabriela", 1},
    {"María del Carmen", 0.8},
    {"María Fernanda", 1},
    {"Ana Karina", 0.5},
    {"Luz Marina", 0.4},
};

// Surnames in rough descending Venezuelan frequency; the weight is assigned by rank.
// Particle and Portuguese-Venezuelan surnames are spread through the list.
constexpr const char* kSurnames[] = {
    "González",   "Rodríguez",  "Pérez",     "Hernández",     "García",    "Martínez",
    "López",      "Díaz",       "Sánchez",   "Ramírez",       "Torres",    "Rojas",
    "Gómez",      "Flores",     "Morales",   "Romero",        "Suárez",    "Castillo",
    "Gutiérrez",  "Medina",     "Rivas",     "Mendoza",       "Guerrero",  "Álvarez",
    "Blanco",     "Moreno",     "Herrera",   "Ramos",         "Marcano",   "Contreras",
    "Silva",      "Fernández",  "Vásquez",   "Chacón",        "Jiménez",   "Castro",
    "Bolívar",    "Mora",       "Aguilar",   "Salazar",       "Méndez",    "Peña",
    "Parra",      "Acosta",     "Molina",    "Márquez",       "Marín",     "Ruiz",
    "De La Cruz", "Colmenares", "Briceño",   "Villegas",      "Escalona",  "Ortiz",
    "Delgado",    "Navarro",    "Rangel",    "Quintero",      "Cordero",   "Figueroa",
    "Del Valle",  "Montilla",   "Gil",       "Paredes",       "Carrillo",  "Palacios",
    "Sosa",       "Zambrano",   "Linares",   "Hidalgo",       "Núñez",     "Lugo",
    "Barrios",    "Pacheco",    "Ochoa",     "Arias",         "Vargas",    "Cabrera",
    "Velásquez",  "Camacho",    "Ávila",     "León",          "Tovar",     "Urbina",
    "Salas",      "Mejías",     "Guzmán",    "Toro",          "Reyes",     "Peraza",
    "Rondón",     "Cedeño",     "Lozada",    "De Freitas",    "Bastidas",  "Carrasco",
    "Infante",    "Istúriz",    "Arteaga",   "Alvarado",      "Sequera",   "Pineda",
    "Lara",       "Mújica",     "Aponte",    "Betancourt",    "Carreño",   "Perdomo",
    "Zerpa",      "Solórzano",  "Caldera",   "Yépez",         "Zapata",    "Graterol",
    "Pirela",     "Oropeza",    "De Sousa",  "Villalobos",    "Chirinos",  "Useche",
    "Añez",       "Ibarra",     "Montes",    "Echeverría",    "Noguera",   "Rosales",
    "Sandoval",   "Hurtado",    "Nava",      "Petit",         "Urdaneta",  "De Jesús",
    "Piñango",    "Guanipa",    "Quevedo",   "Mogollón",      "Arrieta",   "Lobo",
    "Duarte",     "Altuve",     "Guevara",   "Cova",          "Patiño",    "Millán",
    "Brito",      "Heredia",    "Azuaje",    "Goitía",        "Valera",    "Garcés",
    "De Abreu",   "Villamizar", "Lanz",      "Querales",      "Yánez",     "Bracho",
    "Finol",      "Atencio",    "Fuenmayor", "Machado",       "Da Silva",  "Sulbarán",
    "Uzcátegui",  "De La O",    "Ugueto",    "Zárraga",       "Cañizales", "Guaramato",
    "Tirado",     "Chourio",    "Ynfante",   "Maldonado",     "Goncalves", "Arocha",
    "Bermúdez",   "Ledezma",    "Colina",    "De Los Santos", "Ojeda",     "Timaure",
    "Guillén",    "Barreto",    "Lucena",
};

struct StateData {
  const char* name;
  double weight;
  std::initializer_list<const char*> cities;
};

const StateData kStates[] = {
    {"Zulia", 13, {"Maracaibo", "Cabimas", "San Francisco", "Ciudad Ojeda", "Machiques"}},
    {"Miranda",
     10,
     {"Los Teques", "Petare", "Guarenas", "Guatire", "Charallave", "Ocumare del Tuy"}},
    {"Carabobo", 8, {"Valencia", "Puerto Cabello", "Guacara", "Los Guayos", "Tocuyito"}},
    {"Distrito Capital", 7, {"Caracas"}},
    {"Lara", 7, {"Barquisimeto", "Carora", "Cabudare", "El Tocuyo"}},
    {"Aragua", 6, {"Maracay", "Turmero", "La Victoria", "Cagua", "Villa de Cura"}},
    {"Anzoátegui", 5, {"Barcelona", "Puerto La Cruz", "El Tigre", "Anaco", "Lechería"}},
    {"Bolívar", 5, {"Ciudad Guayana", "Ciudad Bolívar", "Upata", "El Callao"}},
    {"Táchira", 4, {"San Cristóbal", "San Antonio del Táchira", "Rubio", "Táriba"}},
    {"Sucre", 3.5, {"Cumaná", "Carúpano", "Güiria"}},
    {"Falcón", 3, {"Coro", "Punto Fijo", "Tucacas"}},
    {"Mérida", 3, {"Mérida", "El Vigía", "Ejido"}},
    {"Monagas", 3, {"Maturín", "Punta de Mata", "Caripito"}},
    {"Barinas", 3, {"Barinas", "Socopó", "Santa Bárbara"}},
    {"Portuguesa", 3, {"Acarigua", "Guanare", "Araure"}},
    {"Guárico", 2.5, {"San Juan de los Morros", "Calabozo", "Valle de la Pascua"}},
    {"Trujillo", 2.5, {"Valera", "Trujillo", "Boconó"}},
    {"Yaracuy", 2, {"San Felipe", "Yaritagua", "Chivacoa"}},
    {"Apure", 1.6, {"San Fernando de Apure", "Guasdualito"}},
    {"Nueva Esparta", 1.6, {"Porlamar", "La Asunción", "Juan Griego"}},
    {"Cojedes", 1, {"San Carlos", "Tinaquillo"}},
    {"La Guaira", 1, {"La Guaira", "Catia La Mar", "Maiquetía"}},
    {"Amazonas", 0.5, {"Puerto Ayacucho"}},
    {"Delta Amacuro", 0.5, {"Tucupita"}},
};

constexpr const char* kStreets[] = {
    "Calle 5",
    "Calle 10",
    "Calle 23",
    "Calle Bolívar",
    "Calle Sucre",
    "Calle Miranda",
    "Calle Principal",
    "Calle Comercio",
    "Calle Páez",
    "Calle Urdaneta",
    "Avenida Bolívar",
    "Avenida Las Delicias",
    "Avenida Libertador",
    "Avenida 4",
    "Avenida Universidad",
    "Carrera 19",
    "Carrera 7",
    "Vereda 12",
    "Callejón Los Mangos",
    "Transversal 3",
};

constexpr const char* kSectors[] = {
    "Barrio San Agustín",
    "Barrio El Carmen",
    "Sector La Pastora",
    "Urbanización Los Jardines",
    "Barrio Unión",
    "Sector Las Flores",
    "Barrio José Félix Ribas",
    "Urbanización La Isabelica",
    "Sector El Milagro",
    "Barrio 23 de Enero",
    "Sector Santa Rosa",
    "Barrio La Vega",
    "Urbanización Guaparo",
    "Sector Los Samanes",
    "Barrio Bolívar",
    "Sector San José",
    "Barrio La Cruz",
    "Urbanización El Valle",
    "Sector Brisas del Lago",
    "Barrio Cementerio",
};

struct FacilityData {
  const char* name;
  const char* place;
  double weight;
};

const FacilityData kUsFacilities[] = {
    {"El Valle Detention Facility", "Raymondville, TX", 0.25},
    {"Bluebonnet Detention Facility", "Anson, TX", 0.25},
    {"Port Isabel Detention Center", "Los Fresnos, TX", 0.15},
    {"Prairieland Detention Center", "Alvarado, TX", 0.15},
    {"Otero County Processing Center", "Chaparral, NM", 0.10},
    {"Krome North Service Processing Center", "Miami, FL", 0.05},
    {"Stewart Detention Center", "Lumpkin, GA", 0.05},
};

// Used when data/names/nicknames.tsv was not available at build time.
constexpr std::string_view kFallbackNicknames =
    "chuy\tjesús\tm\nchucho\tjesús\tm\npepe\tjosé\tm\ncheo\tjosé\tm\nchepe\tjosé\tm\n"
    "pancho\tfrancisco\tm\npaco\tfrancisco\tm\nmanolo\tmanuel\tm\nnacho\tignacio\tm\n"
    "beto\talberto\tm\nbeto\troberto\tm\nlucho\tluis\tm\ntoño\tantonio\tm\ngoyo\tgregorio\tm\n"
    "kike\tenrique\tm\nmemo\tguillermo\tm\nlalo\teduardo\tm\nrafa\trafael\tm\n"
    "juancho\tjuan\tm\nrichi\tricardo\tm\nmaite\tmaría teresa\tf\nmary\tmaría\tf\n"
    "yoli\tyolanda\tf\nmajo\tmaría josé\tf\nmaryeli\tmaría\tf\nlupe\tguadalupe\tf\n";

double SurnameWeight(size_t rank) {
  // Zipf-like: weight 1/(rank + 2.5), with a heavier head as in real name data.
  return 1000.0 / (static_cast<double>(rank) + 2.5);
}

}  // namespace

const Vocabulary& Vocabulary::Get() {
  static const Vocabulary* const instance = new Vocabulary();
  return *instance;
}

Vocabulary::Vocabulary() {
  std::vector<double> weights;
  for (const auto& item : kMaleGiven) {
    given_[0].emplace_back(item.text);
    weights.push_back(item.weight);
  }
  given_table_[0] = WeightedIndex(weights);
  weights.clear();
  for (const auto& item : kFemaleGiven) {
    given_[1].emplace_back(item.text);
    weights.push_back(item.weight);
  }
  given_table_[1] = WeightedIndex(weights);
  weights.clear();
  for (size_t rank = 0; rank < std::size(kSurnames); ++rank) {
    surnames_.emplace_back(kSurnames[rank]);
    weights.push_back(SurnameWeight(rank));
  }
  surname_table_ = WeightedIndex(weights);
  weights.clear();
  for (const auto& state : kStates) {
    State s{state.name, {}};
    for (const char* city : state.cities) s.cities.emplace_back(city);
    states_.push_back(std::move(s));
    weights.push_back(state.weight);
  }
  state_table_ = WeightedIndex(weights);
  weights.clear();
  for (const char* street : kStreets) streets_.emplace_back(street);
  for (const char* sector : kSectors) sectors_.emplace_back(sector);
  for (const auto& facility : kUsFacilities) {
    us_facilities_.push_back({facility.name, facility.place});
    weights.push_back(facility.weight);
  }
  us_facility_table_ = WeightedIndex(weights);
  cecot_ = {"CECOT", "Tecoluca, El Salvador"};

#ifdef HABEAS_GEN_HAS_NICKNAMES_TSV
  nicknames_ = ParseNicknames(habeas::embedded::GenNicknamesTsv);
  nicknames_from_file_ = !nicknames_.empty();
#endif
  if (nicknames_.empty()) nicknames_ = ParseNicknames(kFallbackNicknames);
  for (size_t i = 0; i < nicknames_.size(); ++i) {
    nickname_index_.emplace(nicknames_[i].formal, i);
  }

  // Accent restoration: every accented word of the vocabulary, keyed by its plain
  // upper-case form.
  auto add_words = [this](const std::string& text) {
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      const std::string word = text.substr(start, end - start);
      if (!IsAscii(word)) accented_.emplace(StripAccents(ToUpper(word)), SpanishTitleCase(word));
      start = end + 1;
    }
  };
  for (const auto& list : given_) {
    for (const auto& name : list) add_words(name);
  }
  for (const auto& name : surnames_) add_words(name);
}

bool Vocabulary::IsCompoundGivenName(Sex sex, uint16_t index) const {
  return given_names(sex)[index].find(' ') != std::string::npos;
}

std::vector<const Nickname*> Vocabulary::NicknamesFor(std::string_view formal_lower,
                                                      Sex sex) const {
  std::vector<const Nickname*> out;
  auto [begin, end] = nickname_index_.equal_range(formal_lower);
  for (auto it = begin; it != end; ++it) {
    const Nickname& nickname = nicknames_[it->second];
    if (nickname.sex < 0 || nickname.sex == static_cast<int>(sex)) out.push_back(&nickname);
  }
  return out;
}

std::string_view Vocabulary::AccentedForm(std::string_view plain_upper_word) const {
  auto it = accented_.find(plain_upper_word);
  return it == accented_.end() ? std::string_view() : std::string_view(it->second);
}

std::vector<Nickname> Vocabulary::ParseNicknames(std::string_view tsv) {
  std::vector<Nickname> out;
  size_t start = 0;
  while (start < tsv.size()) {
    size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    size_t field_start = 0;
    while (true) {
      const size_t tab = line.find('\t', field_start);
      fields.push_back(line.substr(
          field_start, tab == std::string_view::npos ? std::string_view::npos : tab - field_start));
      if (tab == std::string_view::npos) break;
      field_start = tab + 1;
    }
    if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) continue;
    Nickname nickname{ToLower(fields[0]), ToLower(fields[1]), -1};
    if (fields.size() >= 3 && !fields[2].empty()) {
      const char sex = static_cast<char>(fields[2][0] | 0x20);
      if (sex == 'm' || sex == 'h') nickname.sex = 0;
      if (sex == 'f' || sex == 'w') nickname.sex = 1;
    }
    out.push_back(std::move(nickname));
  }
  return out;
}

}  // namespace habeas::gen
