"""What changed between two releases: per measure, rows added, removed, changed and newly suppressed.

`python -m wijkzicht.release.changes PREVIOUS_EXPORT NEW_EXPORT [--tolerance 1e-9] [--out changes.csv]`
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.themes.table import KEY

ROW_KEY = [c for c in KEY if c != "area_name"]
VALUES = ["value", "ci_lower", "ci_upper", "numerator", "denominator"]
COUNTS = [
    "rows_added",
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


def compare(previous: pd.DataFrame, new: pd.DataFrame, tolerance: float = 1e-9) -> pd.DataFrame:
    """One row per (theme, measure) with the number of rows added, removed, changed beyond
    `tolerance` (absolute, on value, interval and counts), newly suppressed and newly published."""
    both = previous.merge(new, on=ROW_KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    added = both["_merge"] == "right_only"
    removed = both["_merge"] == "left_only"
    common = both["_merge"] == "both"
    ok_old = both["status_old"] == "ok"
    ok_new = both["status_new"] == "ok"
    changed = pd.Series(False, index=both.index)
    for c in VALUES:
        a = pd.to_numeric(both[f"{c}_old"], errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(both[f"{c}_new"], errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            differs = (np.abs(a - b) > tolerance) | (np.isnan(a) != np.isnan(b))
        changed |= differs
    flags = pd.DataFrame({
        "theme": both["theme"], "measure": both["measure"],
        "rows_added": added, "rows_removed": removed,
        "rows_changed": common & ok_old & ok_new & changed,
        "newly_suppressed": common & ok_old & ~ok_new,
        "newly_published": common & ~ok_old & ok_new,
        "rows_same": common & ~(ok_old & ok_new & changed) & ~(ok_old ^ ok_new),
    })  # fmt: skip
    out = flags.groupby(["theme", "measure"], sort=True)[COUNTS].sum().reset_index()
    return out.astype({c: "int64" for c in COUNTS})


def compare_dirs(previous: str | Path, new: str | Path, tolerance: float = 1e-9) -> pd.DataFrame:
    return compare(_measures(Path(previous)), _measures(Path(new)), tolerance)


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
    table = compare_dirs(args.previous, args.new, args.tolerance)
    if args.out:
        write_csv(table, args.out)
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
