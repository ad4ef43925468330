"""Logistic regression of a 0/1 outcome on categorical factors, as odds ratios.

The model is a binomial GLM with logit link (maximum likelihood by iteratively reweighted
least squares, fitted on the covariate patterns: identical estimates and standard errors to
the person-level fit, much faster). The fit is statsmodels' GLM (0.15) written out
(`_binomial_irls`): the same steps in the same order, so the same bits; importing statsmodels'
GLM cost every migratie job about 0.6 CPU s (tests/unit/test_s4_glm_bits.py checks it against
statsmodels bit for bit). Factors use treatment coding with a given reference
level; levels without persons are dropped before fitting (docs/rules.md#m9).
Intervals are Wald intervals exp(b +- z se) with z = the normal quantile, as R's
``confint.default(glm(...))``; ``se`` is the SE of the log odds ratio.

References
----------
McCullagh P, Nelder JA (1989). Generalized Linear Models, 2nd ed. Chapman & Hall.
Agresti A (2013). Categorical Data Analysis, 3rd ed., ch. 4-5. Wiley.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["logistic_odds_ratios"]


def logistic_odds_ratios(
    data: pd.DataFrame,
    outcome: str,
    references: Mapping[str, object],
    levels: Mapping[str, Sequence] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Odds ratios of every non-reference factor level from one logistic model (docs/rules.md#e5).

    Parameters
    ----------
    data : one row per person.
    outcome : a 0/1 column (no missing values).
    references : factor column -> its reference level, in the order of the model
        terms, e.g. {"herkomst": "Nederland", "leeftijd": "18-29", "geslacht": "man",
        "inkomen": "1"}. Factor values are compared as strings. A missing factor value
        is an error: code unknowns as their own level (e.g. "onbekend").
    levels : optional factor -> level order for the output (levels not listed come
        after, sorted); by default levels are sorted as strings.
    level : confidence level of the Wald interval.

    Returns
    -------
    DataFrame with one row per non-reference level that has persons: `term` (the
    factor), `level`, `odds_ratio`, `ci_lower`, `ci_upper`, `se` (SE of the log OR),
    `log_odds_ratio`, `p_value` (Wald), `n_events`, `n_persons` (in that level) and
    `separation` (True when the level has no events or only events: its maximum
    likelihood estimate does not exist, and its estimate columns are NaN; the other
    levels are still estimated).

    Raises ValueError when a reference level has no persons, or when the design is
    rank deficient (e.g. two factors that determine each other).
    """
    from scipy import special  # here: the person-level jobs import this module, compute nothing

    factors = list(references)
    if not factors:
        raise ValueError("at least one factor is needed")
    y = pd.to_numeric(data[outcome], errors="raise")
    if y.isna().any() or not y.isin([0, 1]).all():
        raise ValueError(f"outcome {outcome!r} must be 0/1 without missing values")
    if data[factors].isna().any().any():
        raise ValueError("factor values must not be missing: code unknowns as a level")
    frame = data[factors].astype(str)
    frame["__y__"] = y.to_numpy(dtype=float)
    cells = frame.groupby(factors, sort=True, observed=True)["__y__"].agg(["sum", "size"])
    cells = cells.reset_index()
    events = cells["sum"].to_numpy(dtype=float)
    persons = cells["size"].to_numpy(dtype=float)

    columns = [np.ones(len(cells))]
    names: list[tuple[str, str]] = []
    for factor in factors:
        ref = str(references[factor])
        present = set(cells[factor])
        if ref not in present:
            raise ValueError(f"reference level {ref!r} of {factor!r} has no persons")
        order = _level_order(present, None if levels is None else levels.get(factor))
        for lev in order:
            if lev == ref:
                continue
            columns.append((cells[factor] == lev).to_numpy(dtype=float))
            names.append((factor, lev))
    exog = np.column_stack(columns)
    if np.linalg.matrix_rank(exog) < exog.shape[1]:
        raise ValueError("the factors are collinear: the model is not identifiable")
    params, bse = _binomial_irls(events, persons, exog)
    b = params[1:]
    se = bse[1:]
    z = special.ndtri(1 - (1 - level) / 2)

    rows = []
    for j, (factor, lev) in enumerate(names):
        in_level = (cells[factor] == lev).to_numpy()
        ev = float(events[in_level].sum())
        pe = float(persons[in_level].sum())
        separated = ev == 0 or ev == pe
        bj, sj = (np.nan, np.nan) if separated else (b[j], se[j])
        rows.append(
            {
                "term": factor,
                "level": lev,
                "odds_ratio": float(np.exp(bj)),
                "ci_lower": float(np.exp(bj - z * sj)),
                "ci_upper": float(np.exp(bj + z * sj)),
                "se": float(sj),
                "log_odds_ratio": float(bj),
                "p_value": float(2 * special.ndtr(-abs(bj / sj))),
                "n_events": int(ev),
                "n_persons": int(pe),
                "separation": bool(separated),
            }
        )
    return pd.DataFrame(rows)


