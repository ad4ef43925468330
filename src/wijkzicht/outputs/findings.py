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
(1 for an odds ratio, 0 for a change). Each trend is read on its own: no correction. How much
it changes is said too, as the change over the series' whole period relative to its level (the
mean of its published values; an odds ratio turned into the share it changes):

- `stijgt` / `daalt`: a clear trend of at least `slight` (config `findings.slight`, 10% by
  default) of the figure over the period;
- `stijgt_licht` / `daalt_licht`: a clear trend of less (26,6% -> 26,0% over five years with many
  children: clear, but slight);
- `gelijk` (stays about the same): no clear trend, and even the ends of the 95% interval change
  the figure by less than `slight` over the period: the data rule out a change that matters;
- `geen_trend`: no clear trend, and a change that matters is not ruled out.

A series without a level or a period (no published value) keeps the verdict by the interval
alone (`stijgt`, `daalt`, `geen_trend`).

Suppressed rows and empty rows (no persons) are kept with verdict `niet_te_toetsen`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.statistics.area_difference import holm, two_proportion_test, z_test
from wijkzicht.themes.trend_rows import SOURCE_METHODS

KEY = ["theme", "measure", "definition", "year", "group", "group_value", "method"]
COLUMNS = [
    "theme", "measure", "definition", "year", "comparison", "area_level", "area_code", "area_name",
    "group", "group_value", "method", "value", "reference_value", "test", "p_value", "p_holm",
    "verdict",
]  # fmt: skip
TESTS = {"wilson": "two_proportion_z", "direct_std_gamma": "z_independent", "survey_taylor": "z_independent",
         "ratio_katz": "z_log_ratio"}  # fmt: skip
TREND_NULL = {"trend_logit": 1.0, "trend_wls": 0.0}
# a change over a series' whole period smaller than this share of its level is slight: the default
# of config `findings.slight`, which the jobs pass as a parameter (`slight`)
SLIGHT = 0.10
WIJK_VERDICTS = ("hoger", "lager", "geen_verschil", "niet_te_toetsen")
TREND_VERDICTS = ("stijgt", "stijgt_licht", "gelijk", "geen_trend", "daalt_licht", "daalt")
VERDICTS = (*WIJK_VERDICTS, *TREND_VERDICTS)
SERIES_KEY = ["theme", "measure", "definition", "area_level", "area_code", "group", "group_value"]


def _num(df: pd.DataFrame, col: str) -> np.ndarray:
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)


def wijk_differences(measures: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """One row per published wijk row whose method can be tested against its gemeente row; none
    (an empty table with the columns) when the measures have no such wijk row."""
    m = measures[measures["method"].isin(TESTS)]
    wijk = m[m["area_level"] == "wijk"]
    city = m[m["area_level"] == "gemeente"]
    both = wijk.merge(city, on=KEY, how="left", suffixes=("", "_city"))
    if both.empty:  # only gemeente rows (a theme or measure without wijken): nothing to compare
        return pd.DataFrame(columns=COLUMNS)
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


def _periods(measures: pd.DataFrame) -> pd.DataFrame:
    """Per series and trend method: the level (mean of the published values) and the period in
    years (last year minus first) of the values the trend row was fitted on."""
    src = measures[measures["method"].isin(SOURCE_METHODS) & (measures["status"] == "ok")]
    src = src.assign(method=src["method"].map(SOURCE_METHODS), value=_num(src, "value"),
                     year=src["year"].astype(int), group_value=src["group_value"].astype(str))  # fmt: skip
    src = src[src["value"].notna()]
    g = src.groupby([*SERIES_KEY, "method"], sort=False)
    return g.agg(level=("value", "mean"), first=("year", "min"), last=("year", "max")).reset_index()


def period_change(method: np.ndarray, per_year: np.ndarray, years: np.ndarray,
                  level: np.ndarray) -> np.ndarray:  # fmt: skip
    """The change of a trend over `years` years relative to the series' `level`: a change per
    year times the years over the level (`trend_wls`); an odds ratio per year to the power of
    the years, applied to the odds of the level, as the share it gives over the level
    (`trend_logit`); minus one."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        k = per_year**years
        odds = k / (1 - level + level * k) - 1
        return np.where(method == "trend_logit", odds, per_year * years / level)


def trend_verdicts(measures: pd.DataFrame, slight: float = SLIGHT) -> pd.DataFrame:
    """One row per trend row: rises, falls or no clear trend by its 95% interval, and how much
    over the series' period, `slight` being the share of the level under which a change is slight
    (module docstring)."""
    t = measures[measures["method"].isin(TREND_NULL)].copy()
    null = t["method"].map(TREND_NULL).to_numpy(dtype=float)
    lo, hi = _num(t, "ci_lower"), _num(t, "ci_upper")
    verdict = np.where(np.isnan(lo) | np.isnan(hi), "niet_te_toetsen", "geen_trend").astype(object)
    verdict[lo > null] = "stijgt"
    verdict[hi < null] = "daalt"
    p = (
        t[[*SERIES_KEY, "method"]]
        .astype({"group_value": str})
        .merge(_periods(measures), on=[*SERIES_KEY, "method"], how="left")
    )
    method, years = p["method"].to_numpy(), (p["last"] - p["first"]).to_numpy(dtype=float)
    level = p["level"].to_numpy(dtype=float)
    est, low, high = (period_change(method, x, years, level) for x in (_num(t, "value"), lo, hi))
    sized = (years > 0) & (level > 0) & np.isfinite(est) & np.isfinite(low) & np.isfinite(high)
    verdict[sized & (verdict == "stijgt") & (est < slight)] = "stijgt_licht"
    verdict[sized & (verdict == "daalt") & (est > -slight)] = "daalt_licht"
    verdict[sized & (verdict == "geen_trend") & (low > -slight) & (high < slight)] = "gelijk"
    return t.assign(
        comparison="trend",
        reference_value=null,
        test="ci_trend",
        p_value=np.nan,
        p_holm=np.nan,
        verdict=verdict,
    )[COLUMNS]


def findings(measures: pd.DataFrame, alpha: float = 0.05, slight: float = SLIGHT) -> pd.DataFrame:
    """The `verschillen` table of one theme: wijk-against-city comparisons at family-wise level
    `alpha`, then trends with `slight` (`trend_verdicts`), in a fixed order (the measures
    table's order)."""
    out = pd.concat(
        [wijk_differences(measures, alpha), trend_verdicts(measures, slight)], ignore_index=True
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
