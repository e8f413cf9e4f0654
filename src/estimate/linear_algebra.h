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

}  // namespace habeas::mse
