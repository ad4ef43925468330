"""The measures table: its columns, complete area x group grids (docs/rules.md#shape), and canonical order."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from wijkzicht.errors import WijkzichtError
from wijkzicht.statistics.proportions import wilson

# a row's key (docs/rules.md#s4)
KEY = [
    "theme", "measure", "definition", "year", "area_level", "area_code", "area_name",
    "group", "group_value", "method",
]  # fmt: skip
NUMBERS = [
    "numerator", "denominator", "n_numerator", "n_denominator",
    "value", "ci_lower", "ci_upper", "se",
]  # fmt: skip
COLUMNS = [*KEY, *NUMBERS, "status"]
AREA_LEVELS = ["gemeente", "wijk", "buurt"]
TOTAAL = "totaal"


class CountUnion(NamedTuple):
    """Rows of `measure`/`definition` (group totaal) count the union of the persons of the
    rows of measure `partition` whose `group` value is one of `values`, for the same theme,
    year and area: kopp.aandeel `ggz` counts the children of every kopp.overlap combination
    with ggz in it. Disclosure control takes it as a relation between published counts
    (`disclosure.audit.measures_structure`): an attacker can subtract the published
    combinations from the published share's numerator."""

    measure: str
    definition: str
    partition: str
    group: str
    values: tuple[str, ...]


class CountBound(NamedTuple):
    """In every cell (theme, year, area, group value) the numerator of `measure`/`lower` is at
    most that of `measure`/`upper`: a definition inside another (kopp `ggz` inside `breed`, a
    newcomers' marker inside `breed`, any of them). An attacker knows it from the definitions;
    disclosure control takes it as a relation (`disclosure.audit.measures_structure`)."""

    measure: str
    lower: str
    upper: str


class CountCover(NamedTuple):
    """In every cell the numerator of `measure`/`whole` is at most the sum of those of
    `measure`/`parts`: a definition that is any of others (newcomers' `breed`)."""

    measure: str
    whole: str
    parts: tuple[str, ...]


class CountNest(NamedTuple):
    """Rows of `measure`/`definition` count persons among those that the rows of
    `within`/`within_definition` count as their numerator, cell by cell (same year, area,
    group, value and method): their n_denominator is that numerator (migratie.zorgkloof
    among the respondents with high distress, migratie.k10_hoog's numerator). An attacker
    reads the one off the other; disclosure control decides the nested rows after the
    others, with the same cells suppressed (`disclosure.control.protect`)."""

    measure: str
    definition: str
    within: str
    within_definition: str


class AreaError(WijkzichtError, ValueError):
    """Persons placed in a buurt that the geography reference puts in another wijk: buurt
    rows would not add up to their wijk, and disclosure control relies on that."""


def areas(geography: pd.DataFrame, levels: tuple[str, ...] = ("gemeente", "wijk")) -> pd.DataFrame:
    """The area grid: one row per (area_level, area_code, area_name), gemeente first."""
    rows = []
    if "gemeente" in levels:
        g = geography[["gemeente_code", "gemeente_name"]].drop_duplicates()
        rows.append(g.set_axis(["area_code", "area_name"], axis=1).assign(area_level="gemeente"))
    for level in ("wijk", "buurt"):
        if level in levels:
            w = geography[[f"{level}_code", f"{level}_name"]].drop_duplicates()
            rows.append(w.set_axis(["area_code", "area_name"], axis=1).assign(area_level=level))
    return pd.concat(rows, ignore_index=True)[["area_level", "area_code", "area_name"]]


def full_grid(grid_areas: pd.DataFrame, level: str, values: list[str]) -> pd.DataFrame:
    """Every area of `level` crossed with every group value: the rows a complete grid needs."""
    areas_of_level = grid_areas[grid_areas["area_level"] == level]
    return areas_of_level.merge(pd.DataFrame({"group_value": values}), how="cross")


def parents_by_code(children: list[str], parents: list[str]) -> dict[str, str]:
    """Each child area code's parent among `parents`, by CBS codes, which nest: a buurt code's
    digits start with its wijk code's digits (BU03440102 lies in WK034401), a wijk's with its
    gemeente's (WK034401 in GM0344). With a single parent every child belongs to it; a child
    that matches no parent (or several) is left out."""

    def digits(code: str) -> str:
        return "".join(ch for ch in code if ch.isdigit())

    out = {}
    for child in children:
        d = digits(child)
        match = [p for p in parents if digits(p) and d.startswith(digits(p))]
        if len(match) == 1:
            out[child] = match[0]
        elif len(parents) == 1:
            out[child] = parents[0]
    return out


