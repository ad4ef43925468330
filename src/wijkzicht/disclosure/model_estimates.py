"""Disclosure control of model estimates (method ``modelschatting``, docs/small_area.md).

A model estimate is a prediction from a model fitted on all respondents and the registers,
not a count of persons with the outcome: its rows carry the residents of the area
(``denominator``) and the respondents with an outcome (``n_denominator``), never a numerator.
The rules (config ``disclosure.modelschatting``):

1. Publish only for areas with at least ``min_residents`` residents and
   ``min_respondents`` respondents; other rows are withheld (``suppressed_primary``). An
   area without residents is an empty cell (``ok``, no numbers), as elsewhere.
2. No respondent or resident count below the threshold can be derived: a withheld area's
   counts equal its parent's counts (the wijk's respondents are published by the direct
   estimate) minus its published siblings. Within each parent (buurten of a wijk, wijken
   of the gemeente), while the withheld siblings together hold a count in 1..threshold-1,
   the published sibling with the fewest respondents is withheld too
   (``suppressed_secondary``). Two or more withheld siblings then share a total of at
   least ``threshold``, and each count can lie anywhere in [0, total].
3. ``value``, ``ci_lower`` and ``ci_upper`` are rounded to ``decimals`` decimals of a
   proportion (2: whole percentages), ``se`` (the bootstrap RMSE) to one more: the
   estimate's precision (an interval several percentage points wide) warrants no more.

The rows stay out of the LP audit of the other rows (they have no numerator; the audit
relates counts of persons with an outcome). `check_row` is the export gate's check.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from wijkzicht.themes.small_area import METHOD

__all__ = ["METHOD", "check_row", "is_model_row", "protect_model_rows"]

ESTIMATES = ("value", "ci_lower", "ci_upper")


def is_model_row(df: pd.DataFrame) -> pd.Series:
    """True for the rows of model estimates."""
    if "method" not in df:
        return pd.Series(False, index=df.index)
    return df["method"] == METHOD


def protect_model_rows(
    df: pd.DataFrame, rules: Mapping, threshold: int, parents: Mapping[str, str]
) -> pd.DataFrame:
    """Status and rounding of model-estimate rows (the module's rules 1-3).

    `df` holds only rows of method modelschatting (any measures, years, levels); `rules` is
    config disclosure.modelschatting (min_residents, min_respondents, decimals); `parents`
    maps each buurt to its wijk and each wijk to its gemeente. Returns the rows with
    `status` set and the estimates of every row rounded (a withheld row's numbers are
    blanked by the export, as any suppressed row's)."""
    out = df.copy()
    residents = pd.to_numeric(out["denominator"], errors="coerce").fillna(0).to_numpy()
    respondents = pd.to_numeric(out["n_denominator"], errors="coerce").fillna(0).to_numpy()
    empty = residents == 0
    small = (residents < rules["min_residents"]) | (respondents < rules["min_respondents"])
    status = np.where(empty, "ok", np.where(small, "suppressed_primary", "ok")).astype(object)
    parent = out["area_code"].map(parents).fillna("").to_numpy()
    block = ["measure", "definition", "year", "area_level"]
    for _, rows in out.groupby([*block], sort=False).groups.items():
        pos = out.index.get_indexer(rows)
        for p in np.unique(parent[pos]):
            sib = pos[parent[pos] == p]
            _close(sib, status, residents, respondents, threshold)
    out["status"] = status
    d = int(rules["decimals"])
    for c in ESTIMATES:
        out[c] = np.round(pd.to_numeric(out[c], errors="coerce").astype(float), d)
    out["se"] = np.round(pd.to_numeric(out["se"], errors="coerce").astype(float), d + 1)
    out.loc[empty, [*ESTIMATES, "se"]] = np.nan
    return out


def _close(sib, status, residents, respondents, threshold) -> None:
    """Withhold published siblings until the withheld ones hold no sensitive total."""
    while True:
        hidden = sib[status[sib] != "ok"]
        if len(hidden) == 0:
            return
        totals = (respondents[hidden].sum(), residents[hidden].sum())
        if not any(1 <= t <= threshold - 1 for t in totals):
            return
        shown = sib[(status[sib] == "ok") & (residents[sib] > 0)]
        if len(shown) == 0:
            return
        pick = shown[np.lexsort((shown, respondents[shown]))[0]]
        status[pick] = "suppressed_secondary"


def check_row(row: Mapping[str, str], rules: Mapping) -> list[str]:
    """What is wrong with one exported row of a model estimate (the export gate's check).

    `row` maps column -> CSV cell text. A published row (status ok) with residents needs
    residents >= min_residents, respondents >= min_respondents, no numerator and estimates
    with at most `decimals` decimals (se one more)."""
    if row.get("status", "").strip() != "ok":
        return []
    problems = []
    for c in ("numerator", "n_numerator"):
        if row.get(c, "").strip():
            problems.append(f"a model estimate carries {c}")
    residents = _number(row.get("denominator", ""))
    respondents = _number(row.get("n_denominator", ""))
    filled = [c for c in (*ESTIMATES, "se") if row.get(c, "").strip()]
    if not filled and not residents:
        return problems  # an empty cell: no residents, no estimate
    if residents is None or residents < rules["min_residents"]:
        problems.append(
            f"a model estimate published for {_shown(residents)} residents "
            f"(at least {rules['min_residents']} required)"
        )
    if respondents is None or respondents < rules["min_respondents"]:
        problems.append(
            f"a model estimate published for {_shown(respondents)} respondents "
            f"(at least {rules['min_respondents']} required)"
        )
    d = int(rules["decimals"])
    for c in filled:
        places = d + 1 if c == "se" else d
        x = _number(row[c])
        if x is None or abs(x * 10**places - round(x * 10**places)) > 1e-6:
            problems.append(f"{c} {row[c]} has more than {places} decimals")
    return problems


def _number(text: str) -> float | None:
    try:
        return float(text) if str(text).strip() else None
    except ValueError:
        return None


def _shown(x: float | None) -> str:
    return "no" if x is None else f"{x:g}"
