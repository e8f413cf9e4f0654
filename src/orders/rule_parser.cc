// The rule language: lexer and recursive-descent parser (grammar in docs/timeline.md).
#include <algorithm>
#include <cctype>
#include <set>

#include "habeas/orders.h"

namespace habeas {
namespace {

enum class Tok { kIdent, kString, kNumber, kSymbol, kEnd };

struct Token {
  Tok type = Tok::kEnd;
  std::string text;
  int line = 1, column = 1;
  size_t offset = 0;
};

std::string Describe(const Token& t) {
  switch (t.type) {
    case Tok::kIdent: return "\"" + t.text + "\"";
    case Tok::kString: return "the string \"" + t.text + "\"";
    case Tok::kNumber: return "the number " + t.text;
    case Tok::kSymbol: return "\"" + t.text + "\"";
    case Tok::kEnd: return "the end of the file";
  }
  return "?";
}

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  Result<std::vector<Token>> All() {
    std::vector<Token> out;
    while (true) {
      SkipSpaceAndComments();
      Token t;
      t.line = line_;
      t.column = column_;
      t.offset = pos_;
      if (pos_ >= text_.size()) {
        out.push_back(t);
        return out;
      }
      const char c = text_[pos_];
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
        t.type = Tok::kIdent;
        while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                       text_[pos_] == '_')) {
          t.text += Advance();
        }
      } else if (std::isdigit(static_cast<unsigned char>(c))) {
        t.type = Tok::kNumber;
        while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
          t.text += Advance();
        }
        if (t.text.size() > 6) return Error(t, "a number of at most 6 digits");
      } else if (c == '"') {
        t.type = Tok::kString;
        Advance();
        bool closed = false;
        while (pos_ < text_.size()) {
          char ch = Advance();
          if (ch == '"') {
            closed = true;
            break;
          }
          if (ch == '\n') break;
          if (ch == '\\' && pos_ < text_.size()) ch = Advance();
          t.text += ch;
        }
        if (!closed) return Error(t, "a closing quote before the end of the line");
      } else {
        t.type = Tok::kSymbol;
        static const char* kTwo[] = {"!=", ">=", "<="};
        for (const char* two : kTwo) {
          if (text_.substr(pos_, 2) == two) {
            t.text = two;
            Advance();
            Advance();
            break;
          }
        }
        if (t.text.empty()) {
          if (std::string_view("{}(),=<>").find(c) == std::string_view::npos) {
            return Error(t, "a word, a quoted string, a number or one of { } ( ) , = != < <= > >=",
                         std::string("the character '") + c + "'");
          }
          t.text = std::string(1, Advance());
        }
      }
      out.push_back(std::move(t));
    }
  }

 private:
  char Advance() {
    const char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    }
    return c;
  }
  void SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') Advance();
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        Advance();
      } else {
        return;
      }
    }
  }
  Status Error(const Token& at, const std::string& expected, const std::string& found = "") {
    return InvalidInput(file_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                        ": expected " + expected +
                        (found.empty() ? "" : ", found " + found));
  }

  std::string_view text_;
  const std::string& file_;
  size_t pos_ = 0;
  int line_ = 1, column_ = 1;
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, std::vector<Token> tokens)
      : text_(text), file_(file), tokens_(std::move(tokens)) {}

  Result<std::vector<Order>> Orders() {
    std::vector<Order> orders;
    std::set<std::string> names;
    while (Peek().type != Tok::kEnd) {
      HABEAS_ASSIGN_OR_RETURN(Order o, OneOrder());
      if (!names.insert(o.name).second) {
        return InvalidInput(file_ + ":" + std::to_string(o.line) + ": an order named \"" +
                            o.name + "\" is already defined above; names must be unique");
      }
      orders.push_back(std::move(o));
    }
    if (orders.empty()) {
      return Expected("an order (order NAME { ... })");
    }
    return orders;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() {
    const Token& t = tokens_[pos_];
    if (t.type != Tok::kEnd) ++pos_;
    return t;
  }
  bool IsWord(const char* word) const {
    return Peek().type == Tok::kIdent && Peek().text == word;
  }
  bool IsSymbol(const char* s) const { return Peek().type == Tok::kSymbol && Peek().text == s; }

  Status Expected(const std::string& what) const {
    const Token& t = Peek();
    return InvalidInput(file_ + ":" + std::to_string(t.line) + ":" + std::to_string(t.column) +
                        ": expected " + what + ", found " + Describe(t));
  }
  Status Invalid(const Token& t, const std::string& message) const {
    return InvalidInput(file_ + ":" + std::to_string(t.line) + ":" + std::to_string(t.column) +
                        ": " + message);
  }
  Status Word(const char* word) {
    if (!IsWord(word)) return Expected("\"" + std::string(word) + "\"");
    Next();
    return Status::Ok();
  }
  Status Symbol(const char* s, const std::string& what) {
    if (!IsSymbol(s)) return Expected(what);
    Next();
    return Status::Ok();
  }
  Result<std::string> String(const std::string& what) {
    if (Peek().type != Tok::kString) return Expected(what);
    return Next().text;
  }
  Result<std::string> Name(const std::string& what) {
    if (Peek().type != Tok::kIdent) return Expected(what);
    return Next().text;
  }

  // "..." [in "zone"]
  Result<ValidTime> Time(const std::string& what) {
    const Token at = Peek();
    HABEAS_ASSIGN_OR_RETURN(std::string text, String(what));
    std::string zone;
    if (IsWord("in")) {
      Next();
      HABEAS_ASSIGN_OR_RETURN(zone, String("a time zone (e.g. \"America/New_York\")"));
    }
    Result<ValidTime> t = ParseValidTime(text, zone);
    if (!t.ok()) return Invalid(at, t.status().message());
    return t;
  }

  Result<Order> OneOrder() {
    Order o;
    const Token start = Peek();
    o.file = file_;
    o.line = start.line;
    HABEAS_RETURN_IF_ERROR(Word("order"));
    HABEAS_ASSIGN_OR_RETURN(o.name, Name("the order's name (a word such as jgg_tro_1)"));
    HABEAS_RETURN_IF_ERROR(Symbol("{", "\"{\" after the order's name"));
    bool issued = false;
    while (!IsSymbol("}")) {
      if (Peek().type == Tok::kEnd) return Expected("\"}\" closing order \"" + o.name + "\"");
      HABEAS_RETURN_IF_ERROR(Statement(&o, &issued));
    }
    const Token end = Next();
    o.text = std::string(text_.substr(start.offset, end.offset + 1 - start.offset));
    if (!issued) {
      return Invalid(start, "order \"" + o.name + "\" has no issued \"...\" statement");
    }
    if (o.forbids.empty() && o.notices.empty() && o.vacates.empty()) {
      return Invalid(start, "order \"" + o.name +
                                "\" forbids nothing, requires no notice and vacates nothing");
    }
    if ((!o.forbids.empty() || !o.notices.empty()) && o.named.empty() && o.classes.empty()) {
      return Invalid(start, "order \"" + o.name + "\" has no scope (scope named ... or scope "
                                                  "class ...)");
    }
    return o;
  }

  Status Statement(Order* o, bool* issued) {
    const Token t = Peek();
    if (t.type != Tok::kIdent) {
      return Expected("a statement (court, case, title, issued, effective, scope, forbids, "
                      "requires, vacates) or \"}\"");
    }
    const std::string w = t.text;
    if (w == "court" || w == "case" || w == "title") {
      Next();
      HABEAS_ASSIGN_OR_RETURN(std::string s, String("a quoted " + w));
      (w == "court" ? o->court : w == "case" ? o->case_number : o->title) = s;
      return Status::Ok();
    }
    if (w == "issued") {
      Next();
      HABEAS_ASSIGN_OR_RETURN(o->issued, Time("the issuing time as a quoted string (e.g. "
                                              "\"2025-03-15 18:47\")"));
      *issued = true;
      return Status::Ok();
    }
    if (w == "effective") return Effective(o);
    if (w == "scope") return Scope(o);
    if (w == "forbids") return Forbids(o);
    if (w == "requires") return Requires(o);
    if (w == "vacates") {
      Next();
      do {
        HABEAS_ASSIGN_OR_RETURN(std::string name, Name("the name of an order"));
        o->vacates.push_back(name);
      } while (IsSymbol(",") && (Next(), true));
      return Status::Ok();
    }
    return Expected("a statement (court, case, title, issued, effective, scope, forbids, "
                    "requires, vacates) or \"}\"");
  }

  Status Effective(Order* o) {
    Next();
    if (IsWord("for")) {
      Next();
      if (Peek().type != Tok::kNumber) return Expected("a number of days");
      o->days = std::stoi(Next().text);
      if (o->days <= 0) return Invalid(tokens_[pos_ - 1], "the number of days must be positive");
      return Word("days");
    }
    if (IsWord("until")) {
      Next();
      if (IsWord("further")) {
        Next();
        o->until_further_order = true;
        return Word("order");
      }
      HABEAS_ASSIGN_OR_RETURN(ValidTime until, Time("a quoted time or \"further order\""));
      o->until = until;
      return Status::Ok();
    }
    return Expected("\"for N days\" or \"until\"");
  }

  Status Scope(Order* o) {
    Next();
    if (IsWord("named")) {
      Next();
      do {
        HABEAS_ASSIGN_OR_RETURN(NamedPerson p, Named());
        o->named.push_back(std::move(p));
      } while (IsSymbol(",") && (Next(), true));
      return Status::Ok();
    }
    if (IsWord("class")) {
      Next();
      HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<RuleExpr> e, Or());
      o->classes.push_back(std::move(e));
      return Status::Ok();
    }
    return Expected("\"named\" or \"class\"");
  }

  Result<NamedPerson> Named() {
    NamedPerson p;
    if (IsWord("a_number")) {
      Next();
      p.by = NamedPerson::By::kANumber;
      HABEAS_ASSIGN_OR_RETURN(p.value, String("a quoted A-number"));
      return p;
    }
    if (IsWord("record")) {
      Next();
      p.by = NamedPerson::By::kRecord;
      HABEAS_ASSIGN_OR_RETURN(p.source, String("the quoted name of a list (source)"));
      HABEAS_ASSIGN_OR_RETURN(p.value, String("the quoted record id in that list"));
      return p;
    }
    if (IsWord("person")) {
      Next();
      p.by = NamedPerson::By::kPerson;
      HABEAS_ASSIGN_OR_RETURN(p.value, String("a quoted person id (\"P000123\")"));
      if (!ParsePersonId(p.value)) {
        return Invalid(tokens_[pos_ - 1], "\"" + p.value + "\" is not a person id (P000123)");
      }
      return p;
    }
    return Expected("a_number \"...\", record \"list\" \"id\" or person \"P...\"");
  }

  Status Forbids(Order* o) {
    Next();
    Forbidden f;
    if (IsWord("removal")) {
      f.action = ForbiddenAction::kRemoval;
    } else if (IsWord("departure")) {
      f.action = ForbiddenAction::kDeparture;
    } else {
      return Expected("\"removal\" or \"departure\"");
    }
    Next();
    if (IsWord("under")) {
      Next();
      HABEAS_ASSIGN_OR_RETURN(f.authority, String("a quoted authority (e.g. \"aea\")"));
    }
    o->forbids.push_back(f);
    return Status::Ok();
  }

  // requires notice at least N hours before removal [under "a"]
  // requires notice in a language the person reads
  Status Requires(Order* o) {
    Next();
    HABEAS_RETURN_IF_ERROR(Word("notice"));
    NoticeRequirement n;
    if (IsWord("at")) {
      Next();
      HABEAS_RETURN_IF_ERROR(Word("least"));
      if (Peek().type != Tok::kNumber) return Expected("a number of hours");
      n.min_hours = std::stoi(Next().text);
      HABEAS_RETURN_IF_ERROR(Word("hours"));
      HABEAS_RETURN_IF_ERROR(Word("before"));
      HABEAS_RETURN_IF_ERROR(Word("removal"));
    } else if (IsWord("in")) {
      Next();
      HABEAS_RETURN_IF_ERROR(Word("a"));
      HABEAS_RETURN_IF_ERROR(Word("language"));
      HABEAS_RETURN_IF_ERROR(Word("the"));
      HABEAS_RETURN_IF_ERROR(Word("person"));
      HABEAS_RETURN_IF_ERROR(Word("reads"));
      n.in_language = true;
    } else {
      return Expected("\"at least N hours before removal\" or \"in a language the person reads\"");
    }
    if (IsWord("under")) {
      Next();
      HABEAS_ASSIGN_OR_RETURN(n.authority, String("a quoted authority"));
    }
    o->notices.push_back(n);
    return Status::Ok();
  }

  // expr := and ("or" and)* ; and := unary ("and" unary)* ; unary := not unary | ( expr ) | pred
  Result<std::unique_ptr<RuleExpr>> Or() {
    const size_t start = Peek().offset;
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<RuleExpr> left, And());
    if (!IsWord("or")) return left;
    auto e = std::make_unique<RuleExpr>();
    e->op = RuleExpr::Op::kOr;
    e->operands.push_back(std::move(left));
    while (IsWord("or")) {
      Next();
      HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<RuleExpr> right, And());
      e->operands.push_back(std::move(right));
    }
    e->text = TextFrom(start);
    return e;
  }
  Result<std::unique_ptr<RuleExpr>> And() {
    const size_t start = Peek().offset;
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<RuleExpr> left, Unary());
    if (!IsWord("and")) return left;
    auto e = std::make_unique<RuleExpr>();
    e->op = RuleExpr::Op::kAnd;
    e->operands.push_back(std::move(left));
    while (IsWord("and")) {
      Next();
      HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<RuleExpr> right, Unary());
      e->operands.push_back(std::move(right));
    }
    e->text = TextFrom(start);
    return e;
  }
  Result<std::unique_ptr<RuleExpr>> Unary() {
    const size_t start = Peek().offset;
    if (IsWord("not")) {
      Next();
      auto e = std::make_unique<RuleExpr>();
      e->op = RuleExpr::Op::kNot;
      HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<RuleExpr> inner, Unary());
      e->operands.push_back(std::move(inner));
      e->text = TextFrom(start);
      return e;
    }
    if (IsSymbol("(")) {
      Next();
      HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<RuleExpr> inner, Or());
      HABEAS_RETURN_IF_ERROR(Symbol(")", "\")\" or \"and\"/\"or\""));
      return inner;
    }
    HABEAS_ASSIGN_OR_RETURN(std::unique_ptr<RuleExpr> p, Predicate());
    p->text = TextFrom(start);
    return p;
  }

  std::string TextFrom(size_t start) const {
    const size_t end = pos_ == 0 ? start : tokens_[pos_ - 1].offset + tokens_[pos_ - 1].text.size() +
                                               (tokens_[pos_ - 1].type == Tok::kString ? 2 : 0);
    std::string s(text_.substr(start, end - start));
    std::string out;
    bool space = false;
    for (char c : s) {
      if (std::isspace(static_cast<unsigned char>(c))) {
        space = true;
      } else {
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
      }
    }
    return out;
  }

  Result<RuleTime> At() {
    HABEAS_RETURN_IF_ERROR(Word("at"));
    RuleTime t;
    if (IsWord("issued")) {
      Next();
      t.issued = true;
      return t;
    }
    HABEAS_ASSIGN_OR_RETURN(t.time, Time("\"issued\" or a quoted time"));
    return t;
  }

  Status Values(RuleExpr* e) {
    if (IsSymbol("=") || IsSymbol("!=")) {
      e->comparison = Next().text == "=" ? Comparison::kEq : Comparison::kNe;
      HABEAS_ASSIGN_OR_RETURN(std::string v, String("a quoted value"));
      e->values.push_back(v);
      return Status::Ok();
    }
    if (IsWord("in")) {
      Next();
      e->comparison = Comparison::kIn;
      HABEAS_RETURN_IF_ERROR(Symbol("(", "\"(\" opening the list of values"));
      do {
        HABEAS_ASSIGN_OR_RETURN(std::string v, String("a quoted value"));
        e->values.push_back(v);
      } while (IsSymbol(",") && (Next(), true));
      return Symbol(")", "\",\" or \")\" closing the list of values");
    }
    return Expected("\"=\", \"!=\" or \"in\"");
  }

  Result<std::unique_ptr<RuleExpr>> Predicate() {
    auto e = std::make_unique<RuleExpr>();
    if (IsWord("nationality")) {
      Next();
      e->predicate = PredicateKind::kNationality;
      HABEAS_RETURN_IF_ERROR(Values(e.get()));
      for (std::string& v : e->values) v = NormalizeCountry(v);
      return e;
    }
    if (IsWord("status") || IsWord("attribute")) {
      e->predicate = PredicateKind::kAttribute;
      if (Next().text == "status") {
        e->attribute = "status";
      } else {
        HABEAS_ASSIGN_OR_RETURN(e->attribute, String("the quoted name of an attribute"));
      }
      HABEAS_RETURN_IF_ERROR(Values(e.get()));
      return e;
    }
    if (IsWord("age")) {
      Next();
      e->predicate = PredicateKind::kAge;
      HABEAS_ASSIGN_OR_RETURN(e->at, At());
      static const std::pair<const char*, Comparison> kOps[] = {
          {">=", Comparison::kGe}, {">", Comparison::kGt}, {"<=", Comparison::kLe},
          {"<", Comparison::kLt},  {"=", Comparison::kEq}, {"!=", Comparison::kNe}};
      bool found = false;
      for (const auto& [sym, cmp] : kOps) {
        if (IsSymbol(sym)) {
          Next();
          e->comparison = cmp;
          found = true;
          break;
        }
      }
      if (!found) return Expected("a comparison (>=, >, <=, <, =, !=)");
      if (Peek().type != Tok::kNumber) return Expected("a whole number of years");
      e->number = std::stoi(Next().text);
      return e;
    }
    if (IsWord("in_custody")) {
      Next();
      e->predicate = PredicateKind::kInCustody;
      HABEAS_ASSIGN_OR_RETURN(e->at, At());
      return e;
    }
    if (IsWord("designated")) {
      Next();
      e->predicate = PredicateKind::kDesignated;
      HABEAS_RETURN_IF_ERROR(Word("under"));
      HABEAS_ASSIGN_OR_RETURN(e->authority, String("a quoted authority (e.g. \"aea\")"));
      return e;
    }
    return Expected("a condition (nationality, status, attribute, age at, in_custody at, "
                    "designated under, not, or \"(\")");
  }

  std::string_view text_;
  const std::string& file_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

