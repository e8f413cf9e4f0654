// SHA-256 of many independent messages at once (a block of a batch's row leaves, a
// level of its subtree's nodes). With AVX-512, sixteen messages are hashed side by
// side, one in each 32-bit lane of the vector registers: the hashes are the same as
// Sha256Of's, bit for bit, in about two thirds of the time of OpenSSL's one at a time
// with the SHA extensions on this machine (docs/benchmarks.md "Ledger"). Without
// AVX-512 (another CPU) each is Sha256Of().
//
//   std::vector<std::string_view> messages = ...;
//   std::vector<ledger::Hash> out(messages.size());
//   ledger::Sha256Many(messages, out.data());   // out[i] == Sha256Of(messages[i])
//
// Thread-safe (no state beyond a CPU check made once).
#pragma once

#include <span>
#include <string_view>

#include "habeas/ledger.h"

namespace habeas::ledger {

// How Sha256Many computes: each message alone (OpenSSL's SHA256_Update, which uses the
// CPU's SHA extensions where it has them), or sixteen side by side in the 32-bit lanes
// of AVX-512 registers.
enum class Sha256Path { kOneAtATime, kAvx512 };

// Whether this CPU (and operating system) can take `path`; kOneAtATime always.
bool Sha256PathSupported(Sha256Path path);
// The path Sha256Many takes: the fastest supported (docs/benchmarks.md "Ledger").
Sha256Path FastestSha256Path();

// out[i] = Sha256Of(messages[i]); `out` holds messages.size() hashes.
void Sha256Many(std::span<const std::string_view> messages, Hash* out);
// The same by `path` (kOneAtATime where the CPU lacks it): for tests and benchmarks.
void Sha256Many(Sha256Path path, std::span<const std::string_view> messages, Hash* out);

// out[i] = NodeHash(children[2i], children[2i + 1]) for i < count; `out` may be
// `children` (a level written over the one below).
void NodeHashMany(const Hash* children, size_t count, Hash* out);

}  // namespace habeas::ledger
