#include "ledger/sha256_lanes.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define HABEAS_SHA256_LANES_X86 1
#endif

namespace habeas::ledger {
namespace {

#if HABEAS_SHA256_LANES_X86

// FIPS 180-4, 4.2.2 and 5.3.3.
constexpr uint32_t kRoundConstants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
constexpr uint32_t kInitialHash[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// One message as 64-byte blocks: its whole blocks read in place, the rest (with 0x80,
// zeros and the length in bits, FIPS 180-4 5.1.1) copied into one or two padded ones.
struct PaddedMessage {
  const unsigned char* data = nullptr;
  size_t whole_blocks = 0;
  size_t blocks = 0;
  unsigned char tail[128];

  void Set(std::string_view message) {
    data = reinterpret_cast<const unsigned char*>(message.data());
    whole_blocks = message.size() / 64;
    const size_t rest = message.size() % 64;
    const size_t tail_blocks = rest + 9 <= 64 ? 1 : 2;
    std::memset(tail, 0, tail_blocks * 64);
    if (rest > 0) std::memcpy(tail, data + whole_blocks * 64, rest);
    tail[rest] = 0x80;
    const uint64_t bits = static_cast<uint64_t>(message.size()) * 8;
    for (size_t i = 0; i < 8; ++i)
      tail[tail_blocks * 64 - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    blocks = whole_blocks + tail_blocks;
  }
  const unsigned char* Block(size_t i) const {
    return i < whole_blocks ? data + 64 * i : tail + 64 * (i - whole_blocks);
  }
};

// GCC 12 takes the _mm512_undefined_epi32() inside its own AVX-512 intrinsics for
// uninitialised reads (a false positive; the lanes are all written).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

// Sixteen messages at once, one per 32-bit lane: FIPS 180-4 6.2.2 as written, with
// AVX-512's rotates and three-input logic (vpternlogd).
constexpr size_t kWideLanes = 16;

#define HABEAS_AVX512 gnu::target("avx512f,avx512bw")
#define HABEAS_ROTR(x, n) _mm512_ror_epi32((x), (n))

// The vpermt2d indexes of Transpose16's four steps.
struct TransposeIndexes {
  alignas(64) int32_t to_a[4][16];
  alignas(64) int32_t to_b[4][16];
};
constexpr TransposeIndexes MakeTransposeIndexes() {
  TransposeIndexes x{};
  for (int step = 0, s = 8; s >= 1; ++step, s /= 2) {
    for (int j = 0; j < 16; ++j) {
      x.to_a[step][j] = (j & s) ? 16 + j - s : j;
      x.to_b[step][j] = (j & s) ? 16 + j : j + s;
    }
  }
  return x;
}
alignas(64) constexpr TransposeIndexes kTranspose = MakeTransposeIndexes();

// Row r of the 16 x 16 matrix of 32-bit words becomes column r: four steps, each
// swapping the off-diagonal blocks of size s (8, 4, 2, 1) between rows a and a + s.
[[HABEAS_AVX512, gnu::always_inline]] inline void Transpose16(__m512i* rows) {
#pragma GCC unroll 4
  for (int step = 0, s = 8; s >= 1; ++step, s /= 2) {
    const __m512i index_a = _mm512_load_si512(kTranspose.to_a[step]);
    const __m512i index_b = _mm512_load_si512(kTranspose.to_b[step]);
#pragma GCC unroll 16
    for (int a = 0; a < 16; ++a) {
      if (a & s) continue;
      const __m512i row_a = rows[a], row_b = rows[a + s];
      rows[a] = _mm512_permutex2var_epi32(row_a, index_a, row_b);
      rows[a + s] = _mm512_permutex2var_epi32(row_a, index_b, row_b);
    }
  }
}

[[HABEAS_AVX512]] void CompressWide(__m512i* state, const unsigned char* const* blocks) {
  const __m512i byte_swap =
      _mm512_broadcast_i32x4(_mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL));
  __m512i w[16];
  for (size_t l = 0; l < 16; ++l) w[l] = _mm512_loadu_si512(blocks[l]);
  Transpose16(w);
  for (size_t t = 0; t < 16; ++t) w[t] = _mm512_shuffle_epi8(w[t], byte_swap);
  __m512i a = state[0], b = state[1], c = state[2], d = state[3];
  __m512i e = state[4], f = state[5], g = state[6], h = state[7];
#pragma GCC unroll 64
  for (size_t t = 0; t < 64; ++t) {
    if (t >= 16) {
      const __m512i w15 = w[(t - 15) % 16], w2 = w[(t - 2) % 16];
      const __m512i s0 = _mm512_ternarylogic_epi32(HABEAS_ROTR(w15, 7), HABEAS_ROTR(w15, 18),
                                                   _mm512_srli_epi32(w15, 3), 0x96);
      const __m512i s1 = _mm512_ternarylogic_epi32(HABEAS_ROTR(w2, 17), HABEAS_ROTR(w2, 19),
                                                   _mm512_srli_epi32(w2, 10), 0x96);
      w[t % 16] =
          _mm512_add_epi32(_mm512_add_epi32(w[t % 16], s0), _mm512_add_epi32(w[(t - 7) % 16], s1));
    }
    const __m512i big_sigma1 =
        _mm512_ternarylogic_epi32(HABEAS_ROTR(e, 6), HABEAS_ROTR(e, 11), HABEAS_ROTR(e, 25), 0x96);
    const __m512i choose = _mm512_ternarylogic_epi32(e, f, g, 0xCA);
    const __m512i t1 = _mm512_add_epi32(
        _mm512_add_epi32(h, big_sigma1),
        _mm512_add_epi32(
            choose,
            _mm512_add_epi32(w[t % 16], _mm512_set1_epi32(static_cast<int>(kRoundConstants[t])))));
    const __m512i big_sigma0 =
        _mm512_ternarylogic_epi32(HABEAS_ROTR(a, 2), HABEAS_ROTR(a, 13), HABEAS_ROTR(a, 22), 0x96);
    const __m512i majority = _mm512_ternarylogic_epi32(a, b, c, 0xE8);
    const __m512i t2 = _mm512_add_epi32(big_sigma0, majority);
    h = g;
    g = f;
    f = e;
    e = _mm512_add_epi32(d, t1);
    d = c;
    c = b;
    b = a;
    a = _mm512_add_epi32(t1, t2);
  }
  state[0] = _mm512_add_epi32(state[0], a);
  state[1] = _mm512_add_epi32(state[1], b);
  state[2] = _mm512_add_epi32(state[2], c);
  state[3] = _mm512_add_epi32(state[3], d);
  state[4] = _mm512_add_epi32(state[4], e);
  state[5] = _mm512_add_epi32(state[5], f);
  state[6] = _mm512_add_epi32(state[6], g);
  state[7] = _mm512_add_epi32(state[7], h);
}

// Every message, sixteen at a time: a lane whose message ends takes the next one; a
// lane with none left hashes a block of zeros whose result is dropped.
class WideHasher {
 public:
  WideHasher(const std::string_view* messages, size_t count, Hash* out)
      : messages_(messages), count_(count), out_(out) {}

  [[HABEAS_AVX512]] void Run() {
    for (int i = 0; i < 8; ++i) state_[i] = _mm512_set1_epi32(static_cast<int>(kInitialHash[i]));
    for (size_t l = 0; l < kWideLanes && next_ < count_; ++l) Start(l);
    while (busy_lanes_ > 0) {
      const unsigned char* blocks[kWideLanes];
      for (size_t l = 0; l < kWideLanes; ++l) {
        blocks[l] = busy_[l] ? padded_[l].Block(block_of_[l]) : kIdleBlock;
      }
      CompressWide(state_, blocks);
      bool stored = false;
      for (size_t l = 0; l < kWideLanes; ++l) {
        if (!busy_[l] || ++block_of_[l] < padded_[l].blocks) continue;
        if (!stored) {
          for (int i = 0; i < 8; ++i) _mm512_store_si512(words_[i], state_[i]);
          stored = true;
        }
        StoreLane(l);
        busy_[l] = false;
        --busy_lanes_;
        if (next_ < count_) Start(l);
      }
    }
  }

 private:
  static constexpr unsigned char kIdleBlock[64] = {};

  [[HABEAS_AVX512]] void Start(size_t lane) {
    padded_[lane].Set(messages_[next_]);
    message_of_[lane] = next_++;
    block_of_[lane] = 0;
    busy_[lane] = true;
    ++busy_lanes_;
    const auto only_this_lane = static_cast<__mmask16>(1u << lane);
    for (int i = 0; i < 8; ++i) {
      state_[i] =
          _mm512_mask_set1_epi32(state_[i], only_this_lane, static_cast<int>(kInitialHash[i]));
    }
  }

  void StoreLane(size_t lane) {
    unsigned char* hash = out_[message_of_[lane]].data();
    for (int i = 0; i < 8; ++i) {
      const uint32_t v = words_[i][lane];
      hash[4 * i] = static_cast<unsigned char>(v >> 24);
      hash[4 * i + 1] = static_cast<unsigned char>(v >> 16);
      hash[4 * i + 2] = static_cast<unsigned char>(v >> 8);
      hash[4 * i + 3] = static_cast<unsigned char>(v);
    }
  }

  const std::string_view* messages_;
  size_t count_;
  Hash* out_;
  PaddedMessage padded_[kWideLanes];
  size_t message_of_[kWideLanes] = {}, block_of_[kWideLanes] = {};
  bool busy_[kWideLanes] = {};
  size_t next_ = 0, busy_lanes_ = 0;
  __m512i state_[8];
  alignas(64) uint32_t words_[8][16];
};

[[HABEAS_AVX512]] void HashWide(const std::string_view* messages, size_t count, Hash* out) {
  WideHasher(messages, count, out).Run();
}

#undef HABEAS_ROTR
#undef HABEAS_AVX512
#pragma GCC diagnostic pop

bool CpuHasAvx512() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d) || (c & bit_OSXSAVE) == 0) return false;
  // The operating system saves the vector registers AVX-512 uses (XCR0: SSE, AVX,
  // opmask, ZMM upper halves and ZMM16-31).
  unsigned xcr0_low = 0, xcr0_high = 0;
  __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  if ((xcr0_low & 0xE6) != 0xE6) return false;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return (b & bit_AVX512F) != 0 && (b & bit_AVX512BW) != 0;
}

