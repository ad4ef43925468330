"""Aggregate sources as measures-table rows: organisation figures and the check of the register's
inhabitants against CBS's Kerncijfers (docs/organisation_figures.md).

Both become rows of the one measures table (`wijkzicht.themes.table.COLUMNS`), so that the same
disclosure control (`wijkzicht.disclosure.control.protect`), the same releasable CSV and the
same export gate apply to them as to the themes' measures:

- organisation figures: theme `organisaties`, measure `<source>.<indicator>`, definition empty,
  group `totaal`. A count of persons out of persons or residents is a share with its Wilson
  interval (method `wilson`) and carries its counts in `n_numerator` / `n_denominator`, so the
  primary rule (and secondary suppression over wijken and gemeente) applies. Anything else
  (events such as consultations or reports, or a denominator that is no count of persons) is a
  rate per 1,000 of the denominator (method `per_1000`, `value` = 1000 x numerator /
  denominator, no interval) with empty `n_` columns: no person is counted, so the primary rule
  has nothing to judge. A count of persons over another denominator keeps `n_numerator`.
- the inhabitants check: theme `kerncijfers`, measure `inwoners`, method `register_ratio`:
  `numerator` the register's residents on 1 January (also in `n_numerator`, a count of persons
  under the primary rule), `denominator` the inhabitants in Kerncijfers, `value` their ratio.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkzicht.statistics.proportions import wilson
from wijkzicht.themes.table import TOTAAL, finalise

ORGANISATIES = "organisaties"
KERNCIJFERS = "kerncijfers"
PER_1000 = "per_1000"
REGISTER_RATIO = "register_ratio"
LEVEL_OF_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
# the difference between the register and Kerncijfers that CBS's rounding to fives explains
ROUNDING = 2


def measure_name(source: str, indicator: str) -> str:
    """The measure of an organisation indicator: `<source>.<indicator>`."""
    return f"{source}.{indicator}"


def _names(geography: pd.DataFrame) -> dict[str, str]:
    out = dict(zip(geography["gemeente_code"], geography["gemeente_name"], strict=True))
    out.update(zip(geography["wijk_code"], geography["wijk_name"], strict=True))
    out.update(zip(geography["buurt_code"], geography["buurt_name"], strict=True))
    return out


def is_share(unit: str, denominator_kind: str) -> bool:
    """Whether an indicator is a share of persons (Wilson) rather than a rate per 1,000."""
    return unit == "persons" and denominator_kind in ("residents", "persons")


def organisation_measures(
    figures: pd.DataFrame, indicators: pd.DataFrame, geography: pd.DataFrame
) -> pd.DataFrame:
    """Checked organisation figures (`wijkzicht.inputs.aggregates.check_organisation_figures`)
    as measures-table rows in canonical order (see the module doc). `indicators` is the
    indicator register; `geography` names the areas."""
    if figures.empty:
        return finalise(pd.DataFrame({"year": pd.Series(dtype="int64")}))
    meta = indicators.set_index(["source", "indicator"])
    rows = figures.copy()
    key = list(zip(rows["source"], rows["indicator"], strict=True))
    unit = np.array([meta.loc[k, "unit"] for k in key], dtype=object)
    kind = np.array([meta.loc[k, "denominator_kind"] for k in key], dtype=object)
    share = np.array([is_share(u, d) for u, d in zip(unit, kind, strict=True)], dtype=bool)
    num = rows["numerator"].astype(float).to_numpy()
    den = rows["denominator"].astype(float).to_numpy()
    p, lo, hi, se = wilson(np.where(share, num, 0), np.where(share, den, 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(den > 0, 1000 * num / den, np.nan)
    names = _names(geography)
    out = pd.DataFrame(
        {
            "theme": ORGANISATIES,
            "measure": [measure_name(s, i) for s, i in key],
            "definition": "",
            "year": rows["year"].astype("int64"),
            "area_level": rows["area_code"].str[:2].map(LEVEL_OF_PREFIX),
            "area_code": rows["area_code"],
            "area_name": rows["area_code"].map(names),
            "group": TOTAAL,
            "group_value": TOTAAL,
            "method": np.where(share, "wilson", PER_1000),
            "numerator": num,
            "denominator": den,
            "n_numerator": pd.array(np.where(unit == "persons", num, np.nan)).astype("Int64"),
            "n_denominator": pd.array(np.where(share, den, np.nan)).astype("Int64"),
            "value": np.where(share, p, rate),
            "ci_lower": np.where(share, lo, np.nan),
            "ci_upper": np.where(share, hi, np.nan),
            "se": np.where(share, se, np.nan),
            "status": "ok",
        }
    )
    return finalise(out)


def inhabitants_check(
    kerncijfers: pd.DataFrame, population: pd.DataFrame, geography: pd.DataFrame
) -> pd.DataFrame:
    """The register's residents against the inhabitants of Kerncijfers, per year, for the
    gemeente and its wijken (measures-table rows, see the module doc).

    `kerncijfers`: checked rows (`check_kerncijfers`) with year, area_level, area_code and
    AantalInwoners; `population`: `wijkzicht.population.areas.area_population`. An area
    without a Kerncijfers count has an empty denominator and value (shown as empty)."""
    if kerncijfers.empty:  # no edition: nothing to compare
        return finalise(pd.DataFrame({"year": pd.Series(dtype="int64")}))
    k = kerncijfers[kerncijfers["area_level"].isin(["gemeente", "wijk"])]
    pop = population[population["area_level"].isin(["gemeente", "wijk"])]
    both = pop.merge(
        k[["year", "area_code", "AantalInwoners"]], on=["year", "area_code"], how="outer"
    )
    both["area_level"] = both["area_code"].str[:2].map(LEVEL_OF_PREFIX)
    reg = both["n_residents"].fillna(0).astype(float).to_numpy()
    cbs = both["AantalInwoners"].astype(float).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(cbs > 0, reg / cbs, np.nan)
    out = pd.DataFrame(
        {
            "theme": KERNCIJFERS,
            "measure": "inwoners",
            "definition": "",
            "year": both["year"].astype("int64"),
            "area_level": both["area_level"],
            "area_code": both["area_code"],
            "area_name": both["area_code"].map(_names(geography)),
            "group": TOTAAL,
            "group_value": TOTAAL,
            "method": REGISTER_RATIO,
            "numerator": reg,
            "denominator": cbs,
            "n_numerator": pd.array(reg).astype("Int64"),
            "n_denominator": pd.array([pd.NA] * len(both), dtype="Int64"),
            "value": ratio,
            "status": "ok",
        }
    )
    return finalise(out)


def explained(register: float, kerncijfers: float) -> str:
    """Why the register and Kerncijfers differ: `gelijk`, `afronding` (CBS rounds inhabitants
    to fives, so up to 2 either way), `groter` (more than rounding: another reference date or
    area division, or persons the register places elsewhere) or `onbekend` (no Kerncijfers)."""
    if pd.isna(kerncijfers) or pd.isna(register):
        return "onbekend"
    diff = abs(float(register) - float(kerncijfers))
    if diff == 0:
        return "gelijk"
    return "afronding" if diff <= ROUNDING else "groter"


def kerncijfers_table(kerncijfers: pd.DataFrame, geography: pd.DataFrame) -> pd.DataFrame:
    """The public figures as released: year, area level, code and name, then Kerncijfers'
    columns (named without StatLine's numbers); gemeente first, then wijken and buurten."""
    out = kerncijfers.copy()
    out.insert(3, "area_name", out["area_code"].map(_names(geography)))
    out = out.drop(columns=[c for c in ("Gemeentenaam", "SoortRegio") if c in out])
    rank = out["area_level"].map({"gemeente": 0, "wijk": 1, "buurt": 2})
    out = out.assign(_r=rank).sort_values(["year", "_r", "area_code"], kind="mergesort")
    return out.drop(columns="_r").reset_index(drop=True)
