"""Small-area estimation of a 0/1 survey outcome: a unit-level logistic model with a random area
effect, predicted for every resident and aggregated per area (the SMAP approach), with
intervals from a parametric bootstrap.

Model (a binomial generalised linear mixed model, GLMM)
-------------------------------------------------------
For respondent i in area (buurt) j:

    y_ij ~ Bernoulli(p_ij),   logit(p_ij) = x_ij' beta + u_j,   u_j ~ N(0, sigma^2)

with x_ij covariates known for EVERY resident from the registers (treatment-coded factors,
`design_matrix`). The model is fitted on the respondents by maximum likelihood, the
integral over u_j approximated by adaptive Gauss-Hermite quadrature with `nagq` points
per area (`nagq = 1` is the Laplace approximation): exactly the likelihood that R's
``lme4::glmer(y ~ x + (1 | area), family = binomial, nAGQ = nagq)`` maximises (Bates et
al. 2015; Pinheiro & Chao 2006). The area effects are the conditional modes u_j (lme4's
``ranef``); an area without respondents gets u_j = 0.

With `prior_sd` the fixed effects get independent normal priors N(0, sd_k^2) and the fit is
the posterior mode in beta (maximum likelihood in sigma): blme's ``bglmer(..., fixef.prior =
normal(sd = c(10, 2.5)), cov.prior = NULL)`` (Chung et al. 2013; Gelman et al. 2008). With
few cases per term a level without a case among its respondents (separation) has a maximum
likelihood coefficient of minus infinity; the prior keeps it finite, in the fit and in every
bootstrap refit (docs/small_area.md, "Few cases").

Prediction (SMAP, van de Kassteele et al. 2017): every resident k of the population gets
p_k = expit(x_k' beta + u_j(k)); an area's prevalence is the mean of p_k over its residents
(any level: buurt, wijk), so a buurt with few or no respondents borrows strength from the
covariates of its residents and from the other buurten.

Intervals: a parametric bootstrap for the prevalence of the finite population
(Gonzalez-Manteiga et al. 2007; Hobza & Morales 2016). Per replicate b: draw u*_j ~ N(0,
sigma^2) for every area and an outcome y*_k ~ Bernoulli(expit(x_k' beta + u*_j)) for
every resident; the replicate's true prevalence P*_a is the mean of y*_k over an area's
residents; refit the model on the respondents' y*_k, predict P^*_a. The errors on the
logit scale, e*_a = logit(P^*_a) - logit(P*_a), give the interval

    expit( logit(P^_a) - q_{1 - alpha/2}(e*_a),  logit(P^_a) - q_{alpha/2}(e*_a) )

and `rmse` = sqrt(mean (P^*_a - P*_a)^2), the bootstrap estimate of the root mean squared
error of the area's estimate. Both include the uncertainty of beta, sigma and u_j.

Survey design: the model is fitted unweighted. The sample design is ignorable given the
model when the design variables are in it (Pfeffermann 1993; Skinner, Holt & Smith 1989):
the strata (wijken) are unions of buurten (the area effect) and response and the
post-stratification weights depend on age and sex (covariates). The direct estimates
(statistics/survey.py) are the design-based estimates beside it.

References
----------
Bates D, Maechler M, Bolker B, Walker S (2015). Fitting linear mixed-effects models using
lme4. Journal of Statistical Software 67(1).
Pinheiro JC, Chao EC (2006). Efficient Laplacian and adaptive Gaussian quadrature algorithms
for multilevel generalized linear mixed models. J Comput Graph Stat 15:58-81.
van de Kassteele J, Zwakhals L, Breugelmans O, Ameling C, van den Brink C (2017). Estimating
the prevalence of 26 health-related indicators at neighbourhood level in the Netherlands
using structured additive regression. Int J Health Geographics 16:23.
Gonzalez-Manteiga W, Lombardia MJ, Molina I, Morales D, Santamaria L (2007). Estimation of
the mean squared error of predictors of small area linear parameters under a logistic
mixed model. Computational Statistics & Data Analysis 51:2720-2733.
Hobza T, Morales D (2016). Empirical best prediction under unit-level logit mixed models.
Journal of Official Statistics 32:661-692.
Rao JNK, Molina I (2015). Small Area Estimation, 2nd ed., ch. 4 and 9. Wiley.
Chung Y, Rabe-Hesketh S, Dorie V, Gelman A, Liu J (2013). A nondegenerate penalized likelihood
estimator for variance parameters in multilevel models. Psychometrika 78:685-709.
Gelman A, Jakulin A, Pittau MG, Su Y-S (2008). A weakly informative default prior distribution
for logistic and other regression models. Annals of Applied Statistics 2:1360-1383.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkzicht.errors import WijkzichtError

__all__ = [
    "GlmmFit",
    "SmallAreaError",
    "area_means",
    "bootstrap_intervals",
    "design_matrix",
    "fit_logistic_glmm",
    "predict_probability",
]

SIGMA_BOUNDS = (1e-4, 20.0)  # the SD of the area effect is estimated in [lower, upper]
SIGMA_START = 0.5  # where the fit starts (and a refit stuck at the lower bound restarts)


class SmallAreaError(WijkzichtError, ValueError):
    """The small-area model cannot be fitted on these data (no respondents, one outcome only)."""


@dataclass(frozen=True)
class GlmmFit:
    """A fitted random-intercept logistic model.

    beta : (p,) fixed effects on the logit scale, in the order of the design columns.
    sigma : standard deviation of the area effect (logit scale).
    u : (n_areas,) conditional modes of the area effects (0 for areas without data).
    loglik : the (approximate) log likelihood at the estimate (without the prior's penalty).
    nagq : quadrature points per area (1 = Laplace).
    converged : the optimiser's verdict.
    hess_inv : ((p + 1), (p + 1)) inverse Hessian of the objective (-loglik, plus the
        prior's penalty) in (beta, sigma) at the estimate (central differences of the exact
        gradient), or None when not positive definite or not computed (a refit); the
        bootstrap refits start BFGS from it.
    prior_sd : (p,) SDs of the normal prior on beta the fit used (None: maximum likelihood);
        the bootstrap refits use the same.
    """

    beta: np.ndarray
    sigma: float
    u: np.ndarray
    loglik: float
    nagq: int
    converged: bool
    hess_inv: np.ndarray | None = field(default=None, repr=False, compare=False)
    prior_sd: np.ndarray | None = field(default=None, repr=False, compare=False)


def design_matrix(
    data: pd.DataFrame,
    references: Mapping[str, str],
    flags: Sequence[str] = (),
    levels: Mapping[str, Sequence[str]] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Treatment-coded design matrix with an intercept: one 0/1 column per non-reference level.

    Parameters
    ----------
    data : one row per person; factor columns compared as strings.
    references : factor -> reference level (absorbed in the intercept).
    flags : 0/1 (or boolean) columns taken as they are.
    levels : factor -> the levels that get a column (default: every non-reference level
        present in `data`, sorted). A person whose level has no column counts as the
        reference (callers merge rare levels this way).

    Returns (X of shape (n, 1 + columns), column names "(Intercept)", "<factor>=<level>",
    "<flag>").
    """
    names = ["(Intercept)"]
    dummies = []  # (the factor's codes, the level's code) per column; -1: level not present
    for factor, ref in references.items():
        codes, values = pd.factorize(data[factor].astype(str))
        values = [str(v) for v in values]
        code = {lv: i for i, lv in enumerate(values)}
        present = levels[factor] if levels and factor in levels else sorted(set(values) - {ref})
        for lv in present:
            if lv == ref:
                continue
            dummies.append((codes, code.get(lv, -1)))
            names.append(f"{factor}={lv}")
    X = np.empty((len(data), len(names) + len(flags)))
    X[:, 0] = 1.0
    for j, (codes, c) in enumerate(dummies, start=1):
        X[:, j] = codes == c
    for j, flag in enumerate(flags, start=len(names)):
        X[:, j] = pd.to_numeric(data[flag]).astype(float).to_numpy()
    return X, [*names, *flags]


def _gh(nagq: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Hermite nodes and log weights for integral exp(-t^2) f(t) dt."""
    t, w = np.polynomial.hermite.hermgauss(nagq)
    return t, np.log(w)


CHUNK = 8  # respondents of one area whose factors 1 + e^eta are multiplied before one log


@dataclass(frozen=True)
class _Sample:
    """The respondents of one design sorted by area, with the index arrays every likelihood
    evaluation reuses (the bootstrap refits share one: same design and areas, new outcomes).

    X : (n, p) design rows, sorted by area (stable); group : (n,) their areas (sorted);
    order : (n,) their positions in the caller's order. has_data : (n_groups,) whether an
    area has respondents; counts : (n_groups,) its respondents; starts : the first sorted
    row of each area with respondents. t, logw : (K,) Gauss-Hermite nodes and log weights.
    The sums over respondents at the (node, area) pairs run over a (K, CHUNK, C) block: C
    chunks of at most CHUNK respondents of one area, in area order; chunks : (n_groups,)
    an area's chunks, chunk_starts : the first chunk of each area with respondents; slot :
    (n,) each respondent's place j * C + c in a (CHUNK, C) plane (chunk c, place j; places
    an area's last chunk leaves empty hold e^eta = 0).
    """

    X: np.ndarray
    group: np.ndarray
    order: np.ndarray
    has_data: np.ndarray
    counts: np.ndarray
    starts: np.ndarray
    t: np.ndarray
    logw: np.ndarray
    chunks: np.ndarray
    chunk_starts: np.ndarray
    slot: np.ndarray


def _sample(X: np.ndarray, group: np.ndarray, n_groups: int, nagq: int) -> _Sample:
    """Sort the respondents by area (stable) and lay them out in chunks (`_Sample`)."""
    order = np.argsort(group, kind="stable")
    g = group[order]
    counts = np.bincount(g, minlength=n_groups)
    chunks = -(-counts // CHUNK)
    first, first_chunk = np.cumsum(counts) - counts, np.cumsum(chunks) - chunks
    rank = np.arange(len(g)) - first[g]  # place within the area
    slot = (rank % CHUNK) * int(chunks.sum()) + first_chunk[g] + rank // CHUNK
    t, logw = _gh(nagq)
    has = counts > 0
    return _Sample(X=np.ascontiguousarray(X[order]), group=g, order=order, has_data=has,
                   counts=counts, starts=first[has], t=t, logw=logw, chunks=chunks,
                   chunk_starts=first_chunk[has], slot=slot)  # fmt: skip


def _area_sums(values: np.ndarray, starts: np.ndarray, has_data: np.ndarray) -> np.ndarray:
    """Sums over the runs of the last axis of `values` that begin at `starts` (one run per
    area with data, in area order), put at the areas `has_data` (0 elsewhere): shape
    values.shape[:-1] + (len(has_data),). Equals np.bincount(area, values) for rows sorted
    by area, up to the order of the additions, in a fraction of its time."""
    sums = np.add.reduceat(values, starts, axis=-1)
    if len(starts) == len(has_data):  # every area has data: the sums as they are
        return sums
    out = np.zeros(values.shape[:-1] + has_data.shape)
    out[..., has_data] = sums
    return out


def _probabilities(offset: np.ndarray, A: np.ndarray, u: np.ndarray, s: _Sample):
    """p = expit(offset + u_area) and p (1 - p) of every respondent, as p = E / (1 + E) and
    p / (1 + E) with E = A e^u, A = e^offset (a product instead of an exponential per
    respondent); scipy's expit where that is not finite."""
    E = A * np.repeat(np.exp(u), s.counts)
    D = 1 + E
    p = E / D
    w = p / D
    if np.isfinite(w).all():
        return p, w
    from scipy import special  # here: the export gate imports this module and fits nothing

    p = special.expit(offset + np.repeat(u, s.counts))
    return p, p * (1 - p)


def _modes(offset, A, ny, s: _Sample, sigma2, u0, max_iter: int = 100):
    """Conditional modes of u_j given beta, sigma (Newton per area, vectorised). Returns the
    modes, the curvature h_j = sum p(1-p) + 1/sigma^2 at the mode, and p and p(1-p) of each
    respondent there. `A` = e^offset, `ny` the outcomes' sums per area."""
    u = u0.copy()
    for _ in range(max_iter):
        p, w = _probabilities(offset, A, u, s)
        grad = ny - _area_sums(p, s.starts, s.has_data) - u / sigma2
        h = _area_sums(w, s.starts, s.has_data) + 1 / sigma2
        step = np.minimum(np.maximum(grad / h, -5.0), 5.0)  # np.clip, without its overhead
        u += step
        if np.abs(step).max() < 1e-12:
            break
    p, w = _probabilities(offset, A, u, s)
    return u, _area_sums(w, s.starts, s.has_data) + 1 / sigma2, p, w


def _node_terms(s: _Sample, offset, A, nodes):
    """Sums over each area's respondents at its quadrature nodes v_kj (K, n_groups), for
    eta_ik = offset_i + v_kj: S_kj = sum_i log(1 + e^eta_ik) (K, n_groups), and a function
    of the node weights pi (K, n_groups) giving Q_kj = sum_i expit(eta_ik) (K, n_groups)
    and q_i = sum_k pi_kj expit(eta_ik) (n,).

    The block e^eta = e^offset e^v (no exponential per respondent and node), its factors
    1 + e^eta multiplied per chunk of CHUNK respondents of an area before one log. Where that
    overflows (eta beyond about 700 / CHUNK) the stable per-element form is used."""
    C = int(s.chunks.sum())
    plane = np.zeros(CHUNK * C)
    plane[s.slot] = A
    E = plane.reshape(1, CHUNK, C) * np.repeat(np.exp(nodes), s.chunks, axis=1)[:, None, :]
    F = E + 1
    prod = F[:, 0].copy()
    with np.errstate(over="ignore"):
        for j in range(1, CHUNK):
            prod *= F[:, j]
    logs = np.log(prod)
    if np.isfinite(logs).all():  # an infinite or undefined factor makes its product so
        E /= F  # expit(eta)

        def expit_terms(pi):
            q = (E * np.repeat(pi, s.chunks, axis=1)[:, None, :]).sum(axis=0).ravel()[s.slot]
            return _area_sums(E.sum(axis=1), s.chunk_starts, s.has_data), q

        return _area_sums(logs, s.chunk_starts, s.has_data), expit_terms
    # stable: log(1 + e^eta) = max(eta, 0) + log1p(e^-|eta|), per respondent and node
    eta = offset[None, :] + np.repeat(nodes, s.counts, axis=1)  # (K, n)
    e = np.exp(-np.abs(eta))
    p = np.where(eta >= 0, 1.0, e) / (1 + e)

    def expit_terms_stable(pi):
        q = (np.repeat(pi, s.counts, axis=1) * p).sum(axis=0)
        return _area_sums(p, s.starts, s.has_data), q

    log_terms = _area_sums(np.maximum(eta, 0) + np.log1p(e), s.starts, s.has_data)
    return log_terms, expit_terms_stable


def _evaluate(theta, s: _Sample, y, ny, state, gradient=False):
    """The adaptive Gauss-Hermite log likelihood (Laplace for one node) of the sorted sample
    `s` with outcomes `y` (in its order; `ny` their sums per area) and, with `gradient`, its
    exact gradient in (beta, log sigma): the modes u_j and scales s_j depend on the
    parameters, and their derivatives follow from the implicit function theorem
    (g'(u_j) = 0), as in Pinheiro & Chao (2006). state['u']: the modes, updated (the next
    evaluation's Newton start). Arrays per node and area are (K, n_groups)."""
    t, logw = s.t[:, None], s.logw[:, None]
    beta, log_sigma = theta[:-1], theta[-1]
    sigma2 = np.exp(2 * log_sigma)
    offset = s.X @ beta
    A = np.exp(offset)
    u, h, p0, w = _modes(offset, A, ny, s, sigma2, state["u"])
    state["u"] = u
    sd = np.sqrt(2.0 / h)  # scale of the adaptive nodes: v = u_hat + s t
    nodes = u + sd * t  # (K, areas)
    # g_j(v) = sum_i [y eta - log(1 + e^eta)] - v^2 / (2 sigma^2), at every node, with
    # sum_i y_i eta_i = sum_i y_i offset_i + v sum_i y_i
    log_terms, expit_terms = _node_terms(s, offset, A, nodes)
    yo = _area_sums(y * offset, s.starts, s.has_data)
    g = yo + ny * nodes - log_terms - nodes**2 / (2 * sigma2)
    # l_j = log sum_k w_k exp(g + t^2) + log s - 0.5 log(2 pi sigma^2)
    a = g + t**2 + logw
    m = a.max(axis=0)
    ea = np.exp(a - m)
    total = ea.sum(axis=0)
    lj = np.log(total) + m + np.log(sd) - 0.5 * np.log(2 * np.pi * sigma2)
    ll = float(np.sum(lj[s.has_data]))
    if not gradient:
        return ll
    pi = ea / total  # (K, areas) weights of the nodes, summing to 1 per area
    c = w * (1 - 2 * p0)
    zc = _area_sums(c, s.starts, s.has_data)
    expit_sums, q = expit_terms(pi)
    coef = ny - expit_sums - nodes / sigma2  # dg_j/dv at the nodes
    # The mode's and scale's derivatives in beta are sums over the area's respondents,
    #   du_j/dbeta = -sum_i w_i x_i / h_j,
    #   dlog s_j/dbeta = -(sum_i c_i x_i + zc_j du_j/dbeta) / (2 h_j),
    # and the node v_kj = u_j + s_j t_k moves by du_j + s_j t_k dlog s_j. The gradient in beta,
    #   sum_j [dlog s_j + sum_k pi_kj (sum_i r_ik x_i + coef_kj dv_kj)], r = y - expit(eta),
    # is therefore X' v for one weight v_i per respondent (no per-area matrices).
    a_j = (pi * coef).sum(axis=0)
    b_j = 1 + sd * (pi * coef * t).sum(axis=0)
    v = (
        y
        - q
        + w * np.repeat(0.5 * b_j * zc / h**2 - a_j / h, s.counts)
        - c * np.repeat(0.5 * b_j / h, s.counts)
    )
    grad_b = s.X.T @ v
    du_l = 2 * u / (sigma2 * h)
    dlogs_l = -0.5 * (zc * du_l - 2 / sigma2) / h
    dv_l = du_l + sd * t * dlogs_l  # (K, areas)
    grad_l = dlogs_l - 1.0 + (pi * (coef * dv_l + nodes**2 / sigma2)).sum(axis=0)
    return ll, np.append(grad_b, grad_l[s.has_data].sum())


def _loglik(theta, X, y, group, n_groups, has_data, t, logw, state, gradient=False):
    """`_evaluate` for respondents in any order: X (n, p), y (n,), group (n,); `has_data`,
    `t` and `logw` as `_sample` makes them (the number of nodes is len(t))."""
    s = _sample(np.asarray(X, dtype=float), np.asarray(group, dtype=np.int64), n_groups, len(t))
    y = np.asarray(y, dtype=float)[s.order]
    return _evaluate(theta, s, y, _area_sums(y, s.starts, s.has_data), state, gradient)


def _glm_start(X, y, precision=None, max_iter: int = 50) -> np.ndarray:
    """Logistic GLM by IRLS (start values), with a tiny ridge against separation, or the
    prior's `precision` (p,) (1 / prior SD^2) when there is one."""
    from scipy import special  # here: the export gate imports this module and fits nothing

    beta = np.zeros(X.shape[1])
    # the tiny ridge steadies the steps only; the prior's precision is part of the objective
    ridge = np.full(X.shape[1], 1e-6) if precision is None else np.maximum(precision, 1e-6)
    penalty = np.zeros(X.shape[1]) if precision is None else precision
    for _ in range(max_iter):
        p = special.expit(X @ beta)
        W = p * (1 - p)
        H = X.T @ (X * W[:, None]) + np.diag(ridge)
        step = np.linalg.solve(H, X.T @ (y - p) - penalty * beta)
        beta += step
        if np.max(np.abs(step)) < 1e-10:
            break
    return beta


def _precision(prior_sd) -> np.ndarray | None:
    """1 / prior_sd^2 (0 for an infinite SD: a flat prior), or None without a prior."""
    if prior_sd is None:
        return None
    with np.errstate(divide="ignore"):
        return 1.0 / np.asarray(prior_sd, dtype=float) ** 2


def _objective(s: _Sample, y, ny, state, clamp: bool = True, precision=None):
    """-loglik and its gradient in phi = (beta, sigma), for BFGS; with `precision` (p,)
    (`_precision`) plus the penalty of the normal prior on beta, 0.5 sum(precision beta^2):
    the minimum is the posterior mode in beta (blme's bglmer with fixef.prior = normal).

    The likelihood depends on sigma^2 only, so phi[-1] may take either sign (sigma = |phi[-1]|)
    and no bound is needed at 0. In sigma, unlike log sigma, the likelihood is well curved
    near sigma = 0 (about a + b sigma^2): a fit whose maximum is at the lower bound gets there
    in a few Newton-like steps instead of creeping along a flat log sigma. With `clamp`, sigma
    below the lower bound counts as the bound (flat: gradient 0 in sigma), so the minimum of
    this function is the maximum over sigma in SIGMA_BOUNDS; above the upper bound it is inf
    (the line search steps back), as is a non-finite likelihood."""

    def f(phi):
        sigma = abs(phi[-1])
        if sigma > SIGMA_BOUNDS[1] or (not clamp and sigma == 0):
            return np.inf, np.zeros_like(phi)
        flat = clamp and sigma < SIGMA_BOUNDS[0]
        theta = np.append(phi[:-1], np.log(max(sigma, SIGMA_BOUNDS[0]) if clamp else sigma))
        with np.errstate(all="ignore"):
            ll, grad = _evaluate(theta, s, y, ny, state, True)
        if not (np.isfinite(ll) and np.all(np.isfinite(grad))):
            return np.inf, np.zeros_like(phi)
        grad[-1] = 0.0 if flat else grad[-1] / phi[-1]  # d/dsigma = (d/dlog|sigma|) / sigma
        if precision is not None:
            beta = phi[:-1]
            ll -= 0.5 * float(np.sum(precision * beta**2))
            grad[:-1] -= precision * beta
        return -ll, -grad

    return f


def _bfgs(f, phi0: np.ndarray, hess_inv: np.ndarray | None):
    """BFGS (scipy, numpy only) from phi0 and an initial inverse Hessian (None: identity)."""
    from scipy import optimize  # here: the export gate imports this module and fits nothing

    return optimize.minimize(
        f, phi0, jac=True, method="BFGS",
        options={"maxiter": 1000, "gtol": 1e-6, "hess_inv0": hess_inv},
    )  # fmt: skip


def _inverse_hessian(f, phi: np.ndarray) -> np.ndarray | None:
    """Inverse of the Hessian of f at phi by central differences of its exact gradient
    (2 (p + 1) evaluations), symmetrised; None when not positive definite."""
    m = len(phi)
    H = np.empty((m, m))
    for j in range(m):
        e = 1e-5 * max(1.0, abs(phi[j]))
        if j == m - 1:
            e = min(e, abs(phi[j]) / 10)  # the sigma step stays on one side of 0
        d = np.zeros(m)
        d[j] = e
        H[:, j] = (f(phi + d)[1] - f(phi - d)[1]) / (2 * e)
    H = (H + H.T) / 2
    if not np.all(np.isfinite(H)) or np.linalg.eigvalsh(H)[0] <= 0:
        return None
    Hi = np.linalg.inv(H)
    return (Hi + Hi.T) / 2


def fit_logistic_glmm(
    X: np.ndarray,
    y: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    nagq: int = 9,
    start: GlmmFit | None = None,
    prior_sd: np.ndarray | None = None,
) -> GlmmFit:
    """Maximum likelihood fit of logit(p) = X beta + u_group, u ~ N(0, sigma^2).

    Parameters
    ----------
    X : (n, p) design of the respondents (full column rank).
    y : (n,) outcomes 0/1.
    group : (n,) area index of each respondent, 0 <= group < n_groups.
    n_groups : number of areas (areas without respondents get u = 0).
    nagq : adaptive Gauss-Hermite points per area; 1 is the Laplace approximation
        (lme4's default ``nAGQ = 1``).
    start : a previous fit on the same design `X` and `group` (the bootstrap refits start at
        the estimate, with its inverse Hessian and its prior; the design's rank is not
        checked again).
    prior_sd : (p,) SDs of independent normal priors N(0, sd^2) on beta (np.inf: flat), or
        None (default) for maximum likelihood. With a prior the fit is the posterior mode in
        beta and the maximum likelihood in sigma: R's ``blme::bglmer(..., fixef.prior =
        normal(sd = c(10, 2.5)), cov.prior = NULL)`` for SDs 10 (intercept) and 2.5 (Chung et
        al. 2013; Gelman et al. 2008). Where the respondents separate a level (no case among
        its respondents in some combination), the maximum likelihood puts its coefficient at
        minus infinity; the prior keeps it finite (docs/small_area.md, "Few cases").

    The likelihood is maximised over beta and sigma in SIGMA_BOUNDS by BFGS with its exact
    gradient (`_objective`); the inner conditional modes by Newton's method. A fit that
    ends at the lower bound of sigma is checked there: when the likelihood still increases
    with sigma (not a maximum: a refit started at sigma ~ 0 sits on a saddle) it restarts
    from sigma = SIGMA_START. A fit without `start` also gets the inverse Hessian at the
    estimate (`GlmmFit.hess_inv`). Raises SmallAreaError without respondents or when every
    outcome is equal.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    _check_outcomes(y)
    if start is None and np.linalg.matrix_rank(X) < X.shape[1]:
        raise SmallAreaError("the design matrix of the respondents is rank deficient")
    if start is None and prior_sd is not None and np.shape(prior_sd) != (X.shape[1],):
        raise SmallAreaError(f"prior_sd has shape {np.shape(prior_sd)}, not ({X.shape[1]},)")
    s = _sample(X, np.asarray(group, dtype=np.int64), n_groups, nagq)
    return _fit(s, y, start, prior_sd)


def _check_outcomes(y: np.ndarray) -> None:
    """SmallAreaError without respondents or when every outcome is equal."""
    if len(y) == 0:
        raise SmallAreaError("no respondents with an outcome: the model cannot be fitted")
    if y.min() == y.max():
        raise SmallAreaError(f"every respondent has outcome {y[0]:g}: the model cannot be fitted")


def _fit(s: _Sample, y: np.ndarray, start: GlmmFit | None, prior_sd=None) -> GlmmFit:
    """`fit_logistic_glmm` on the sorted sample `s` with outcomes `y` in the caller's order
    (a refit from `start` takes its prior)."""
    _check_outcomes(y)
    n_groups, nagq = len(s.has_data), len(s.t)
    if start is not None:
        prior_sd = start.prior_sd
    precision = _precision(prior_sd)
    y = y[s.order]
    ny = _area_sums(y, s.starts, s.has_data)
    if start is None:
        phi0, hess_inv = np.append(_glm_start(s.X, y, precision), SIGMA_START), None
        state = {"u": np.zeros(n_groups)}
    else:
        phi0, hess_inv = np.append(start.beta, start.sigma), start.hess_inv
        state = {"u": start.u.copy()}
    f = _objective(s, y, ny, state, precision=precision)
    res = _bfgs(f, phi0, hess_inv)
    lower = SIGMA_BOUNDS[0]
    if abs(res.x[-1]) <= lower * (1 + 1e-9):
        # at the bound: a maximum only if the likelihood decreases into the interior
        bound = np.append(res.x[:-1], lower * (1 + 1e-6))
        slope = _objective(s, y, ny, state, clamp=False, precision=precision)(bound)[1][-1]
        if slope < 0:
            again = _bfgs(f, np.append(res.x[:-1], SIGMA_START), hess_inv)
            if again.fun < res.fun:
                res = again
    beta, sigma = res.x[:-1].copy(), float(np.clip(abs(res.x[-1]), *SIGMA_BOUNDS))
    offset = s.X @ beta
    with np.errstate(all="ignore"):
        u, *_ = _modes(offset, np.exp(offset), ny, s, sigma**2, state["u"])
    u = np.where(s.has_data, u, 0.0)
    converged = bool(res.success or np.max(np.abs(res.jac)) < 1e-3)
    if start is None:
        hess_inv = _inverse_hessian(
            _objective(s, y, ny, state, clamp=False, precision=precision), np.append(beta, sigma)
        )
    else:
        hess_inv = None
    loglik = -float(res.fun)  # the log likelihood, without the prior's penalty
    if precision is not None:
        loglik += 0.5 * float(np.sum(precision * res.x[:-1] ** 2))
    prior = None if prior_sd is None else np.asarray(prior_sd, dtype=float)
    return GlmmFit(beta=beta, sigma=sigma, u=u, loglik=loglik, nagq=nagq,
                   converged=converged, hess_inv=hess_inv, prior_sd=prior)  # fmt: skip


def predict_probability(fit: GlmmFit, X: np.ndarray, group: np.ndarray) -> np.ndarray:
    """expit(X beta + u_group) for every person of the population: shape (n,)."""
    from scipy import special  # here: the export gate imports this module and fits nothing

    return special.expit(np.asarray(X, dtype=float) @ fit.beta + fit.u[np.asarray(group)])


def area_means(values: np.ndarray, area: np.ndarray, n_areas: int) -> np.ndarray:
    """Mean of `values` per area index (NaN for an area without persons): shape (n_areas,)."""
    n = np.bincount(area, minlength=n_areas)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(area, values, n_areas) / np.where(n > 0, n, np.nan)


@dataclass(frozen=True)
class BootstrapResult:
    """Per area of every level: the estimate, the interval and the bootstrap RMSE.

    estimate, ci_lower, ci_upper, rmse : dict level -> (n_areas_of_level,) arrays.
    replicates : the replicates that were refitted (a failed refit is left out).
    """

    estimate: dict[str, np.ndarray]
    ci_lower: dict[str, np.ndarray]
    ci_upper: dict[str, np.ndarray]
    rmse: dict[str, np.ndarray]
    replicates: int


def bootstrap_intervals(
    fit: GlmmFit,
    X_pop: np.ndarray,
    group_pop: np.ndarray,
    respondents: np.ndarray,
    areas: Mapping[str, tuple[np.ndarray, int]],
    replicates: int,
    rng: np.random.Generator,
    level: float = 0.95,
) -> BootstrapResult:
    """Estimates and parametric-bootstrap intervals of area prevalences (module docstring).

    Parameters
    ----------
    fit : the model fitted on the respondents.
    X_pop, group_pop : design and model area (buurt) index of every person of the population.
    respondents : (n,) row positions in the population of the respondents the model was
        fitted on (the bootstrap refits on their replicate outcomes).
    areas : level -> (area index of every person of the population, number of areas); the
        prevalences are reported for each level (e.g. buurt and wijk).
    replicates : bootstrap replicates B.
    rng : the random generator (seeded by the caller: results are reproducible).
    level : confidence level.
    """
    from scipy import special  # here: the export gate imports this module and fits nothing

    X_pop = np.asarray(X_pop, dtype=float)
    group_pop = np.asarray(group_pop, dtype=np.int64)
    n_groups = len(fit.u)
    # residents with the same covariates and areas have the same probabilities: predict once
    # per pattern (several times fewer than residents) and weight by the pattern's residents;
    # the linear predictor once per distinct row of the design (fewer still). Coding the rows
    # first keeps the patterns in the order of the rows' values (`_patterns`).
    x_first, x_inv = _patterns(X_pop)
    keys = np.column_stack([x_inv, group_pop, *(idx for idx, _ in areas.values())])
    first, inv = _patterns(keys)
    X_rows, x_pat, g_pat = X_pop[x_first], x_inv[first], group_pop[first]
    count = np.bincount(inv, minlength=len(first)).astype(float)
    at = {lv: (idx[first], np.bincount(idx, minlength=n)) for lv, (idx, n) in areas.items()}

    def means(p_pat: np.ndarray) -> dict[str, np.ndarray]:
        weighted = count * p_pat
        with np.errstate(invalid="ignore", divide="ignore"):
            return {
                lv: np.bincount(idx, weighted, len(n)) / np.where(n > 0, n, np.nan)
                for lv, (idx, n) in at.items()
            }

    def predict(f: GlmmFit) -> np.ndarray:
        return special.expit(_rows_times(X_rows, f.beta)[x_pat] + f.u[g_pat])

    offset = _rows_times(X_rows, fit.beta)[x_pat]
    estimate = means(predict(fit))
    # a replicate's true counts per area: its positive residents counted per cell (a
    # combination of the levels' areas: the buurten in their wijken), then summed per area of
    # each level (whole numbers: the same counts as counting the residents of each area). The
    # positives are found once (np.flatnonzero: a boolean mask of the residents as an index
    # costs three times as much) and counted in a few dozen cells
    cell_first, cell = _patterns(np.column_stack([idx for idx, _ in areas.values()]))
    at_cell = {lv: idx[cell_first] for lv, (idx, _) in areas.items()}
    errors: dict[str, list[np.ndarray]] = {lv: [] for lv in areas}
    sq: dict[str, list[np.ndarray]] = {lv: [] for lv in areas}
    # the refits share the respondents' design and buurten, sorted once
    sample = _sample(X_pop[respondents], group_pop[respondents], n_groups, fit.nagq)
    residents = {lv: np.where(n > 0, n, np.nan) for lv, (_, n) in at.items()}
    done = 0
    for _ in range(replicates):
        u_star = rng.normal(0.0, fit.sigma, n_groups)
        p_true = special.expit(offset + u_star[g_pat])[inv]
        y_star = rng.random(len(inv)) < p_true
        try:
            refit = _fit(sample, y_star[respondents].astype(float), start=fit)
        except SmallAreaError:
            continue
        est_star = means(predict(refit))
        done += 1
        y_cell = np.bincount(cell[np.flatnonzero(y_star)], minlength=len(cell_first))
        for lv, (_, n) in areas.items():
            positives = np.bincount(at_cell[lv], y_cell, n)
            truth = positives / residents[lv]  # area_means
            errors[lv].append(_logit(est_star[lv]) - _logit(truth))
            sq[lv].append((est_star[lv] - truth) ** 2)
    alpha = 1 - level
    lower, upper, rmse = {}, {}, {}
    for lv in areas:
        if not done:
            nan = np.full_like(estimate[lv], np.nan)
            lower[lv], upper[lv], rmse[lv] = nan, nan.copy(), nan.copy()
            continue
        e = np.vstack(errors[lv])
        lo_q, hi_q = np.nanquantile(e, [alpha / 2, 1 - alpha / 2], axis=0)
        lg = _logit(estimate[lv])
        lower[lv] = special.expit(lg - hi_q)
        upper[lv] = special.expit(lg - lo_q)
        rmse[lv] = np.sqrt(np.nanmean(np.vstack(sq[lv]), axis=0))
    return BootstrapResult(estimate, lower, upper, rmse, done)


# `_rows_times`: OpenBLAS (numpy's BLAS) computes a matrix-vector product of fewer than
# 2304 * 4 = 9216 elements on one thread (its interface/gemv.c); a block of rows is the largest
# power of two, at least 64, whose elements stay under that. Blocks that begin at a multiple
# of 64 rows give each row the very sum of the product of the whole matrix (its kernel works
# through the rows in aligned groups; a block of 227 rows changed the last bit of some rows)
BLOCK_ELEMENTS = 9216
BLOCK_MIN_ROWS = 64


def _block_rows(columns: int) -> int:
    """Rows of a block of `_rows_times` for a matrix of `columns` columns."""
    rows = BLOCK_MIN_ROWS
    while 2 * rows * max(1, columns) < BLOCK_ELEMENTS:
        rows *= 2
    return rows


def _rows_times(X: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """X @ beta, computed in blocks of rows (`_block_rows`): the same numbers, bit for bit,
    without the second BLAS thread that numpy's OpenBLAS wakes for a product of the whole
    pattern matrix (tens of thousands of rows) at every bootstrap replicate; on a busy 2-core
    machine that thread cost about nine times the product's own CPU time (32,481 x 36: 5.5
    against 0.6 ms of CPU). The whole blocks are one product of the stack of blocks (numpy's
    matmul calls BLAS for each block in turn, without a Python loop: a third of the time of
    the loop over 254 blocks), the rows after them one product, from BLOCK_MIN_ROWS rows
    earlier (numpy computes the product of a single row as a dot product, of other last
    bits than the matrix's)."""
    X = np.ascontiguousarray(X, dtype=float)
    rows = _block_rows(X.shape[1])
    if len(X) <= rows or not X.shape[1]:
        return X @ beta
    whole = len(X) // rows * rows
    out = np.empty(len(X))
    out[:whole] = np.matmul(X[:whole].reshape(-1, rows, X.shape[1]), beta).ravel()
    if whole < len(X):
        start = whole - BLOCK_MIN_ROWS  # an aligned start: each row its sum of the whole product
        out[whole:] = (X[start:] @ beta)[BLOCK_MIN_ROWS:]
    return out


def _patterns(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of `keys` (n, k): the first row of each, in sorted order of the rows'
    codes, and each row's pattern index (n,). Each column is coded by its distinct values and
    the codes combined in mixed radix (recoded when the product nears 2^62). A column of small
    whole numbers (0/1 dummies, indices) is its own code: the same order, without sorting."""
    code = np.zeros(len(keys), dtype=np.int64)
    size = 1
    for col in keys.T:
        col = np.ascontiguousarray(col)
        c = col.astype(np.int64)
        if len(c) and np.array_equal(c, col) and c.min() >= 0 and c.max() < 2**20:
            n_levels = int(c.max()) + 1
        else:
            c, levels = pd.factorize(col, sort=True)
            n_levels = len(levels)
        if size * n_levels >= 2**62:
            code = np.unique(code, return_inverse=True)[1].ravel().astype(np.int64)
            size = int(code.max()) + 1
        code = code * n_levels + c
        size *= n_levels
    _, first, inv = np.unique(code, return_index=True, return_inverse=True)
    return first, inv.ravel()


def _logit(p: np.ndarray) -> np.ndarray:
    """logit with p clipped to [1e-6, 1 - 1e-6] (a replicate area of 0 or 1 stays finite)."""
    from scipy import special  # here: the export gate imports this module and fits nothing

    return special.logit(np.clip(p, 1e-6, 1 - 1e-6))