#endif  // HABEAS_SHA256_LANES_X86

}  // namespace

bool Sha256PathSupported(Sha256Path path) {
#if HABEAS_SHA256_LANES_X86
  static const bool avx512 = CpuHasAvx512();
  return path == Sha256Path::kOneAtATime || avx512;
#else
  return path == Sha256Path::kOneAtATime;
#endif
}

Sha256Path FastestSha256Path() {
  return Sha256PathSupported(Sha256Path::kAvx512) ? Sha256Path::kAvx512 : Sha256Path::kOneAtATime;
}

void Sha256Many(Sha256Path path, std::span<const std::string_view> messages, Hash* out) {
  if (!Sha256PathSupported(path)) path = Sha256Path::kOneAtATime;
#if HABEAS_SHA256_LANES_X86
  if (path == Sha256Path::kAvx512) return HashWide(messages.data(), messages.size(), out);
#endif
  for (size_t i = 0; i < messages.size(); ++i) out[i] = Sha256Of(messages[i]);
}

void Sha256Many(std::span<const std::string_view> messages, Hash* out) {
  static const Sha256Path fastest = FastestSha256Path();
  Sha256Many(fastest, messages, out);
}

void NodeHashMany(const Hash* children, size_t count, Hash* out) {
  constexpr size_t kNodeBytes = 1 + 2 * sizeof(Hash);  // 0x01 || left || right
  constexpr size_t kChunk = 256;
  char buffer[kChunk * kNodeBytes];
  std::string_view messages[kChunk];
  for (size_t begin = 0; begin < count; begin += kChunk) {
    const size_t n = std::min(kChunk, count - begin);
    for (size_t i = 0; i < n; ++i) {
      char* m = buffer + i * kNodeBytes;
      m[0] = 0x01;
      std::memcpy(m + 1, children[2 * (begin + i)].data(), sizeof(Hash));
      std::memcpy(m + 1 + sizeof(Hash), children[2 * (begin + i) + 1].data(), sizeof(Hash));
      messages[i] = std::string_view(m, kNodeBytes);
    }
    Sha256Many(std::span<const std::string_view>(messages, n), out + begin);
  }
}

}  // namespace habeas::ledger
