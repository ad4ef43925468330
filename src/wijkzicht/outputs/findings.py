"""Which wijken differ from the city, and which trends rise or fall: one releasable table per
theme (`<theme>/verschillen.csv`), computed from the published measures only, that every page
uses to flag a wijk or to say a trend in words.

Wijk against city (`comparison` = `wijk_vs_gemeente`), per row of a wijk with the gemeente row
of the same measure, definition, year, group and method:

- `two_proportion_z` (shares with counts, method `wilson`): the wijk against the rest of the
  city (gemeente counts minus the wijk's), the z test with pooled SE (R's `prop.test` without
  continuity correction);
- `z_independent` (standardised and survey shares): (wijk - city) / sqrt(se_wijk^2 + se_city^2).
  The wijk is part of the city, so this overstates the variance: the test is conservative;
- `z_log_ratio` (ratios, `ratio_katz`): the same on the log scale, `se` being the SE of the log.

The p-values are corrected with Holm's method over the wijken of one measure, definition,
year, group value and method (one family per line of a wijk comparison), so that with ten
wijken the chance of flagging any wijk by chance stays at most `alpha`.

Trends (`comparison` = `trend`): a trend row (`trend_logit`: odds ratio per year; `trend_wls`:
change per year) rises or falls when its 95% interval lies wholly above or below no change
(1 for an odds ratio, 0 for a change). Each trend is read on its own: no correction.

Suppressed rows and empty rows (no persons) are kept with verdict `niet_te_toetsen`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.statistics.area_difference import holm, two_proportion_test, z_test

KEY = ["theme", "measure", "definition", "year", "group", "group_value", "method"]
COLUMNS = [
    "theme", "measure", "definition", "year", "comparison", "area_level", "area_code", "area_name",
    "group", "group_value", "method", "value", "reference_value", "test", "p_value", "p_holm",
    "verdict",
]  # fmt: skip
TESTS = {"wilson": "two_proportion_z", "direct_std_gamma": "z_independent", "survey_taylor": "z_independent",
         "ratio_katz": "z_log_ratio"}  # fmt: skip
TREND_NULL = {"trend_logit": 1.0, "trend_wls": 0.0}
WIJK_VERDICTS = ("hoger", "lager", "geen_verschil", "niet_te_toetsen")
VERDICTS = (*WIJK_VERDICTS, "stijgt", "daalt", "geen_trend")


def _num(df: pd.DataFrame, col: str) -> np.ndarray:
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)


def wijk_differences(measures: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """One row per published wijk row whose method can be tested against its gemeente row."""
    m = measures[measures["method"].isin(TESTS)]
    wijk = m[m["area_level"] == "wijk"]
    city = m[m["area_level"] == "gemeente"]
    both = wijk.merge(city, on=KEY, how="left", suffixes=("", "_city"))
    method = both["method"].to_numpy()
    p = np.full(len(both), np.nan)
    share = method == "wilson"
    if share.any():
        w = both[share]
        x1, n1 = _num(w, "numerator"), _num(w, "denominator")
        p[share] = two_proportion_test(
            x1, n1, _num(w, "numerator_city") - x1, _num(w, "denominator_city") - n1
        )
    direct = np.isin(method, ["direct_std_gamma", "survey_taylor"])
    if direct.any():
        w = both[direct]
        p[direct] = z_test(
            _num(w, "value"), _num(w, "value_city"), _num(w, "se"), _num(w, "se_city")
        )
    ratio = method == "ratio_katz"
    if ratio.any():
        w = both[ratio]
        with np.errstate(divide="ignore", invalid="ignore"):
            p[ratio] = z_test(
                np.log(_num(w, "value")),
                np.log(_num(w, "value_city")),
                _num(w, "se"),
                _num(w, "se_city"),
            )
    both["p_value"] = p
    family = both[KEY].astype(str).agg("|".join, axis=1)
    both["p_holm"] = np.nan
    for _, idx in both.groupby(family, sort=False).groups.items():
        both.loc[idx, "p_holm"] = holm(both.loc[idx, "p_value"].to_numpy())
    diff = _num(both, "value") - _num(both, "value_city")
    significant = both["p_holm"].to_numpy() < alpha
    verdict = np.where(np.isnan(both["p_holm"]), "niet_te_toetsen", "geen_verschil").astype(object)
    verdict[significant & (diff > 0)] = "hoger"
    verdict[significant & (diff < 0)] = "lager"
    return both.assign(
        comparison="wijk_vs_gemeente", reference_value=both["value_city"],
        test=both["method"].map(TESTS), verdict=verdict,
    )[COLUMNS]  # fmt: skip


def trend_verdicts(measures: pd.DataFrame) -> pd.DataFrame:
    """One row per trend row: rises, falls or no clear trend by its 95% interval."""
    t = measures[measures["method"].isin(TREND_NULL)].copy()
    null = t["method"].map(TREND_NULL).to_numpy(dtype=float)
    lo, hi = _num(t, "ci_lower"), _num(t, "ci_upper")
    verdict = np.where(np.isnan(lo) | np.isnan(hi), "niet_te_toetsen", "geen_trend").astype(object)
    verdict[lo > null] = "stijgt"
    verdict[hi < null] = "daalt"
    return t.assign(
        comparison="trend",
        reference_value=null,
        test="ci_trend",
        p_value=np.nan,
        p_holm=np.nan,
        verdict=verdict,
    )[COLUMNS]


def findings(measures: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """The `verschillen` table of one theme: wijk-against-city comparisons, then trends, in a
    fixed order (the measures table's order)."""
    out = pd.concat(
        [wijk_differences(measures, alpha), trend_verdicts(measures)], ignore_index=True
    )
    for c in ("p_value", "p_holm"):
        out[c] = out[c].round(6)
    return out.reset_index(drop=True)


def flags(table: pd.DataFrame, measure: str, definition: str, method: str, year: int,
          group: str = "totaal", group_value: str = "totaal") -> dict[str, str]:  # fmt: skip
    """{wijk code: verdict} of one line of wijk comparisons, for pages that mark wijken."""
    sel = table[
        (table["comparison"] == "wijk_vs_gemeente") & (table["measure"] == measure)
        & (table["definition"] == definition) & (table["method"] == method)
        & (table["year"].astype(int) == int(year)) & (table["group"] == group)
        & (table["group_value"].astype(str) == str(group_value))
    ]  # fmt: skip
    return dict(zip(sel["area_code"], sel["verdict"], strict=True))
