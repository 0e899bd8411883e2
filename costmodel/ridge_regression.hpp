#pragma once
#include <vector>

#include <Eigen/Dense>

namespace latnas {

// A fitted line: y = intercept + coefficients . x, in the features' raw units.
struct LinearFit {
  double intercept = 0.0;
  std::vector<double> coefficients;
};

// Weighted ridge regression on standardised features with an unpenalised intercept:
//   minimise  sum_i w_i (y_i - b - x_i.beta)^2 / sum_i w_i  +  ridge * |beta_standardised|^2
// where beta_standardised_j = beta_j * (weighted standard deviation of feature j), so one ridge
// strength means the same for every feature; ridge 0 is (weighted) least squares.
// Coefficients flagged in `nonnegative` are constrained to be >= 0; the constrained problem is
// solved exactly by an active-set method (Lawson and Hanson's NNLS, applied to the normal
// equations). `weights` empty means all 1. Throws std::invalid_argument on inconsistent sizes,
// negative weights or ridge, or fewer rows than coefficients plus one.
LinearFit fit_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& weights, double ridge,
                    const std::vector<bool>& nonnegative);
// The same with a ridge strength per feature (`ridges` has one entry per column of x).
LinearFit fit_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& weights,
                    const std::vector<double>& ridges, const std::vector<bool>& nonnegative);

// Least squares without an intercept, min |x b - y|^2 subject to b_j >= 0 where nonnegative[j],
// solved exactly by the same active-set method. Columns are scaled to unit length first, and a
// tiny ridge (1e-10 on the scaled normal equations) keeps collinear columns solvable; an all-zero
// column gets coefficient 0. Throws std::invalid_argument on inconsistent sizes.
Eigen::VectorXd nonnegative_least_squares(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                          const std::vector<bool>& nonnegative);

}  // namespace latnas
