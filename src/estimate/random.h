// A small, seeded pseudo-random generator and the samplers the LCMCR Gibbs
// sampler needs (uniform, normal, gamma, beta, Poisson, binomial).
//
// Written here rather than taken from <random> because the standard library's
// distributions are implementation-defined: the same seed gives different draws
// under libstdc++ and libc++. With these, a seed reproduces an estimate on every
// platform. The generator is xoshiro256** (Blackman & Vigna 2018) seeded through
// splitmix64.
//
//   Rng rng(42);
//   double g = rng.Gamma(2.5);            // shape 2.5, rate 1
//   int64_t k = rng.Poisson(1234.5);
//
// Not thread-safe: one Rng per thread.
#pragma once

#include <cstdint>

namespace habeas::mse {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t NextBits();
  // Uniform on the open interval (0, 1).
  double Uniform();
  // Standard normal (Marsaglia polar method).
  double Normal();
  // log of a Gamma(shape, rate 1) draw; stable for tiny shapes, where the draw
  // itself would underflow to 0. shape > 0.
  double LogGamma(double shape);
  double Gamma(double shape);
  // A Beta(a, b) draw returned as log(v) and log(1 - v), both finite even when
  // v is within rounding of 0 or 1.
  void LogBeta(double a, double b, double* log_v, double* log_one_minus_v);
  // Poisson(mean), mean >= 0: inversion for small means, PTRS (Hormann 1993,
  // "The transformed rejection method for generating Poisson random variables")
  // above 10.
  int64_t Poisson(double mean);
  // Binomial(trials, p), trials >= 0, p in [0, 1]: inversion when
  // trials * min(p, 1 - p) < 10, otherwise BTRS (Hormann 1993, "The generation
  // of binomial random variates"), accepted against the exact probability ratio.
  int64_t Binomial(int64_t trials, double p);

 private:
  // A Gamma(shape, 1) draw for shape >= 1 (Marsaglia-Tsang, no logarithm taken).
  double GammaAtLeastOne(double shape);

  uint64_t state_[4];
  bool has_spare_normal_ = false;
  double spare_normal_ = 0;
};

}  // namespace habeas::mse