def _level_order(present: set[str], wanted: Sequence | None) -> list[str]:
    if wanted is None:
        return sorted(present)
    first = [str(v) for v in wanted if str(v) in present]
    return first + sorted(present.difference(first))


# statsmodels' bounds of a probability in the logit link and the binomial variance
_EPS = np.finfo(float).eps


def _binomial_irls(
    events: np.ndarray,
    persons: np.ndarray,
    exog: np.ndarray,
    maxiter: int = 200,
    tol: float = 1e-12,
) -> tuple[np.ndarray, np.ndarray]:
    """Maximum likelihood of a binomial GLM with logit link: (coefficients, standard errors).

    Written out from statsmodels 0.15, `GLM(np.column_stack([events, persons - events]), exog,
    family=Binomial()).fit(tol=tol, rtol=0.0, tol_criterion="params", maxiter=maxiter)`:
    iteratively reweighted least squares (numpy's lstsq) from mu = (y + 1/2) / 2 until two
    successive coefficient vectors agree within `tol`; then the last step's weighted least
    squares again by the pseudo-inverse (SVD, singular values below 1e-15 of the largest
    dropped), which gives the coefficients and the covariance (scale 1). Every operation is
    statsmodels', in its order: the same bits (tests/unit/test_s4_glm_bits.py). Raises
    ValueError, as statsmodels does, for a pattern without persons and when the weights or the
    working response are not finite.
    """
    events = np.asarray(events, dtype=float)
    persons = np.asarray(persons, dtype=float)
    n = events + (persons - events)  # Binomial.initialize: the two columns' sum
    y = events * 1.0 / n
    iweights = np.ones(len(y)) * np.ones(len(y))  # freq_weights * var_weights

    def clean(p):
        return np.clip(p, _EPS, 1.0 - _EPS)

    def deriv(mu):  # Logit.deriv
        p = clean(mu)
        return 1.0 / (p * (1 - p))

    if np.isnan(y).any():  # a pattern without persons: statsmodels' first deviance is NaN
        raise ValueError("The first guess on the deviance function returned a nan.")
    mu = (y + 0.5) / 2  # Binomial.starting_mu
    p = clean(mu)
    lin_pred = np.log(p / (1.0 - p))
    previous = np.zeros(exog.shape[1])
    for _ in range(maxiter):
        p = clean(mu / 1)  # varfuncs.Binomial(n=1)
        weights = iweights * n * (1.0 / (deriv(mu) ** 2 * (p * (1 - p) * 1)))
        working = lin_pred + deriv(mu) * (y - mu) - 0.0
        w_half = np.sqrt(weights)  # _MinimalWLS and its checks
        if not np.all(np.isfinite(w_half)):
            raise ValueError(
                "NaN, inf or invalid value detected in weights, estimation infeasible."
            )
        if not np.all(np.isfinite(working)):
            raise ValueError("NaN, inf or invalid value detected in endog, estimation infeasible.")
        params = np.linalg.lstsq(w_half[:, None] * exog, w_half * working, rcond=-1)[0]
        lin_pred = np.dot(exog, params)
        lin_pred += 0.0  # no offset or exposure
        mu = 1.0 / (1.0 + np.exp(-lin_pred))  # Logit.inverse
        converged = np.allclose(previous, params, atol=tol, rtol=0.0)
        previous = params
        if converged:
            break
    # WLS(working, exog, weights).fit(method="pinv") with tools.pinv_extended
    root = np.sqrt(weights)
    u, s, vt = np.linalg.svd(root[:, None] * exog, False)
    cutoff = 1e-15 * np.maximum.reduce(s)
    for i in range(min(vt.shape[1], u.shape[0])):
        s[i] = 1.0 / s[i] if s[i] > cutoff else 0.0
    pinv = np.dot(np.transpose(vt), np.multiply(s[:, np.newaxis], np.transpose(u)))
    cov = np.dot(pinv, np.transpose(pinv)) * 1.0
    return np.dot(pinv, working * root), np.sqrt(np.diag(cov))
