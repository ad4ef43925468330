"""Logistic regression of a 0/1 outcome on categorical factors, as odds ratios.

The model is a binomial GLM with logit link (maximum likelihood, statsmodels GLM,
fitted on the covariate patterns: identical estimates and standard errors to the
person-level fit, much faster). Factors use treatment coding with a given reference
level; levels without persons are dropped before fitting (docs/rules.md#m9).
Intervals are Wald intervals exp(b +- z se) with z = the normal quantile, as R's
``confint.default(glm(...))``; ``se`` is the SE of the log odds ratio.

References
----------
McCullagh P, Nelder JA (1989). Generalized Linear Models, 2nd ed. Chapman & Hall.
Agresti A (2013). Categorical Data Analysis, 3rd ed., ch. 4-5. Wiley.
"""

from __future__ import annotations

import warnings
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
    endog = np.column_stack([events, persons - events])
    # imported here, and not statsmodels.api (which loads all of statsmodels: seconds): most
    # jobs that import this module fit no model
    from statsmodels.genmod import families
    from statsmodels.genmod.generalized_linear_model import GLM

    model = GLM(endog, exog, family=families.Binomial())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # separation warnings: reported per level below
        fit = model.fit(tol=1e-12, rtol=0.0, tol_criterion="params", maxiter=200)
    b = np.asarray(fit.params)[1:]
    se = np.asarray(fit.bse)[1:]
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
