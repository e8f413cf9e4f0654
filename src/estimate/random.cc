#include "estimate/random.h"

#include <cmath>

#include "estimate/linear_algebra.h"

namespace habeas::mse {
namespace {

uint64_t SplitMix64(uint64_t* x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed) {
  uint64_t x = seed;
  for (uint64_t& s : state_) s = SplitMix64(&x);
}

uint64_t Rng::NextBits() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

double Rng::Uniform() {
  // 53 random bits, shifted by half a step so that 0 and 1 never occur.
  return (static_cast<double>(NextBits() >> 11) + 0.5) * 0x1.0p-53;
}

double Rng::Normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * Uniform() - 1.0;
    v = 2.0 * Uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return u * factor;
}

double Rng::LogGamma(double shape) {
  if (shape < 1.0) {
    // Gamma(a) = Gamma(a + 1) * U^(1/a) (Marsaglia & Tsang 2000, section 6).
    return LogGamma(shape + 1.0) + std::log(Uniform()) / shape;
  }
  return std::log(GammaAtLeastOne(shape));
}

double Rng::GammaAtLeastOne(double shape) {
  // Marsaglia & Tsang (2000), "A simple method for generating gamma variables".
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x, v;
    do {
      x = Normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = Uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double Rng::Gamma(double shape) {
  return shape >= 1.0 ? GammaAtLeastOne(shape) : std::exp(LogGamma(shape));
}

void Rng::LogBeta(double a, double b, double* log_v, double* log_one_minus_v) {
  if (a >= 1.0 && b >= 1.0) {
    // Both gamma draws are at least ~1e-300 away from 0 and finite: three logs
    // instead of two logs, two log1p and two exp (the sampler's hottest call).
    const double x = GammaAtLeastOne(a), y = GammaAtLeastOne(b);
    const double log_sum = std::log(x + y);
    *log_v = std::log(x) - log_sum;
    *log_one_minus_v = std::log(y) - log_sum;
    return;
  }
  const double log_x = LogGamma(a);
  const double log_y = LogGamma(b);
  // v = x / (x + y): log v = -log(1 + y/x), computed without overflow.
  const auto log1p_exp = [](double t) { return t > 35.0 ? t : std::log1p(std::exp(t)); };
  *log_v = -log1p_exp(log_y - log_x);
  *log_one_minus_v = -log1p_exp(log_x - log_y);
}

int64_t Rng::Poisson(double mean) {
  if (!(mean > 0.0)) return 0;
  if (mean < 10.0) {
    // Multiplication of uniforms (Knuth): expected mean + 1 draws.
    const double limit = std::exp(-mean);
    int64_t k = 0;
    double product = Uniform();
    while (product > limit) {
      ++k;
      product *= Uniform();
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hormann 1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  while (true) {
    const double u = Uniform() - 0.5;
    const double v = Uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<int64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - LogGammaFunction(k + 1.0)) {
      return static_cast<int64_t>(k);
    }
  }
}

int64_t Rng::Binomial(int64_t trials, double p) {
  if (trials <= 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return trials;
  if (p > 0.5) return trials - Binomial(trials, 1.0 - p);
  const double n = static_cast<double>(trials);
  const double q = 1.0 - p;
  if (n * p < 10.0) {
    // Inversion from 0 with the pmf recurrence; q^n >= e^-14 here, no underflow.
    const double s = p / q;
    const double a = (n + 1.0) * s;
    double r = std::exp(n * std::log1p(-p));
    double u = Uniform();
    int64_t x = 0;
    while (u > r && x < trials) {
      u -= r;
      ++x;
      r *= a / static_cast<double>(x) - s;
    }
    return x;
  }
  // BTRS: transformed rejection with squeeze around the mode m.
  const double spq = std::sqrt(n * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = n * p + 0.5;
  const double vr = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double log_odds = std::log(p / q);
  const double m = std::floor((n + 1.0) * p);
  const double log_mode_terms = LogGammaFunction(m + 1.0) + LogGammaFunction(n - m + 1.0);
  while (true) {
    const double u = Uniform() - 0.5;
    const double v = Uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + c);
    if (k < 0.0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return static_cast<int64_t>(k);
    // Against log f(k) / f(m) = log [m! (n-m)! / (k! (n-k)!)] + (k - m) log(p / q).
    if (std::log(v * alpha / (a / (us * us) + b)) <= log_mode_terms - LogGammaFunction(k + 1.0) -
                                                         LogGammaFunction(n - k + 1.0) +
                                                         (k - m) * log_odds) {
      return static_cast<int64_t>(k);
    }
  }
}

}  // namespace habeas::mse
