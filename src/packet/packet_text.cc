#include "packet/packet_text.h"

#include <iterator>

namespace habeas::packet {
namespace {

struct Entry {
  Text text;
  std::string_view es;
  std::string_view en;
};

// One row per Text, in enum order (checked by packet_test: every text in both).
constexpr Entry kTexts[] = {
    {Text::kTitle, "Expediente para el tribunal", "Court packet"},
    {Text::kSubtitle, "Lo que Habeas sabe de esta persona, con la fuente de cada dato",
     "What Habeas knows of this person, with the source of every statement"},
    {Text::kGenerated, "Generado", "Generated"},
    {Text::kAudienceAnalyst,
     "Preparado para un analista: incluye contactos, notas y las filas tal como se recibieron.",
     "Prepared for an analyst: includes contacts, notes and the rows as received."},
    {Text::kAudienceReviewer,
     "Preparado para un revisor: se omiten contactos, notas, las filas tal como se recibieron y, "
     "por ello, las pruebas de registro (cada prueba contiene la fila). Un analista puede "
     "generar el expediente completo.",
     "Prepared for a reviewer: contacts, notes, the rows as received and therefore the record "
     "proofs (each proof carries the row) are withheld. An analyst can produce the full packet."},
    {Text::kIdentity, "1. Identidad", "1. Identity"},
    {Text::kPersonId, "Persona", "Person"},
    {Text::kAskedFor, "Solicitada como (fusionada en esta)", "Asked for as (merged into this one)"},
    {Text::kNames, "Nombres registrados", "Names as recorded"},
    {Text::kBirthDates, "Fechas de nacimiento", "Birth dates"},
    {Text::kAges, "Edades", "Ages"},
    {Text::kNationalities, "Nacionalidades", "Nationalities"},
    {Text::kANumbers, "Números A", "A-numbers"},
    {Text::kNone, "ninguno", "none"},
    {Text::kRecords, "2. Registros", "2. Records"},
    {Text::kRecordsIntro,
     "Cada registro de cada lista que nombra a esta persona, con su fuente, archivo y línea.",
     "Every record on every list that names this person, with its source, file and line."},
    {Text::kRecord, "Registro", "Record"},
    {Text::kSource, "Fuente", "Source"},
    {Text::kFileLine, "Archivo:línea", "File:line"},
    {Text::kReceived, "Recibido", "Received"},
    {Text::kFileHash, "SHA-256 del archivo", "File SHA-256"},
    {Text::kFields, "Campos leídos", "Fields as read"},
    {Text::kRowAsReceived, "Fila tal como se recibió", "Row as received"},
    {Text::kRowWithheld, "(omitida: solo analistas)", "(withheld: analysts only)"},
    {Text::kLinks, "3. Por qué estos registros son una persona",
     "3. Why these records are one person"},
    {Text::kLinksIntro,
     "Cada par unido por el modelo o por una decisión, con el peso de cada campo (log2 de la "
     "razón de verosimilitud) y la probabilidad resultante.",
     "Each pair joined by the model or by a decision, with each field's weight (log2 of the "
     "likelihood ratio) and the resulting probability."},
    {Text::kNoLinks, "Un solo registro: no hubo que unir nada.",
     "A single record: nothing had to be joined."},
    {Text::kPair, "Par", "Pair"},
    {Text::kField, "Campo", "Field"},
    {Text::kLevel, "Nivel", "Level"},
    {Text::kDetail, "Valores comparados", "Values compared"},
    {Text::kWeight, "Peso", "Weight"},
    {Text::kPrior, "Peso previo", "Prior weight"},
    {Text::kTotal, "Peso total", "Total weight"},
    {Text::kProbability, "Probabilidad", "Probability"},
    {Text::kNoModel, "(sin modelo guardado)", "(no saved model)"},
    {Text::kDecisions, "Decisiones de revisión", "Review decisions"},
    {Text::kNoDecisions, "Ninguna decisión de revisión sobre estos registros.",
     "No review decision about these records."},
    {Text::kHistory, "Historia de la persona", "The person's history"},
    {Text::kTimeline, "4. Cronología de custodia y legal", "4. Custody and legal timeline"},
    {Text::kLastKnown, "Último dato conocido", "Last known"},
    {Text::kNoLastKnown, "Ninguna fuente dice dónde está.", "No source says where the person is."},
    {Text::kEpisodes, "Custodia", "Custody"},
    {Text::kPlace, "Lugar", "Place"},
    {Text::kFrom, "Desde", "From"},
    {Text::kUntil, "Hasta", "Until"},
    {Text::kOpen, "abierto", "open"},
    {Text::kSources, "Fuentes", "Sources"},
    {Text::kClaims, "Afirmaciones, con su fuente", "Claims, each with its source"},
    {Text::kNoClaims, "Ninguna afirmación de custodia o legal.", "No custody or legal claim."},
    {Text::kWhen, "Cuándo (UTC)", "When (UTC)"},
    {Text::kWhat, "Qué", "What"},
    {Text::kConflicts, "5. Fuentes en desacuerdo", "5. Sources that disagree"},
    {Text::kNoConflicts, "Las fuentes no se contradicen.", "The sources do not contradict each other."},
    {Text::kOrders, "6. Órdenes judiciales y cumplimiento", "6. Court orders and compliance"},
    {Text::kOrdersIntro,
     "Órdenes cuyo alcance incluye a esta persona (o puede incluirla), y las remociones que "
     "una orden vigente prohibía.",
     "Orders whose scope includes this person (or may), and the removals an order in force "
     "forbade."},
    {Text::kNoOrders, "Ninguna orden registrada alcanza a esta persona.",
     "No stored order reaches this person."},
    {Text::kOrderTitle, "Orden", "Order"},
    {Text::kInScope, "En su alcance", "In scope"},
    {Text::kInForce, "Vigencia", "In force"},
    {Text::kForbids, "Prohíbe", "Forbids"},
    {Text::kFindings, "Hallazgos", "Findings"},
    {Text::kNoFindings, "Ninguna remoción de esta persona contraviene una orden registrada.",
     "No removal of this person breaks a stored order."},
    {Text::kViolation, "VIOLACIÓN", "VIOLATION"},
    {Text::kPossibleViolation, "POSIBLE", "POSSIBLE"},
    {Text::kOpenQuestions, "Queda abierto", "Left open"},
    {Text::kEvidence, "Evidencia", "Evidence"},
    {Text::kLedger, "7. Pruebas de integridad", "7. Integrity proofs"},
    {Text::kLedgerIntro,
     "Cada registro está en el libro de Habeas, de solo anexión, bajo la cabecera firmada "
     "siguiente. Las pruebas están en proofs/ junto a este documento.",
     "Every record is in Habeas's append-only ledger under the signed head below. The proofs "
     "are in proofs/ beside this document."},
    {Text::kHead, "Cabecera firmada", "Signed head"},
    {Text::kHeadSize, "Entradas", "Entries"},
    {Text::kHeadRoot, "Raíz", "Root"},
    {Text::kHeadTime, "Firmada", "Signed"},
    {Text::kPublicKey, "Clave pública (Ed25519)", "Public key (Ed25519)"},
    {Text::kNoHead, "Ninguna cabecera firmada.", "No signed head."},
    {Text::kProofs, "Pruebas por registro", "Proofs by record"},
    {Text::kProofsWithheld, "Pruebas omitidas: contienen las filas tal como se recibieron.",
     "Proofs withheld: they carry the rows as received."},
    {Text::kEntry, "Entrada", "Entry"},
    {Text::kProofFile, "Archivo de prueba", "Proof file"},
    {Text::kUnproven, "sin prueba todavía", "no proof yet"},
    {Text::kCheckTitle, "Cómo comprobar este expediente", "How to check this packet"},
    {Text::kCheckStep1,
     "Cada archivo en proofs/ demuestra que un registro, exactamente como se recibió, está en el "
     "libro de solo anexión de Habeas bajo la cabecera firmada impresa en la sección 7.",
     "Each file in proofs/ shows that one record, exactly as received, is in Habeas's "
     "append-only ledger under the signed head printed in section 7."},
    {Text::kCheckStep2,
     "Con Habeas: habeas verify-proof proofs/record-N.json --public-key ledger-key.pub.pem. "
     "Responde «proof ok» con el tamaño y la hora de la cabecera, o nombra lo que no coincide.",
     "With Habeas: habeas verify-proof proofs/record-N.json --public-key ledger-key.pub.pem. "
     "It answers \"proof ok\" with the head's size and time, or names what does not match."},
    {Text::kCheckStep3,
     "Sin Habeas: codifique row.values como dice docs/ledger.md; calcule "
     "SHA-256(0x00 || codificación) y combínelo con row_tree.path (RFC 9162, 2.1.3.2) hasta "
     "el rows_root de la entrada; calcule SHA-256(0x00 || entry.body) y combínelo con "
     "entry.path hasta head.root.",
     "Without Habeas: encode row.values as docs/ledger.md says; hash "
     "SHA-256(0x00 || encoding) and fold it with row_tree.path (RFC 9162, 2.1.3.2) up to "
     "the entry's rows_root; hash SHA-256(0x00 || entry.body) and fold it with entry.path "
     "up to head.root."},
    {Text::kCheckStep4,
     "Verifique la firma Ed25519 de la cabecera con la clave de ledger-key.pub.pem, y compare "
     "esa clave con la que la organización publicó por otro medio.",
     "Check the head's Ed25519 signature with the key in ledger-key.pub.pem, and compare that "
     "key with the one the organisation published elsewhere."},
    {Text::kCheckStep5,
     "Una cabecera posterior (habeas checkpoint export) demuestra que el libro solo creció: "
     "habeas verify --against CABECERA.json compara un almacén con una cabecera guardada fuera.",
     "A later head (habeas checkpoint export) shows the ledger only grew: habeas verify "
     "--against HEAD.json checks a store against a head kept elsewhere."},
    {Text::kPage, "página", "page"},
};
static_assert(std::size(kTexts) == static_cast<size_t>(Text::kCount));
constexpr bool InEnumOrder() {
  for (size_t i = 0; i < std::size(kTexts); ++i) {
    if (kTexts[i].text != static_cast<Text>(i)) return false;
  }
  return true;
}
static_assert(InEnumOrder(), "kTexts must list every Text in enum order");

}  // namespace

std::string_view Translate(PacketLanguage language, Text text) {
  const Entry& e = kTexts[static_cast<size_t>(text)];
  return language == PacketLanguage::kSpanish ? e.es : e.en;
}

}  // namespace habeas::packet
