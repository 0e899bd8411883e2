#include "costmodel/ridge_regression.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace latnas {
namespace {

using Eigen::Index;

// Solves G_PP s_P = g_P for the indices in `passive` (s is zero elsewhere).
Eigen::VectorXd solve_on(const Eigen::MatrixXd& gram, const Eigen::VectorXd& rhs, const std::vector<bool>& passive) {
  std::vector<Index> idx;
  for (Index j = 0; j < rhs.size(); ++j)
    if (passive[static_cast<std::size_t>(j)]) idx.push_back(j);
  Eigen::VectorXd s = Eigen::VectorXd::Zero(rhs.size());
  if (idx.empty()) return s;
  const auto m = static_cast<Index>(idx.size());
  Eigen::MatrixXd a(m, m);
  Eigen::VectorXd b(m);
  for (Index r = 0; r < m; ++r) {
    b(r) = rhs(idx[static_cast<std::size_t>(r)]);
    for (Index c = 0; c < m; ++c) a(r, c) = gram(idx[static_cast<std::size_t>(r)], idx[static_cast<std::size_t>(c)]);
  }
  const Eigen::VectorXd sol = a.ldlt().solve(b);
  for (Index r = 0; r < m; ++r) s(idx[static_cast<std::size_t>(r)]) = sol(r);
  return s;
}

// minimise 0.5 b'Gb - g'b subject to b_j >= 0 where nonnegative[j] (G positive semi-definite):
// Lawson and Hanson's active-set NNLS, written on the normal equations.
Eigen::VectorXd constrained_quadratic(const Eigen::MatrixXd& gram, const Eigen::VectorXd& rhs,
                                      const std::vector<bool>& nonnegative) {
  const Index k = rhs.size();
  const double tol = 1e-12 * std::max(1.0, gram.diagonal().cwiseAbs().maxCoeff());
  std::vector<bool> passive(static_cast<std::size_t>(k));
  for (Index j = 0; j < k; ++j) passive[static_cast<std::size_t>(j)] = !nonnegative[static_cast<std::size_t>(j)];
  Eigen::VectorXd b = solve_on(gram, rhs, passive);
  const int max_iterations = 30 * static_cast<int>(k) + 30;
  for (int outer = 0; outer < max_iterations; ++outer) {
    const Eigen::VectorXd w = rhs - gram * b;  // minus the gradient
    Index best = -1;
    for (Index j = 0; j < k; ++j)
      if (!passive[static_cast<std::size_t>(j)] && w(j) > tol && (best < 0 || w(j) > w(best))) best = j;
    if (best < 0) break;  // KKT conditions hold
    passive[static_cast<std::size_t>(best)] = true;
    for (int inner = 0; inner < max_iterations; ++inner) {
      const Eigen::VectorXd s = solve_on(gram, rhs, passive);
      double alpha = 1.0;
      bool feasible = true;
      for (Index j = 0; j < k; ++j) {
        const auto uj = static_cast<std::size_t>(j);
        if (passive[uj] && nonnegative[uj] && s(j) <= 0.0) {
          feasible = false;
          const double denom = b(j) - s(j);
          alpha = std::min(alpha, denom > 0.0 ? b(j) / denom : 0.0);
        }
      }
      if (feasible) {
        b = s;
        break;
      }
      b += alpha * (s - b);
      for (Index j = 0; j < k; ++j) {
        const auto uj = static_cast<std::size_t>(j);
        if (passive[uj] && nonnegative[uj] && b(j) <= 1e-15) {
          passive[uj] = false;
          b(j) = 0.0;
        }
      }
    }
  }
  for (Index j = 0; j < k; ++j)
    if (nonnegative[static_cast<std::size_t>(j)] && b(j) < 0.0) b(j) = 0.0;
  return b;
}

}  // namespace

LinearFit fit_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& weights, double ridge,
                    const std::vector<bool>& nonnegative) {
  if (!(ridge >= 0.0)) throw std::invalid_argument("fit_ridge: ridge: expected >= 0, got " + std::to_string(ridge));
  return fit_ridge(x, y, weights, std::vector<double>(static_cast<std::size_t>(x.cols()), ridge), nonnegative);
}

