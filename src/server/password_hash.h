// Argon2id password and secret hashing (libsodium), and random secrets.
//
// Thread-safe. InitSodium() may be called any number of times from any thread.
#pragma once

#include <string>

#include "habeas/access.h"
#include "habeas/status.h"

namespace habeas::server {

// Initialises libsodium once; kInternal if it cannot.
Status InitSodium();

// "$argon2id$v=19$m=...,t=...,p=1$salt$hash" for `secret`.
Result<std::string> HashSecret(const std::string& secret, HashCost cost);

// Whether `secret` matches a hash made by HashSecret (any cost).
bool VerifySecret(const std::string& secret, const std::string& hash);

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomUrlSafe(size_t bytes);

// A fast keyed-less digest (BLAKE2b-256, hex) of a high-entropy secret such as a session
// id: fine for random 256-bit values, never for passwords.
std::string DigestOfRandomSecret(const std::string& secret);

// Constant-time comparison of two strings of any length.
bool ConstantTimeEquals(const std::string& a, const std::string& b);

}  // namespace habeas::server
