"""Trend rows for the measures table: the change per year of every series with several years.

A series is one measure, definition, area and group value followed over the years.
- shares from counts (method wilson): logistic trend, the odds ratio per year
  (method `trend_logit`; `se` the SE of the log odds ratio);
- estimates with a standard error (survey_taylor, direct_std_gamma): weighted least
  squares with weights 1/se^2, the change per year on the scale of the estimate
  (method `trend_wls`; `se` the SE of the slope).
The row carries the last year of the series and no counts. The 95% interval is the test
for trend: it excludes 1 (trend_logit) or 0 (trend_wls) exactly when the Wald test rejects
"no trend" at 5%.
"""

from __future__ import annotations

import pandas as pd

from wijkzicht.statistics.trends import trend_counts, trend_estimates

SERIES = [
    "theme",
    "measure",
    "definition",
    "area_level",
    "area_code",
    "area_name",
    "group",
    "group_value",
]
SOURCE_METHODS = {
    "wilson": "trend_logit",
    "survey_taylor": "trend_wls",
    "direct_std_gamma": "trend_wls",
}
TREND_METHODS = set(SOURCE_METHODS.values())


def trend_rows(measures: pd.DataFrame, min_years: int = 2) -> pd.DataFrame:
    """Trend rows for every series observed in at least `min_years` years with data."""
    parts = []
    for source, method in SOURCE_METHODS.items():
        m = measures[measures["method"] == source]
        if m.empty or m["year"].nunique() < min_years:
            continue
        last = int(m["year"].max())
        if method == "trend_logit":
            t = trend_counts(m, "year", "n_numerator", "n_denominator", by=SERIES)
            t = t.rename(columns={"odds_ratio_per_year": "value"})
        else:
            t = trend_estimates(m, "year", "value", "se", by=SERIES)
            t = t.rename(columns={"slope": "value"})
        t = t[t["n_years"] >= min_years]
        parts.append(
            t[[*SERIES, "value", "ci_lower", "ci_upper", "se"]].assign(year=last, method=method)
        )
    if not parts:
        return pd.DataFrame(
            columns=[*SERIES, "year", "method", "value", "ci_lower", "ci_upper", "se"]
        )
    return pd.concat(parts, ignore_index=True)


def propagate_suppression(df: pd.DataFrame) -> pd.DataFrame:
    """A trend row is suppressed when any row of its series is: the trend is derived from
    those counts and must not reveal them."""
    out = df.copy()
    out["status"] = out["status"].fillna("ok")
    series_status = out[~out["method"].isin(TREND_METHODS)].assign(
        trend_method=lambda d: d["method"].map(SOURCE_METHODS), hidden=lambda d: d["status"] != "ok"
    )
    hidden = series_status.groupby([*SERIES, "trend_method"], dropna=False)["hidden"].any()
    trend = out["method"].isin(TREND_METHODS)
    keys = pd.MultiIndex.from_frame(
        out.loc[trend, SERIES].assign(trend_method=out.loc[trend, "method"])
    )
    hit = hidden.reindex(keys).fillna(False).to_numpy(dtype=bool)
    idx = out.index[trend][hit]
    out.loc[idx[out.loc[idx, "status"] == "ok"], "status"] = "suppressed_secondary"
    return out