LinearFit fit_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& weights,
                    const std::vector<double>& ridges, const std::vector<bool>& nonnegative) {
  const Index n = x.rows(), k = x.cols();
  if (y.size() != n) throw std::invalid_argument("fit_ridge: " + std::to_string(n) + " rows but " + std::to_string(y.size()) + " targets");
  if (weights.size() != 0 && weights.size() != n)
    throw std::invalid_argument("fit_ridge: " + std::to_string(n) + " rows but " + std::to_string(weights.size()) + " weights");
  if (static_cast<Index>(nonnegative.size()) != k)
    throw std::invalid_argument("fit_ridge: " + std::to_string(k) + " features but " + std::to_string(nonnegative.size()) +
                                " sign constraints");
  if (k == 0 || n < k + 1)
    throw std::invalid_argument("fit_ridge: expected at least " + std::to_string(k + 1) + " rows, got " + std::to_string(n));
  if (static_cast<Index>(ridges.size()) != k)
    throw std::invalid_argument("fit_ridge: " + std::to_string(k) + " features but " + std::to_string(ridges.size()) + " ridges");
  Eigen::VectorXd penalty(k);
  for (Index j = 0; j < k; ++j) {
    penalty(j) = ridges[static_cast<std::size_t>(j)];
    if (!(penalty(j) >= 0.0)) throw std::invalid_argument("fit_ridge: ridge: expected >= 0, got " + std::to_string(penalty(j)));
  }
  const Eigen::VectorXd w = weights.size() == 0 ? Eigen::VectorXd::Ones(n) : weights;
  if (!(w.minCoeff() >= 0.0) || !(w.sum() > 0.0)) throw std::invalid_argument("fit_ridge: weights must be >= 0, not all 0");
  const double wsum = w.sum();

  // Standardise (weighted) so one ridge strength means the same for every feature; centring removes the intercept.
  const Eigen::RowVectorXd mean = (w.transpose() * x) / wsum;
  const Eigen::MatrixXd xc = x.rowwise() - mean;
  Eigen::RowVectorXd scale = ((w.transpose() * xc.array().square().matrix()) / wsum).array().sqrt();
  for (Index j = 0; j < k; ++j)
    if (!(scale(j) > 0.0)) scale(j) = 1.0;
  const Eigen::MatrixXd xs = xc.array().rowwise() / scale.array();
  const double y_mean = w.dot(y) / wsum;
  const Eigen::VectorXd yc = y.array() - y_mean;
  const Eigen::MatrixXd gram = (xs.transpose() * w.asDiagonal() * xs) / wsum + Eigen::MatrixXd(penalty.asDiagonal());
  const Eigen::VectorXd rhs = (xs.transpose() * w.asDiagonal() * yc) / wsum;
  const Eigen::VectorXd beta_s = constrained_quadratic(gram, rhs, nonnegative);

  LinearFit fit;
  fit.intercept = y_mean;
  fit.coefficients.resize(static_cast<std::size_t>(k));
  for (Index j = 0; j < k; ++j) {
    const double c = beta_s(j) / scale(j);
    fit.coefficients[static_cast<std::size_t>(j)] = c;
    fit.intercept -= c * mean(j);
  }
  return fit;
}

Eigen::VectorXd nonnegative_least_squares(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                          const std::vector<bool>& nonnegative) {
  const Index n = x.rows(), k = x.cols();
  if (y.size() != n)
    throw std::invalid_argument("nonnegative_least_squares: " + std::to_string(n) + " rows but " + std::to_string(y.size()) +
                                " targets");
  if (static_cast<Index>(nonnegative.size()) != k)
    throw std::invalid_argument("nonnegative_least_squares: " + std::to_string(k) + " columns but " +
                                std::to_string(nonnegative.size()) + " sign constraints");
  Eigen::VectorXd scale(k);
  for (Index j = 0; j < k; ++j) {
    const double norm = x.col(j).norm();
    scale(j) = norm > 0.0 && std::isfinite(norm) ? norm : 0.0;
  }
  Eigen::MatrixXd xs = x;
  for (Index j = 0; j < k; ++j) xs.col(j) = scale(j) > 0.0 ? Eigen::VectorXd(x.col(j) / scale(j)) : Eigen::VectorXd::Zero(n);
  Eigen::MatrixXd gram = xs.transpose() * xs;
  gram.diagonal().array() += 1e-10;
  const Eigen::VectorXd rhs = xs.transpose() * y;
  const Eigen::VectorXd bs = constrained_quadratic(gram, rhs, nonnegative);
  Eigen::VectorXd b(k);
  for (Index j = 0; j < k; ++j) b(j) = scale(j) > 0.0 ? bs(j) / scale(j) : 0.0;
  return b;
}

}  // namespace latnas
