"""Summarise Snakemake's per-job benchmark files: seconds, CPU seconds and peak memory per stage.

`python -m wijkzicht.pipeline.benchmarks [results/internal/benchmarks]`: the stages, and how long
2, 1 or no jobs ran at once (`side_by_side`).

Every rule writes a benchmark file (`benchmark:`) under results/internal/benchmarks, one per
job, named after the rule's log: `ingest/2023.tsv`, `personas/attributes2023.tsv`,
`export/kopp.tsv`. Snakemake measures each job's wall time (`s`), CPU time (`cpu_time`,
user + system seconds of the job's processes) and peak resident memory (`max_rss`, MB).
A stage is the job's path without its year (`personas/attributes`, `base`), or the folder of
rules whose jobs differ by table or theme (`ingest`, `export`, `pages`). `make bench`
(bench/run.py) reports these stages.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

# folders whose jobs are one stage whatever their table, theme or figure
GROUPED = {"ingest", "export", "pages"}


def collect(root: str | Path) -> pd.DataFrame:
    """One row per benchmark file under `root`: job (path), s, cpu_s, max_rss_mb."""
    root = Path(root)
    rows = [
        {"job": f.relative_to(root).as_posix(), **collect_one(f)}
        for f in sorted(root.rglob("*.tsv"))
    ]
    return pd.DataFrame(rows, columns=["job", "s", "cpu_s", "max_rss_mb"])


def collect_one(f: str | Path) -> dict[str, float]:
    """One benchmark file: s, cpu_s, max_rss_mb (NaN where a column is missing or not a number)."""
    b = pd.read_csv(f, sep="\t")
    num = {c: float(pd.to_numeric(b[c], errors="coerce").iloc[0]) if c in b else float("nan")
           for c in ("s", "cpu_time", "max_rss")}  # fmt: skip
    return {"s": num["s"], "cpu_s": num["cpu_time"], "max_rss_mb": num["max_rss"]}


def stage(job: str) -> str:
    """The stage of a benchmark file: 'ingest/2023.tsv' -> 'ingest',
    'personas/attributes2023.tsv' -> 'personas/attributes', 'base2023.tsv' -> 'base'."""
    first = job.split("/", 1)[0]
    if "/" in job and first in GROUPED:
        return first
    return re.sub(r"\d{4}", "", job).removesuffix(".tsv")


def summary(root: str | Path, *more: str | Path) -> pd.DataFrame:
    """Per stage: jobs, seconds and CPU seconds (summed over its jobs) and the largest job's
    peak memory (MB), longest first; the benchmark files under `root` and any `more` folders
    (a region run: the national folder and each gemeente's)."""
    jobs = pd.concat([collect(r) for r in (root, *more)], ignore_index=True)
    jobs["stage"] = jobs["job"].map(stage)
    return (
        jobs.groupby("stage")
        .agg(
            jobs=("s", "size"),
            seconds=("s", "sum"),
            cpu_seconds=("cpu_s", "sum"),
            max_rss_mb=("max_rss_mb", "max"),
        )
        .sort_values(["seconds", "stage"], ascending=[False, True])
        .reset_index()
    )


def side_by_side(*roots: str | Path) -> dict[int, float]:
    """Seconds during which k jobs ran at once, {k: seconds} for k = 0, 1, 2, ... (0: between
    jobs), from the benchmark files under `roots` (every job of one run): Snakemake writes a
    job's file when the job ends (its modification time) and `s` is the job's wall time, so
    the job ran from mtime - s to mtime. On 2 cores the seconds with one job are a core left
    idle: the job order's share of the wall time (issue 14)."""
    spans = []
    for root in roots:
        for f in sorted(Path(root).rglob("*.tsv")):
            end = f.stat().st_mtime
            spans.append((end - collect_one(f)["s"], end))
    if not spans:
        return {}
    events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
    out: dict[int, float] = {}
    running, last = 0, events[0][0]
    for t, step in events:
        if t > last:
            out[running] = out.get(running, 0.0) + (t - last)
        running, last = running + step, t
    return {k: out[k] for k in sorted(out)}


def main(argv: list[str]) -> int:
    root = argv[0] if argv else "results/internal/benchmarks"
    table = summary(root)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.1f}"))
    print(f"total job seconds: {table['seconds'].sum():.1f}")
    at_once = side_by_side(root)
    print("seconds with k jobs at once: " + ", ".join(f"{k}: {s:.1f}" for k, s in at_once.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