def check_buurt_wijk(persons: pd.DataFrame, geography: pd.DataFrame) -> None:
    """AreaError when a person's buurt lies in another wijk in the geography reference than
    the person's wijk (both from the VSLGWBTAB columns of the year): the buurt rows of a wijk
    must add up to it (docs/rules.md#b1)."""
    ref = dict(zip(geography["buurt_code"], geography["wijk_code"], strict=True))
    pairs = persons[["wijk", "buurt"]].dropna().drop_duplicates()
    bad = pairs[pairs["buurt"].map(ref).fillna(pairs["wijk"]) != pairs["wijk"]]
    if len(bad):
        shown = "; ".join(
            f"buurt {b} placed in wijk {w}, reference wijk {ref[b]}"
            for w, b in bad.sort_values(["buurt", "wijk"]).head(5).itertuples(index=False)
        )
        raise AreaError(
            f"VSLGWBTAB and the geography reference (reference.geography) disagree on the wijk "
            f"of {len(bad)} buurt(en): {shown}. Expected every buurt in the wijk the reference "
            "gives it; correct the reference file (one row per buurt with its wijk)."
        )


def factorize(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes, uniques) of a key column for `counts_by`: the uniques sorted, a missing value
    code -1 (pandas.factorize with sort=True)."""
    return pd.factorize(values, sort=True)


def counts_by(keys: dict[str, tuple[np.ndarray, pd.Index]], flag: np.ndarray) -> pd.DataFrame:
    """Persons (`persons`) and persons with `flag` (`events`, int64) per observed combination
    of key values, rows in the order of the sorted key values; a person with a missing key
    value is left out. The same table as ``DataFrame(keys).groupby(list(keys), sort=True,
    dropna=True, observed=True)[flag].agg(events="sum", persons="size").reset_index()``,
    computed on integer codes (`keys`: name -> `factorize(column)`, equal lengths; `flag`: one
    bool per person): pandas' groupby factorises its string keys anew at every call, which was
    most of the time of the measures jobs (the same few columns grouped dozens of times)."""
    n = len(flag)
    if int(np.prod([len(u) for _, u in keys.values()], dtype=object)) >= 2**62:  # codes overflow
        frame = pd.DataFrame({k: u.take(c, allow_fill=True) for k, (c, u) in keys.items()})
        return (
            frame.assign(_x=np.asarray(flag, dtype=bool))
            .groupby(list(keys), sort=True, dropna=True, observed=True)["_x"]
            .agg(events="sum", persons="size")
            .reset_index()
            .astype({"events": "int64", "persons": "int64"})
        )
    combined = np.zeros(n, dtype=np.int64)
    valid = np.ones(n, dtype=bool)
    sizes = []
    for codes, uniques in keys.values():
        valid &= codes >= 0
        combined = combined * len(uniques) + codes
        sizes.append(len(uniques))
    combined, hit = combined[valid], np.asarray(flag, dtype=bool)[valid]
    cells = int(np.prod(sizes, dtype=object))
    if cells <= 4 * n + 1024:  # a dense count per cell
        persons = np.bincount(combined, minlength=cells)
        events = np.bincount(combined[hit], minlength=cells)
        cell = np.flatnonzero(persons)
        persons, events = persons[cell], events[cell]
    else:  # many more cells than persons: count the observed ones only
        cell, inverse = np.unique(combined, return_inverse=True)
        persons = np.bincount(inverse, minlength=len(cell))
        events = np.bincount(inverse[hit], minlength=len(cell))
    out = {}
    rest = cell
    for name, size in reversed(list(zip(keys, sizes, strict=True))):
        rest, code = np.divmod(rest, size)
        out[name] = code
    return pd.DataFrame(
        {name: keys[name][1].take(out[name]) for name in keys}
        | {"events": events.astype("int64"), "persons": persons.astype("int64")}
    )


def _joint_codes(frame: pd.DataFrame, other: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """One int64 code per row of `frame` then `other`, equal exactly when the rows' values in
    `cols` are equal (a missing value equals a missing value)."""
    combined = np.zeros(len(frame) + len(other), dtype=np.int64)
    for c in cols:
        codes, uniques = pd.factorize(
            pd.concat([frame[c], other[c]], ignore_index=True), use_na_sentinel=False
        )
        if (int(combined.max(initial=0)) + 1) * len(uniques) >= 2**62:  # keep the codes small
            combined = pd.factorize(combined)[0].astype(np.int64)
        combined = combined * len(uniques) + codes
    return combined


class Keys:
    """The rows of `frame` in `cols` as int64 codes, factorised once, to test many tables
    against: ``Keys(persons, key).isin(condition_rows)`` for each condition of a job
    factorises the persons' string keys once instead of once per condition (kopp children:
    ten conditions; about 0.06 CPU s per call at 400,000 persons). A missing value equals a
    missing value."""

    def __init__(self, frame: pd.DataFrame, cols: list[str]):
        self.cols = list(cols)
        self.uniques: list[pd.Index] = []
        codes = np.zeros(len(frame), dtype=np.int64)
        sizes = 1
        for c in self.cols:
            k, u = pd.factorize(frame[c], use_na_sentinel=False)
            u = pd.Index(u)
            sizes *= max(len(u), 1)
            codes = codes * max(len(u), 1) + k
            self.uniques.append(u)
        # the codes of many columns could overflow int64: count on the frame then, as rows_in did
        self._frame = frame if sizes >= 2**62 else None
        self.codes = codes

    def isin(self, other: pd.DataFrame) -> np.ndarray:
        """One bool per row of the frame: whether its values in `cols` occur together in a row
        of `other` (the same answer as ``pd.MultiIndex.from_frame(frame[cols]).isin(
        pd.MultiIndex.from_frame(other[cols]))``)."""
        if self._frame is not None:
            codes = _joint_codes(self._frame, other, self.cols)
            return np.isin(codes[: len(self._frame)], codes[len(self._frame) :])
        found = np.ones(len(other), dtype=bool)
        codes = np.zeros(len(other), dtype=np.int64)
        for c, u in zip(self.cols, self.uniques, strict=True):
            at = u.get_indexer(other[c])  # a value the frame does not hold: -1
            found &= at >= 0
            codes = codes * max(len(u), 1) + at
        return np.isin(self.codes, codes[found])


def rows_in(frame: pd.DataFrame, other: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """One bool per row of `frame`: whether its values in `cols` occur together in a row of
    `other` (the person keys of a condition, say). The same answer as
    ``pd.MultiIndex.from_frame(frame[cols]).isin(pd.MultiIndex.from_frame(other[cols]))``
    (a missing value equals a missing value), computed on integer codes: MultiIndex.isin
    builds a Python tuple per row, which cost the per-year theme jobs about 0.2 CPU s per
    call on the default world. Testing one frame against many tables: `Keys`."""
    return Keys(frame, cols).isin(other)


def lookup(frame: pd.DataFrame, other: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """Per row of `frame`, the position of the row of `other` with the same values in `cols`,
    -1 where there is none: what a left merge on `cols` pairs (ValueError when `other` has
    two rows with the same values). On integer codes: pandas' merge factorises string keys
    slowly (about 0.1 CPU s per 300,000 persons)."""
    codes = _joint_codes(frame, other, cols)
    target = pd.Index(codes[len(frame) :])
    if not target.is_unique:
        raise ValueError(f"lookup: the keys {cols} of the table looked in are not unique")
    return target.get_indexer(codes[: len(frame)])


def factor_of(persons: pd.DataFrame, col: str, factors: dict) -> tuple[np.ndarray, pd.Index]:
    """`factorize(persons[col])` (for `totaal`: every person in one group), kept in `factors`
    for the next call on the same persons: a job counts the same area and group columns for
    many flags. ValueError when `factors` was filled from a table with another number of rows."""
    if len(persons) != factors.setdefault(("rows",), len(persons)):
        raise ValueError("factor_of: `factors` of another table of persons")
    if col not in factors:
        whole = pd.Series(TOTAAL, index=persons.index) if col == TOTAAL else persons[col]
        factors[col] = factorize(whole)
    return factors[col]


def count_grid(
    persons: pd.DataFrame,
    flag: str,
    geography: pd.DataFrame,
    groups: dict[str, list[str]],
    levels: tuple[str, ...] = ("gemeente", "wijk"),
    *,
    buurt: bool = False,
    factors: dict | None = None,
) -> pd.DataFrame:
    """Persons and persons with `flag` per area x group value, over the complete grid (docs/rules.md#s2).

    Every area is crossed with every value of each group, empty cells included (docs/rules.md#s3).

    `persons` has one row per person with columns `gemeente`, `wijk` (and `buurt`), a boolean
    `flag` column and one column per group other than `totaal`. Empty cells count 0. With
    `buurt`, every buurt of the geography reference gets its `totaal` row too (group
    breakdowns stay at gemeente and wijk level, docs/rules.md#b1); a person's buurt is the
    one of the year's VSLGWBTAB columns, like the wijk (AreaError when the reference puts it
    in another wijk).

    `factors`: a dict the caller keeps for several calls on the same persons (the same rows
    in the same order, other flags): the area and group columns are factorised (and the
    buurten checked) once for all of them instead of once per call. None: a dict of this call.
    """
    factors = {} if factors is None else factors  # each column factorised once
    if buurt and not factors.get(("checked", "buurt")):
        check_buurt_wijk(persons, geography)
        factors[("checked", "buurt")] = True
    grid_areas = areas(geography, (*levels, "buurt") if buurt else levels)
    x = persons[flag].astype(bool).to_numpy()
    parts = []
    for group, values in groups.items():
        gcol = factor_of(persons, group, factors)
        at = (*levels, "buurt") if buurt and group == TOTAAL else levels
        for level in at:
            tab = counts_by(
                {"area_code": factor_of(persons, level, factors), "group_value": gcol}, x
            ).rename(columns={"events": "n_numerator", "persons": "n_denominator"})
            full = full_grid(grid_areas, level, values).merge(
                tab, on=["area_code", "group_value"], how="left"
            )
            full["group"] = group
            parts.append(full)
    out = pd.concat(parts, ignore_index=True)
    for c in ("n_numerator", "n_denominator"):
        out[c] = out[c].fillna(0).astype("int64")
    return out


def with_wilson(df: pd.DataFrame) -> pd.DataFrame:
    """Add numerator/denominator (= the counts) and the Wilson share with its interval."""
    out = df.copy()
    out["numerator"] = out["n_numerator"].astype(float)
    out["denominator"] = out["n_denominator"].astype(float)
    p, lo, hi, se = wilson(out["n_numerator"].to_numpy(), out["n_denominator"].to_numpy())
    out["value"], out["ci_lower"], out["ci_upper"], out["se"] = p, lo, hi, se
    out["method"] = "wilson"
    return out


def finalise(df: pd.DataFrame, group_order: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """All columns in contract order, status filled, rows in a canonical, stable order."""
    out = df.copy()
    for c in COLUMNS:
        if c not in out:
            out[c] = np.nan if c in NUMBERS else ("ok" if c == "status" else "")
    out["status"] = out["status"].fillna("ok").replace("", "ok")
    out["year"] = out["year"].astype("int64")
    for c in ("n_numerator", "n_denominator"):
        out[c] = pd.array(out[c], dtype="Int64")
    for c in ("numerator", "denominator", "value", "ci_lower", "ci_upper", "se"):
        out[c] = out[c].astype(float)
    # canonical order: declared orders for levels and group values, else as given
    level_rank = out["area_level"].map({lv: i for i, lv in enumerate(AREA_LEVELS)})
    value_rank = pd.Series(0, index=out.index)
    if group_order:
        for group, values in group_order.items():
            m = out["group"] == group
            value_rank[m] = out.loc[m, "group_value"].map({v: i for i, v in enumerate(values)})
    group_rank = (out["group"] != TOTAAL).astype(int)
    out = (
        out.assign(_l=level_rank, _g=group_rank, _v=value_rank.fillna(999))
        .sort_values(
            [
                "theme",
                "measure",
                "definition",
                "year",
                "_l",
                "area_code",
                "_g",
                "group",
                "_v",
                "group_value",
                "method",
            ],  # fmt: skip
            kind="mergesort",
        )
        .drop(columns=["_l", "_g", "_v"])
    )
    return out[COLUMNS].reset_index(drop=True)