std::string_view ForbiddenActionName(ForbiddenAction action) {
  return action == ForbiddenAction::kRemoval ? "removal" : "departure";
}

std::string NamedPerson::Describe() const {
  switch (by) {
    case By::kANumber: return "a_number \"" + value + "\"";
    case By::kRecord: return "record \"" + source + "\" \"" + value + "\"";
    case By::kPerson: return "person \"" + value + "\"";
  }
  return "?";
}

Status CheckVacates(const std::vector<Order>& orders, const std::vector<std::string>& known) {
  for (const Order& o : orders) {
    for (const std::string& v : o.vacates) {
      const bool here = std::any_of(orders.begin(), orders.end(),
                                    [&](const Order& other) { return other.name == v; });
      if (!here && std::find(known.begin(), known.end(), v) == known.end()) {
        return InvalidInput(o.file + ":" + std::to_string(o.line) + ": order \"" + o.name +
                            "\" vacates \"" + v +
                            "\", which is neither in this file nor stored; store that order first");
      }
    }
  }
  return Status::Ok();
}

Result<std::vector<Order>> ParseOrders(std::string_view text, const std::string& file) {
  Lexer lexer(text, file);
  HABEAS_ASSIGN_OR_RETURN(std::vector<Token> tokens, lexer.All());
  Parser parser(text, file, std::move(tokens));
  return parser.Orders();
}

}  // namespace habeas
