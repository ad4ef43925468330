"""The baseline of `make bench`: bench/baseline.sql over the input files, in one DuckDB process.

    python bench/baseline.py ROOT --years 2022 2023 --gemeente GM0344 --out counts.csv

ROOT is laid out as the pipeline reads it (`<TABLE>/<TABLE>[<YEAR>].<parquet|csv>`). Writes
one row per theme, measure, definition, year and area (wijk or gemeente) with the numerator
and denominator (persons; person-wijk pairs for newcomers). `compare()` checks them against
wijkzicht's unsuppressed measures (results/internal/measures/<theme>.parquet). Not part of
the product: kept apart so that the timing of `make bench` has a reference and the counts an
independent check.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import duckdb
import pandas as pd

SQL = Path(__file__).with_name("baseline.sql")
KEY = ["theme", "measure", "definition", "year", "area_code"]
MEASURES = ["kopp.aandeel", "migratie.ggz", "migratie.psychofarmaca", "nieuwkomers.aandeel"]


def sections(text: str) -> dict[str, str]:
    """The `-- @name` sections of baseline.sql."""
    parts = re.split(r"^-- @(\w+)\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def _open(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """A view per input file, named after it: GBAPERSOONTAB, MEDICIJNTAB2023, ..."""
    for f in sorted(root.glob("*/*.*")):
        if f.suffix == ".parquet":
            src = f"read_parquet('{f}')"
        elif f.suffix == ".csv":
            raw = f.read_bytes()
            try:
                raw.decode("utf-8")
                enc = "utf-8"
            except UnicodeDecodeError:
                enc = "latin-1"
            head = raw.split(b"\n", 1)[0]
            delim = ";" if head.count(b";") > head.count(b",") else ","
            src = (
                f"read_csv('{f}', all_varchar = true, header = true, delim = '{delim}', "
                f"encoding = '{enc}')"
            )
        else:
            continue
        con.execute(f'CREATE OR REPLACE VIEW "{f.stem}" AS SELECT * FROM {src}')


def ggz_cost(year: int) -> str:
    """GGZ costs of year t: ZVWKGENBASGGZ + ZVWKSPECGGZ up to 2021, ZVWKGGZZPMTOTAAL from 2022;
    a missing cost counts 0."""
    cols = ["ZVWKGENBASGGZ", "ZVWKSPECGGZ"] if year <= 2021 else ["ZVWKGGZZPMTOTAAL"]
    return " + ".join(f"coalesce(TRY_CAST({c} AS DOUBLE), 0)" for c in cols)


def run(root: str | Path, years: list[int], gemeente: str, threads: int | None = None):
    """The baseline counts (a DataFrame with KEY + numerator, denominator), sorted by KEY."""
    years = sorted(int(y) for y in years)
    con = duckdb.connect(config={"threads": threads} if threads else {})
    try:
        _open(con, Path(root))
        sql = sections(SQL.read_text(encoding="utf-8"))
        values = {"gem": gemeente.removeprefix("GM"), "gm": gemeente}
        con.execute(sql["once"])
        for y in years:
            con.execute(sql["conditions"].format(y=y, ggz_cost=ggz_cost(y)))
        for t in years:
            con.execute(sql["year"].format(t=t, **values))
            if t - 1 in years:
                con.execute(sql["newcomers"].format(t=t, p=t - 1, **values))
        counts = con.execute("SELECT * FROM result").df()
    finally:
        con.close()
    counts[["numerator", "denominator"]] = counts[["numerator", "denominator"]].astype("int64")
    counts["year"] = counts["year"].astype("int64")
    return counts.sort_values(KEY).reset_index(drop=True)


def compare(baseline: pd.DataFrame, measures: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows where the baseline and wijkzicht's unsuppressed measures (theme -> table) differ in
    numerator or denominator: wijkzicht's rows of the baseline's measures, group totaal,
    method wilson, wijk and gemeente; a row one side lacks counts 0 of 0 there. Empty: equal."""
    ours = pd.concat(measures.values(), ignore_index=True)
    ours = ours[
        ours["measure"].isin(MEASURES)
        & (ours["group"] == "totaal")
        & (ours["method"] == "wilson")
        & ours["area_level"].isin(["gemeente", "wijk"])
    ]
    ours = ours[KEY + ["numerator", "denominator"]].copy()
    ours["year"] = ours["year"].astype("int64")
    for c in ("numerator", "denominator"):
        ours[c] = ours[c].fillna(0).round().astype("int64")
    both = baseline.merge(ours, on=KEY, how="outer", suffixes=("_baseline", "_wijkzicht"))
    both = both.fillna(0)
    differ = (both["numerator_baseline"] != both["numerator_wijkzicht"]) | (
        both["denominator_baseline"] != both["denominator_wijkzicht"]
    )
    return both[differ].sort_values(KEY).reset_index(drop=True)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root")
    ap.add_argument("--years", type=int, nargs="+", required=True)
    ap.add_argument("--gemeente", default="GM0344")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    counts = run(a.root, a.years, a.gemeente, a.threads)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    counts.to_csv(a.out, index=False)
    print(f"{len(counts)} rows -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
