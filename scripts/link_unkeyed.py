"""Rule link_unkeyed: a registration that arrived without RINPERSOON, keyed from every year's
links (rule link_unkeyed_year, one frozen model: rule train_linkage), as the themes and the
linkage report read it, with the summary of the linkage per source year and in total and the
best match weight of every row (wijkzicht.population.probabilistic.combine_years)."""

import json
from pathlib import Path

import pandas as pd

from wijkzicht.files import write_parquet, write_text
from wijkzicht.pipeline.snake import run
from wijkzicht.population.probabilistic import Settings, combine_years


def main(snakemake, log):
    p = snakemake.params
    frames = [pd.read_parquet(f) for f in snakemake.input.links]
    entries = [
        json.loads(Path(f).read_text(encoding="utf-8"))["years"] for f in snakemake.input.summaries
    ]
    summary, weights = combine_years(
        out=snakemake.output.keyed,
        source=snakemake.input.source,
        frames=frames,
        entries=entries,
        first_year=p.first_year,
        last_year=p.last_year,
        settings=Settings.from_config(p.linkage),
        evaluated=p.evaluated,
    )
    write_parquet(weights, snakemake.output.weights)
    summary["table"] = snakemake.wildcards.table
    write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n", snakemake.output.summary)
    total = summary["years"][-1]
    log.info("%s: %d of %d rows linked", summary["table"], total["n_links"], total["n_rows"])
    if summary["evaluated"]:
        log.info(
            "against the synthetic truth: precision %.4f, recall %.4f, F1 %.4f",
            total["precision"], total["recall"], total["f1"],
        )  # fmt: skip


run(snakemake, main)  # noqa: F821
