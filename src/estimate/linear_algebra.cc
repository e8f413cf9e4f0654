#include "estimate/linear_algebra.h"

#include <cmath>

namespace habeas::mse {

bool CholeskySolve(std::vector<double>* a_ptr, std::vector<double>* b_ptr, int n) {
  std::vector<double>& a = *a_ptr;
  std::vector<double>& b = *b_ptr;
  // Upper factor U with A = U^T U, stored in the upper triangle.
  for (int i = 0; i < n; ++i) {
    double d = a[i * n + i];
    for (int k = 0; k < i; ++k) d -= a[k * n + i] * a[k * n + i];
    if (!(d > 0.0) || !std::isfinite(d)) return false;
    const double u = std::sqrt(d);
    a[i * n + i] = u;
    for (int j = i + 1; j < n; ++j) {
      double s = a[i * n + j];
      for (int k = 0; k < i; ++k) s -= a[k * n + i] * a[k * n + j];
      a[i * n + j] = s / u;
    }
  }
  // U^T y = b
  for (int i = 0; i < n; ++i) {
    double s = b[i];
    for (int k = 0; k < i; ++k) s -= a[k * n + i] * b[k];
    b[i] = s / a[i * n + i];
  }
  // U x = y
  for (int i = n - 1; i >= 0; --i) {
    double s = b[i];
    for (int k = i + 1; k < n; ++k) s -= a[i * n + k] * b[k];
    b[i] = s / a[i * n + i];
  }
  return true;
}

double NormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double LogGammaFunction(double x) {
  int sign;
  return lgamma_r(x, &sign);
}

double NormalQuantile(double p) {
  // Bisection then Newton polish on erfc: accurate to ~1e-12, and these are
  // called a handful of times per estimate.
  double lo = -40.0, hi = 40.0;
  for (int i = 0; i < 200 && hi - lo > 1e-13; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (NormalCdf(mid) < p) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

}  // namespace habeas::mse
