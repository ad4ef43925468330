"""Rule linkage_report: per source and year, how well rows link, the probabilistic linkage of
unkeyed registrations and the source-quality report (releasable tables)."""

import json

import pandas as pd

from wijkzicht import db
from wijkzicht.disclosure.export import write_csv
from wijkzicht.disclosure.linkage import (
    HISTOGRAM_COLUMNS,
    releasable,
    releasable_probabilistic,
    releasable_quality,
    weight_histogram,
)
from wijkzicht.inputs.reference import read_geography, survey_strata
from wijkzicht.pipeline.snake import run
from wijkzicht.population.linkage import (
    filled_counts,
    own_respondents,
    own_strata,
    quality_counts,
)


def main(snakemake, log):
    i, p = snakemake.input, snakemake.params
    # the gemeente's rows of the run's linkage counts (rule linkage_counts)
    counts = pd.read_parquet(i.counts)
    counts = counts[counts["gemeente"] == p.gemeente].drop(columns="gemeente")
    counts = counts.reset_index(drop=True)
    strata = survey_strata(read_geography(i.geography), p.gemeente)
    # the source-quality figures of every table read, counted by its ingest job
    records = {}
    for path in i.quality:
        with open(path, encoding="utf-8") as fh:
            rec = json.load(fh)
        records[rec["table"], rec["year"]] = rec
    con = db.connect()
    for year, path in zip(p.surveys, i.surveys, strict=True):
        # the gemeente's own respondents (the file of a GGD region holds the region's)
        source = con.read_parquet(str(path))
        n_all = source.count("*").fetchall()[0][0]
        rec = records["GEZOMONITOR", year]
        n_own, filled = filled_counts(
            source.filter(own_strata(strata)), [c["column"] for c in rec["columns"]]
        )
        if n_own < n_all:  # its quality figures over its own respondents too
            records["GEZOMONITOR", year] = own_respondents(rec, n_own, filled)
        log.info(
            "GEZOMONITOR %s: %d of %d respondents sampled in %s's strata",
            year, n_own, n_all, p.gemeente,
        )  # fmt: skip
    con.close()
    write_csv(releasable(counts, p.threshold), snakemake.output.linkage)

    # the probabilistic linkage of the registrations that arrived without RINPERSOON
    summaries = {}
    for table, path in zip(p.unkeyed, snakemake.input.summaries, strict=True):
        with open(path, encoding="utf-8") as fh:
            summaries[table] = json.load(fh)
    write_csv(releasable_probabilistic(summaries, p.threshold), snakemake.output.probabilistic)
    hist = [
        weight_histogram(
            pd.read_parquet(path)["match_weight"],
            p.linkage["histogram_width"],
            p.linkage["threshold_match_weight"],
            p.threshold,
        ).assign(source=table)
        for table, path in zip(p.unkeyed, snakemake.input.weights, strict=True)
    ]
    columns = HISTOGRAM_COLUMNS  # `bin` in words, 'geen paar gescoord' last
    hist = pd.concat(hist, ignore_index=True)[columns] if hist else pd.DataFrame(columns=columns)
    write_csv(hist, snakemake.output.weights)

    # the source-quality report: every table read (a regional survey file: the gemeente's own
    # respondents, with the file's rows beside them)
    keyed = counts[~counts["source"].isin(p.unkeyed)]
    quality = releasable_quality(
        quality_counts(list(records.values()), keyed, summaries), p.threshold
    )
    write_csv(quality, snakemake.output.quality)
    log.info("%d sources, %d quality figures", len(counts), len(quality))


run(snakemake, main)  # noqa: F821
