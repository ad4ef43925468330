"""`make bench-ingest`: time the ingest (`wijkzicht.inputs.ingest.ingest`) table by table.

    python bench/ingest.py --data /tmp/wijkzicht-bench-18M/data          # a world of bench/run.py
    python bench/ingest.py --data DIR --no-write --years 2022 2023 --out /tmp/bi

At the national size the ingest is most of a run's CPU time (docs/BENCHMARKS.md), so a change
to it is best timed on its own, without the workflow around it. For every table of a world
(`--data`: a data root in the layout of `inputs.md` in Parquet, as `bench/run.py` writes it
under WORKDIR/data), in the order of the workflow's ingest jobs (the national tables, then each
year's), this process validates the table as the job does (`ingest`, one DuckDB thread, as
`config resources` gives the ingest jobs) and measures its wall and CPU seconds and its rows.
With `--no-write` the typed copy is not written (`ingest._write_output` does nothing): what
the checks cost alone, the part of the ingest that any design keeps. The typed copies go to
a temporary folder and are removed.

Writes OUT/ingest-<label>.json and .csv (OUT: results/bench) and prints a table with the
totals. Compare two versions of the code on the same world with `PYTHONPATH=<clone>/src`.
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import load, machine, versions  # noqa: E402

YEARS = [2019, 2020, 2021, 2022, 2023]
WAVES = [2020, 2022]


def cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def jobs(years: list[int], waves: list[int]) -> list[tuple[str, int | None]]:
    """(table, year) in the order of the ingest jobs: the national job's tables, then each
    year's job (with the survey in a wave); a wide table (VSLGWBTAB) once per year."""
    from wijkzicht.inputs.ingest_jobs import national_tables, year_tables

    national = [(t, None) for t in national_tables([])]
    return national + [(t, y) for y in years for t in year_tables(y in waves)]


def source(data: Path, table: str, year: int | None) -> Path:
    """The file of `table` (of `year`) under the data root `data` (Parquet), found as the
    workflow finds it (`config.input_path`); a wide table is one file for every year."""
    from wijkzicht.inputs.contracts import TABLES
    from wijkzicht.pipeline.config import input_path

    cfg = {"data": {"root": str(data), "format": "parquet", "tables": {}}}
    return Path(input_path(cfg, table, year if TABLES[table].per_year else None))


def time_tables(data: Path, years: list[int], waves: list[int], write: bool = True) -> pd.DataFrame:
    """One row per (table, year) of `jobs`: wall_s, cpu_s and rows of its ingest.

    Raises FileNotFoundError naming the first table file that is missing, before any timing."""
    from wijkzicht import db
    from wijkzicht.inputs import ingest as ingest_module
    from wijkzicht.inputs.contracts import TABLES

    todo = jobs(years, waves)
    missing = [str(source(data, t, y)) for t, y in todo if not source(data, t, y).exists()]
    if missing:
        raise FileNotFoundError(f"no such table file: {missing[0]} ({len(missing)} missing)")
    db.job_resources(1, None, None)  # one DuckDB thread, as an ingest job
    # each table on a connection of its own to one database, as an ingest job reads its tables
    # (`ingest_jobs.ingest_tables`), where the code has that parameter (code before 17b837b:
    # a database per table)
    shared = "database" in inspect.signature(ingest_module.ingest).parameters
    database = {"database": db.connect()} if shared else {}
    keep = ingest_module._write_output
    if not write:
        ingest_module._write_output = lambda con, r, years, out: None
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="wijkzicht-bench-ingest-") as tmp:
            for table, year in todo:
                wide = TABLES[table].wide_years
                out = Path(tmp) / f"{table}{year or ''}.parquet"
                quality = Path(tmp) / f"{table}{year or ''}.json"
                t0, c0 = time.perf_counter(), cpu_seconds()
                ingest_module.ingest(
                    table, source(data, table, year), out, year, [year] if wide else [],
                    quality=quality, **database,
                )  # fmt: skip
                wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
                n = json.loads(quality.read_text())["n_rows"]
                rows.append({"table": table, "year": year, "rows": n, "wall_s": wall,
                             "cpu_s": cpu})  # fmt: skip
                out.unlink(missing_ok=True)
    finally:
        ingest_module._write_output = keep
        for con in database.values():
            con.close()
        db.job_resources(None, None, None)
    return pd.DataFrame(rows).astype({"year": "Int64"})


def markdown(frame: pd.DataFrame) -> str:
    """The table (one row per table and year) with a total row, rounded to 0.1 s."""
    lines = ["| table | year | rows | wall s | CPU s |", "|---|---:|---:|---:|---:|"]
    for r in frame.itertuples():
        year = "" if pd.isna(r.year) else int(r.year)
        lines.append(f"| {r.table} | {year} | {r.rows:,} | {r.wall_s:.1f} | {r.cpu_s:.1f} |")
    lines.append(
        f"| **all** | | {frame['rows'].sum():,} | {frame['wall_s'].sum():.1f} | "
        f"{frame['cpu_s'].sum():.1f} |"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data", type=Path, required=True, help="a world's data root (Parquet)")
    p.add_argument("--years", type=int, nargs="+", default=YEARS, help="default 2019-2023")
    p.add_argument("--waves", type=int, nargs="*", default=None,
                   help="survey waves (default 2020 and 2022 within --years)")  # fmt: skip
    p.add_argument("--no-write", action="store_true", help="check only, write no typed copy")
    p.add_argument("--out", type=Path, default=Path("results/bench"), help="default results/bench")
    p.add_argument("--label", default=None, help="default: the data folder's parent's name")
    a = p.parse_args(argv)
    waves = [w for w in WAVES if w in a.years] if a.waves is None else a.waves
    label = a.label or a.data.resolve().parent.name
    label += "-nowrite" if a.no_write else ""
    start = load()
    frame = time_tables(a.data, a.years, waves, write=not a.no_write)
    record = {
        "label": label,
        "command": "python bench/ingest.py " + " ".join(argv),
        "machine": machine(),
        "versions": versions(),
        "load": {"start": start, "end": load()},
        "write": not a.no_write,
        "tables": json.loads(frame.to_json(orient="records")),
    }
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / f"ingest-{label}.json").write_text(json.dumps(record, indent=1) + "\n")
    frame.to_csv(a.out / f"ingest-{label}.csv", index=False)
    print(markdown(frame))
    print(f"load average at start {start}, at end {record['load']['end']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
