// Dense symmetric positive-definite solves for the small systems of the
// log-linear fits (at most a few dozen unknowns), so no BLAS/LAPACK is needed.
#pragma once

#include <vector>

namespace habeas::mse {

// Solves A x = b for symmetric positive-definite A (n x n, row-major; only the
// upper triangle is read) by Cholesky factorisation. A is overwritten by the
// factor and b by x. Returns false when A is not numerically positive definite.
bool CholeskySolve(std::vector<double>* a, std::vector<double>* b, int n);

// Quantile of the standard normal distribution, 0 < p < 1.
double NormalQuantile(double p);
// Standard normal distribution function.
double NormalCdf(double z);
// log Gamma(x), safe on any thread: std::lgamma writes the global `signgam`, and the
// latent-class chains, like estimates answering concurrent requests, run on threads of
// their own (glibc's lgamma_r, same values).
double LogGammaFunction(double x);

}  // namespace habeas::mse
