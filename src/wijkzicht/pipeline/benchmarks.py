"""Summarise Snakemake's per-job benchmark files: seconds and peak memory per rule and theme.

`python -m wijkzicht.pipeline.benchmarks [results/internal/benchmarks]`
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

THEME_RULES = {
    "kopp": ("kopp_",),
    "migratie": ("migratie_",),
    "nieuwkomers": ("nieuwkomers_",),
}


def collect(root: str | Path) -> pd.DataFrame:
    rows = []
    root = Path(root)
    for f in sorted(root.rglob("*.tsv")):
        b = pd.read_csv(f, sep="\t")
        rows.append({"job": f.relative_to(root).as_posix(), "s": float(b["s"].iloc[0]),
                     "max_rss_mb": float(pd.to_numeric(b["max_rss"], errors="coerce").iloc[0])})  # fmt: skip
    return pd.DataFrame(rows)


def summary(root: str | Path) -> pd.DataFrame:
    jobs = collect(root)
    # the job path starts with the log path of its rule: theme folder or rule name
    jobs["step"] = (
        jobs["job"].str.replace(r"\d{4}", "", regex=True).str.replace(".tsv", "", regex=False)
    )
    return (
        jobs.groupby("step")
        .agg(jobs=("s", "size"), seconds=("s", "sum"), max_rss_mb=("max_rss_mb", "max"))
        .sort_values("seconds", ascending=False)
        .reset_index()
    )


def main(argv: list[str]) -> int:
    root = argv[0] if argv else "results/internal/benchmarks"
    table = summary(root)
    print(table.to_string(index=False, float_format=lambda x: f"{x:.1f}"))
    print(f"total job seconds: {table['seconds'].sum():.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
