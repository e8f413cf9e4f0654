// habeas user add NAME --role R · user remove NAME · user list · user passwd NAME
// habeas user token NAME [--label L] · user revoke ID
// Passwords are read from stdin when --password-stdin is given, else generated and
// printed once. Every change is written to the audit trail (actor: $USER, client "cli").
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

#include "cli/cli_context.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "habeas/access.h"
#include "habeas/store.h"

namespace habeas::cli {

namespace {

struct UserArgs {
  std::string name;
  std::string role = "analyst";
  std::string label;
  bool password_stdin = false;
  int64_t token_id = 0;
};

Result<std::string> PasswordFrom(const UserArgs& args, bool* generated) {
  if (!args.password_stdin) {
    *generated = true;
    return RandomPassword();
  }
  std::string line;
  if (!std::getline(std::cin, line)) return InvalidInput("no password on stdin");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  *generated = false;
  return line;
}

void AuditCli(AccessStore& access, const std::string& action, const std::string& target) {
  const char* user = std::getenv("USER");
  AuditEntry e;
  e.actor = user ? user : "unknown";
  e.role = Role::kAdmin;
  e.client = "cli";
  e.action = action;
  e.target = target;
  (void)access.Audit(e);
}

// After a user or token change and its audit row: signs a head over the log, as every
// write command does (docs/ledger.md). A failure is a warning; the change stands.
void SignAfterChange(CliContext& ctx) {
  auto store = ctx.OpenStore(CliContext::Missing::kRefuse);
  if (!store.ok()) {
    std::cerr << "habeas: warning: the change is stored and logged, but its ledger head was "
                 "not signed: "
              << store.status().message() << "\n";
    return;
  }
  ctx.SignLedgerAfterWrite(**store);
}

void Run(CliContext& ctx, const std::string& action, const UserArgs& args) {
  auto access = AccessStore::Open(ctx.db_path);
  if (!access.ok()) return (void)ctx.Fail(access.status());
  AccessStore& a = **access;
  if (action == "add" || action == "passwd") {
    bool generated = false;
    auto password = PasswordFrom(args, &generated);
    if (!password.ok()) return (void)ctx.Fail(password.status());
    if (action == "add") {
      auto role = ParseUserRole(args.role);
      if (!role.ok()) return (void)ctx.Fail(role.status());
      auto user = a.AddUser(args.name, *role, *password);
      if (!user.ok()) return (void)ctx.Fail(user.status());
      AuditCli(a, "user_add", "user " + args.name);
      SignAfterChange(ctx);
    } else {
      Status s = a.SetPassword(args.name, *password);
      if (!s.ok()) return (void)ctx.Fail(s);
      AuditCli(a, "user_passwd", "user " + args.name);
      SignAfterChange(ctx);
    }
    if (ctx.json) {
      nlohmann::json j = {{"user", args.name}, {"action", action}};
      if (generated) j["password"] = *password;
      std::cout << j.dump() << "\n";
    } else {
      std::cout << (action == "add" ? "added " : "changed the password of ") << args.name;
      if (action == "add") std::cout << " (" << args.role << ")";
      std::cout << "\n";
      if (generated) std::cout << "password: " << *password << "  (shown once)\n";
    }
  } else if (action == "remove") {
    Status s = a.RemoveUser(args.name);
    if (!s.ok()) return (void)ctx.Fail(s);
    AuditCli(a, "user_remove", "user " + args.name);
    SignAfterChange(ctx);
    if (!ctx.json) std::cout << "removed " << args.name << "\n";
  } else if (action == "list") {
    auto users = a.ListUsers();
    if (!users.ok()) return (void)ctx.Fail(users.status());
    if (ctx.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const UserInfo& u : *users) {
        out.push_back({{"name", u.name}, {"role", std::string(RoleName(u.role))},
                       {"created_at", u.created_at}});
      }
      std::cout << out.dump(2) << "\n";
      return;
    }
    TextTable table({"USER", "ROLE", "CREATED"});
    for (const UserInfo& u : *users) table.Add({u.name, std::string(RoleName(u.role)), u.created_at});
    table.Print(std::cout);
  } else if (action == "token") {
    auto token = a.CreateToken(args.name, args.label);
    if (!token.ok()) return (void)ctx.Fail(token.status());
    AuditCli(a, "token_create", "user " + args.name);
    SignAfterChange(ctx);
    if (ctx.json) {
      std::cout << nlohmann::json({{"user", args.name}, {"token", *token}}).dump() << "\n";
    } else {
      std::cout << *token << "\n";
    }
  } else if (action == "revoke") {
    Status s = a.RevokeToken(args.token_id);
    if (!s.ok()) return (void)ctx.Fail(s);
    AuditCli(a, "token_revoke", "token " + std::to_string(args.token_id));
    SignAfterChange(ctx);
    if (!ctx.json) std::cout << "revoked token " << args.token_id << "\n";
  }
}

}  // namespace

void RegisterUserCommand(CLI::App& app, CliContext& ctx) {
  CLI::App* user = app.add_subcommand("user", "Users, roles and API tokens for `habeas serve`.");
  user->require_subcommand(1);
  auto args = std::make_shared<UserArgs>();
  auto add_stdin = [&](CLI::App* c) {
    c->add_flag("--password-stdin", args->password_stdin,
                "Read the password from the first line of stdin (else one is generated)");
  };
  CLI::App* add = user->add_subcommand("add", "Add a user (reviewer, analyst or admin).");
  add->add_option("name", args->name, "User name")->required();
  add->add_option("--role", args->role, "reviewer, analyst or admin (default analyst)")
      ->check(CLI::IsMember({"reviewer", "analyst", "admin"}));
  add_stdin(add);
  add->callback([&ctx, args] { Run(ctx, "add", *args); });
  CLI::App* remove = user->add_subcommand("remove", "Remove a user and their API tokens.");
  remove->add_option("name", args->name, "User name")->required();
  remove->callback([&ctx, args] { Run(ctx, "remove", *args); });
  CLI::App* list = user->add_subcommand("list", "List users and their roles.");
  list->callback([&ctx, args] { Run(ctx, "list", *args); });
  CLI::App* passwd = user->add_subcommand("passwd", "Set a user's password.");
  passwd->add_option("name", args->name, "User name")->required();
  add_stdin(passwd);
  passwd->callback([&ctx, args] { Run(ctx, "passwd", *args); });
  CLI::App* token = user->add_subcommand("token", "Create an API token (printed once).");
  token->add_option("name", args->name, "User name")->required();
  token->add_option("--label", args->label, "What the token is for");
  token->callback([&ctx, args] { Run(ctx, "token", *args); });
  CLI::App* revoke = user->add_subcommand("revoke", "Revoke an API token by its id.");
  revoke->add_option("id", args->token_id, "Token id (the number in hbt_<id>_...)")->required();
  revoke->callback([&ctx, args] { Run(ctx, "revoke", *args); });
}

}  // namespace habeas::cli
