"""What changed between two releases: each figure added, removed, changed, newly suppressed or
newly published (`rows`, the table changes.csv), and per measure how many (`compare`).

`python -m wijkzicht.release.changes PREVIOUS_EXPORT NEW_EXPORT [--tolerance 1e-9] [--out changes.csv]`
prints the counts per measure and writes the figures that differ to `--out`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.disclosure.primary import published_status
from wijkzicht.disclosure.rounding import WEIGHTED_METHODS
from wijkzicht.themes.table import KEY

ROW_KEY = [c for c in KEY if c != "area_name"]
VALUES = ["value", "ci_lower", "ci_upper", "numerator", "denominator"]
# what changes.csv repeats of each release: the value and its interval, never a count (the
# figures are in the releases' own tables; a figure suppressed now keeps no number here)
SHOWN = ["value", "ci_lower", "ci_upper"]
# the kinds of change of one figure, in the order of changes.csv: `new_year` a figure of a year
# the previous release did not have (of a measure and definition it had), `trend_extended` a
# trend row whose series now ends in a later year (it stands in its last year: the previous
# release's row of the same trend, in its own last year, is not `removed`), `added` any other
# new figure (a new definition, area or group)
CHANGES = [
    "newly_published", "newly_suppressed", "changed", "added", "new_year", "trend_extended",
    "removed",
]  # fmt: skip
ROW_COLUMNS = [
    *KEY, "change", "status_old", "status_new",
    *(f"{c}_{v}" for v in ("old", "new") for c in SHOWN), "difference",
]  # fmt: skip
COUNTS = [
    "rows_added",
    "rows_new_year",
    "trends_extended",
    "rows_removed",
    "rows_changed",
    "newly_suppressed",
    "newly_published",
    "rows_same",
]


# the export's measures tables besides the themes' (organisation figures, the register
# against Kerncijfers): the same columns, compared the same way
OTHER_MEASURES = ("organisaties/cijfers.csv", "kerncijfers/inwoners.csv")


def _measures(root: Path) -> pd.DataFrame:
    others = [root / rel for rel in OTHER_MEASURES if (root / rel).is_file()]
    files = sorted([*root.glob("*/measures.csv"), *others])
    if not files:
        return pd.DataFrame(columns=[*KEY, *VALUES, "status"])
    return pd.concat([read_measures_csv(f) for f in files], ignore_index=True)


def _flags(previous: pd.DataFrame, new: pd.DataFrame, tolerance: float):
    """The two releases' rows side by side (outer join on the row key) and the kind of change of
    each row as boolean columns named as `COUNTS`."""
    both = previous.merge(new, on=ROW_KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    added = both["_merge"] == "right_only"
    removed = both["_merge"] == "left_only"
    common = both["_merge"] == "both"
    ok_old = both["status_old"] == "ok"
    ok_new = both["status_new"] == "ok"
    changed = pd.Series(False, index=both.index)
    # a survey row's sums of weights are published rounded (disclosure.weighted_sum_base, a
    # release before it to ten digits): its estimate and interval say whether it changed
    weighted = both["method"].isin(WEIGHTED_METHODS).to_numpy()
    for c in VALUES:
        a = pd.to_numeric(both[f"{c}_old"], errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(both[f"{c}_new"], errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            differs = (np.abs(a - b) > tolerance) | (np.isnan(a) != np.isnan(b))
        if c in ("numerator", "denominator"):
            differs &= ~weighted
        changed |= differs
    new_year, extended, moved = _new_years(both, added, removed)
    flags = pd.DataFrame({
        "theme": both["theme"], "measure": both["measure"],
        "rows_added": added & ~new_year & ~extended, "rows_new_year": new_year,
        "trends_extended": extended, "rows_removed": removed & ~moved,
        "rows_changed": common & ok_old & ok_new & changed,
        "newly_suppressed": common & ok_old & ~ok_new,
        "newly_published": common & ~ok_old & ok_new,
        "rows_same": common & ~(ok_old & ok_new & changed) & ~(ok_old ^ ok_new),
    })  # fmt: skip
    return both, flags


def _new_years(both: pd.DataFrame, added: pd.Series, removed: pd.Series):
    """Of the rows of `both` (`_flags`' outer join), those `added` that belong to a year the
    previous release did not publish while it had their measure and definition (a new year);
    of those, the trend rows (method `trend_*`, in their series' last year) whose row of the
    previous release, the same trend in its own last year, is `removed` (extended, and that
    row moved). Returns three boolean Series: new year (not trends), extended, moved."""
    false = pd.Series(False, index=both.index)
    old = both.loc[~added, ["measure", "definition", "year"]]
    if not added.any() or old.empty:
        return false, false, false
    old_years = set(pd.to_numeric(old["year"]).astype(int))
    known = set(map(tuple, old[["measure", "definition"]].astype(str).to_numpy()))
    year = pd.to_numeric(both["year"]).astype(int)
    pair = pd.Series(list(map(tuple, both[["measure", "definition"]].astype(str).to_numpy())),
                     index=both.index)  # fmt: skip
    fresh = added & ~year.isin(old_years) & pair.isin(known)
    trend = both["method"].astype(str).str.startswith("trend_")
    series = [c for c in ROW_KEY if c != "year"]
    key = both[series].astype(str).agg("\x1f".join, axis=1)
    extended = fresh & trend & key.isin(set(key[removed & trend]))
    moved = removed & trend & key.isin(set(key[extended]))
    return fresh & ~trend, extended, moved


def compare(previous: pd.DataFrame, new: pd.DataFrame, tolerance: float = 1e-9) -> pd.DataFrame:
    """One row per (theme, measure) with the number of rows added, removed, changed beyond
    `tolerance` (absolute, on value, interval and counts), newly suppressed and newly published."""
    _, flags = _flags(previous, new, tolerance)
    out = flags.groupby(["theme", "measure"], sort=True)[COUNTS].sum().reset_index()
    return out.astype({c: "int64" for c in COUNTS})


def rows(previous: pd.DataFrame, new: pd.DataFrame, tolerance: float = 1e-9) -> pd.DataFrame:
    """One row per figure that differs between the releases (`compare`'s kinds but the same),
    with its key, `change` (one of `CHANGES`), both statuses (ok or suppressed, as released:
    never primary or secondary), and of each release the value and interval where both
    releases publish the figure or only the new one does (a figure that is suppressed or gone
    now keeps no number); `difference` new minus old value. In the order of
    theme, measure and `CHANGES`; changed figures with the largest difference first."""
    both, flags = _flags(previous, new, tolerance)
    change = pd.Series("", index=both.index, dtype=object)
    column = {"added": "rows_added", "removed": "rows_removed", "changed": "rows_changed",
              "new_year": "rows_new_year", "trend_extended": "trends_extended"}  # fmt: skip
    for kind in CHANGES:
        change[flags[column.get(kind, kind)]] = kind
    keep = change != ""
    both, change = both[keep].copy(), change[keep]
    out = both[ROW_KEY].copy()
    out.insert(
        KEY.index("area_name"), "area_name", both["area_name_new"].fillna(both["area_name_old"])
    )
    out["change"] = change
    # as released: `suppressed` alone, also of a previous release made before the export had one
    # status for a suppressed row (its suppressed_primary, suppressed_secondary)
    out["status_old"] = published_status(both["status_old"]).to_numpy()
    out["status_new"] = published_status(both["status_new"]).to_numpy()
    old_shown = (change == "changed").to_numpy()
    new_shown = change.isin(
        ["changed", "newly_published", "added", "new_year", "trend_extended"]
    ).to_numpy()
    for v, shown in (("old", old_shown), ("new", new_shown)):
        for c in SHOWN:
            x = pd.to_numeric(both[f"{c}_{v}"], errors="coerce")
            out[f"{c}_{v}"] = x.where(shown)
    out["difference"] = out["value_new"] - out["value_old"]
    out["_kind"] = out["change"].map(CHANGES.index)
    out["_size"] = -out["difference"].abs()
    out = out.sort_values(["theme", "measure", "_kind", "_size", *ROW_KEY[2:]], na_position="last",
                          kind="mergesort")  # fmt: skip
    return out[ROW_COLUMNS].reset_index(drop=True)


def compare_dirs(previous: str | Path, new: str | Path, tolerance: float = 1e-9) -> pd.DataFrame:
    """The figures that differ between two export folders (`rows`: the table changes.csv)."""
    return rows(_measures(Path(previous)), _measures(Path(new)), tolerance)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m wijkzicht.release.changes", description=__doc__)
    ap.add_argument("previous")
    ap.add_argument("new")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    for name in ("previous", "new"):  # a wrong folder would make every row added or removed
        folder = Path(getattr(args, name))
        if not any(folder.glob("*/measures.csv")):
            print(
                f"{name}: no <theme>/measures.csv in {folder}; give a release's export folder "
                "(the one holding kopp/measures.csv and the other themes)",
                file=sys.stderr,
            )
            return 2
    previous, new = _measures(Path(args.previous)), _measures(Path(args.new))
    if args.out:
        write_csv(rows(previous, new, args.tolerance), args.out)
    print(compare(previous, new, args.tolerance).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
