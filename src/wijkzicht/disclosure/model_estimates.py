"""Disclosure control of model estimates (method ``modelschatting``, docs/small_area.md).

A model estimate is a prediction from a model fitted on all respondents and the registers,
not a count of persons with the outcome: its rows carry the residents of the area
(``denominator``) and the respondents with an outcome (``n_denominator``), never a numerator.
The rules (config ``disclosure.modelschatting``):

1. Publish only for areas with at least ``min_residents`` residents and
   ``min_respondents`` respondents, and never fewer respondents than the primary rule's
   threshold; other rows are withheld (``suppressed_primary``). An
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
4. A row shows its respondents only where the survey row of its wijk (the direct estimate
   of the same measure, definition and year, group ``totaal``; for a buurt, that of the
   wijk it lies in) is published. A wijk's model respondents are that survey row's
   denominator, and a wijk's buurten's add up to it: where disclosure control suppressed
   the survey row, showing them would hand an attacker its denominator, and with the
   published herkomst groups the respondents of the small ones (29 - 20 = 9, a reviewer's
   case). Elsewhere they repeat a published count. The estimate itself stays published.

The rows stay out of the LP audit of the other rows (they have no numerator; the audit
relates counts of persons with an outcome), which is why they are decided after it, from
the survey rows' final status. `check_row` is the export gate's check of one row;
`respondents_withheld_without_cause` its check of rule 4 across a file's rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from wijkzicht.themes.small_area import METHOD
from wijkzicht.themes.table import TOTAAL, parents_by_code

__all__ = [
    "METHOD",
    "check_row",
    "is_model_row",
    "protect_model_rows",
    "respondents_shown",
    "respondents_withheld_without_cause",
]

ESTIMATES = ("value", "ci_lower", "ci_upper")


def is_model_row(df: pd.DataFrame) -> pd.Series:
    """True for the rows of model estimates."""
    if "method" not in df:
        return pd.Series(False, index=df.index)
    return df["method"] == METHOD


def protect_model_rows(
    df: pd.DataFrame,
    rules: Mapping,
    threshold: int,
    parents: Mapping[str, str],
    survey: pd.DataFrame,
) -> pd.DataFrame:
    """Status, respondents and rounding of model-estimate rows (the module's rules 1-4).

    `df` holds only rows of method modelschatting (any measures, years, levels); `rules` is
    config disclosure.modelschatting (min_residents, min_respondents, decimals); `parents`
    maps each buurt to its wijk and each wijk to its gemeente; `survey` the table's other
    rows with their final `status` (after secondary suppression), from which rule 4 reads
    which wijken publish their respondents. Returns the rows with `status` set, the
    respondents (`n_denominator`) blank where rule 4 withholds them and the estimates of
    every row rounded (a withheld row's numbers are blanked by the export, as any
    suppressed row's)."""
    out = df.copy()
    residents = pd.to_numeric(out["denominator"], errors="coerce").fillna(0).to_numpy()
    respondents = pd.to_numeric(out["n_denominator"], errors="coerce").fillna(0).to_numpy()
    empty = residents == 0
    # the respondents are a published count (n_denominator): never fewer than the threshold
    # of the primary rule either, whatever min_respondents says (a threshold of 15 beside
    # min_respondents 10 published buurten of 10 respondents, and the gate refused them)
    least = max(int(rules["min_respondents"]), int(threshold))
    small = (residents < rules["min_residents"]) | (respondents < least)
    status = np.where(empty, "ok", np.where(small, "suppressed_primary", "ok")).astype(object)
    shown = respondents_shown(out, survey, parents)
    # withheld respondents add up to nothing an attacker knows: only the shown ones can
    # give away a withheld sibling's count (rule 2)
    known = np.where(shown, respondents, 0)
    parent = out["area_code"].map(parents).fillna("").to_numpy()
    block = ["measure", "definition", "year", "area_level"]
    for _, rows in out.groupby([*block], sort=False).groups.items():
        pos = out.index.get_indexer(rows)
        for p in np.unique(parent[pos]):
            sib = pos[parent[pos] == p]
            _close(sib, status, residents, known, threshold)
    out["status"] = status
    out["n_denominator"] = out["n_denominator"].where(shown)
    d = int(rules["decimals"])
    for c in ESTIMATES:
        out[c] = np.round(pd.to_numeric(out[c], errors="coerce").astype(float), d)
    out["se"] = np.round(pd.to_numeric(out["se"], errors="coerce").astype(float), d + 1)
    out.loc[empty, [*ESTIMATES, "se"]] = np.nan
    return out


def respondents_shown(
    models: pd.DataFrame, survey: pd.DataFrame, parents: Mapping[str, str]
) -> np.ndarray:
    """Rule 4: True for the model rows whose respondents may be shown, shape (len(models),).

    A row's wijk is its own area (a wijk) or its parent (a buurt, through `parents`); its
    respondents are shown when `survey` (rows with `status`, any methods but
    modelschatting) publishes the row of that wijk with the same measure, definition and
    year and group ``totaal`` (status ``ok``)."""
    key = ["measure", "definition", "year"]
    whole = survey[
        (survey["group"] == TOTAAL)
        & (survey["group_value"] == TOTAAL)
        & (survey["status"] == "ok")
        & ~is_model_row(survey)
    ]
    published = set(zip(*(whole[c].astype(str) for c in [*key, "area_code"]), strict=True))
    code = models["area_code"].astype(str)
    wijk = code.where(models["area_level"] != "buurt", code.map(parents)).fillna("")
    wanted = zip(*(models[c].astype(str) for c in key), wijk, strict=True)
    return np.array([k in published for k in wanted], dtype=bool)


def respondents_withheld_without_cause(rows: list[Mapping[str, str]]) -> list[int]:
    """The export gate's check of rule 4 across one measures file: the positions in `rows`
    (dicts of column -> CSV cell text, the file's rows in order) of published model
    estimates without respondents whose wijk's survey row (same measure, definition and
    year, group ``totaal``) is published. Such a row shows an estimate whose minimum of
    respondents cannot be checked, while nothing needed it withheld. A buurt's wijk is
    found by its CBS code among the file's wijk codes (`themes.table.parents_by_code`)."""

    def cell(r: Mapping[str, str], c: str) -> str:
        return str(r.get(c, "")).strip()

    key = ("measure", "definition", "year")
    published = {
        (*(cell(r, c) for c in key), cell(r, "area_code"))
        for r in rows
        if cell(r, "method") != METHOD
        and cell(r, "group") == TOTAAL
        and cell(r, "group_value") == TOTAAL
        and cell(r, "status") == "ok"
    }
    blank = [
        i
        for i, r in enumerate(rows)
        if cell(r, "method") == METHOD
        and cell(r, "status") == "ok"
        and not cell(r, "n_denominator")
        and any(cell(r, c) for c in (*ESTIMATES, "se", "denominator"))
    ]
    wijken = sorted({cell(r, "area_code") for r in rows if cell(r, "area_level") == "wijk"})
    buurten = [cell(rows[i], "area_code") for i in blank if cell(rows[i], "area_level") == "buurt"]
    wijk_of = parents_by_code(buurten, wijken)
    out = []
    for i in blank:
        r = rows[i]
        code = cell(r, "area_code")
        wijk = wijk_of.get(code, "") if cell(r, "area_level") == "buurt" else code
        if (*(cell(r, c) for c in key), wijk) in published:
            out.append(i)
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
    residents >= min_residents, respondents >= min_respondents (unless they are withheld,
    blank, by rule 4: `respondents_withheld_without_cause` checks that across the file), no
    numerator and estimates with at most `decimals` decimals (se one more)."""
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
    if respondents is not None and respondents < rules["min_respondents"]:
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
