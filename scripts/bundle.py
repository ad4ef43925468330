"""Rule bundle: the release zip (files, release.json, OUTPUTCONTROLE.md), checked by the gate."""

import json
from pathlib import Path

import pandas as pd

from wijkzicht.disclosure.gate import assert_export_clean, passed_contents
from wijkzicht.pipeline.snake import optional_input, run
from wijkzicht.release import bundle

# the released table of a disclosure summary that is not a theme's measures.csv
TABLES = {"organisaties": "organisaties/cijfers.csv"}


def main(snakemake, log):
    d = snakemake.params.disclosure
    suppression = {}
    for path in snakemake.input.summaries:
        theme = Path(path).name.removesuffix("_summary.json")
        table = TABLES.get(theme, f"{theme}/measures.csv")
        suppression[table] = json.loads(Path(path).read_text(encoding="utf-8"))
    files = [*snakemake.input.files, snakemake.input.manifest]
    root = Path(snakemake.input.manifest).parent
    # the survey design of each wave: strata with one respondent, survey.lonely_psu
    surveys = [json.loads(Path(p).read_text(encoding="utf-8")) for p in snakemake.input.surveys]
    # the internal status of the measures tables' rows (primary or secondary: the release says
    # `suppressed` alone): which rows the previous release published are primary now, with their
    # counts now for the output check
    statuses = pd.concat(
        [
            pd.read_parquet(p, columns=[*bundle.ROW_KEY, "status", *bundle.NOW_COUNTS])
            for p in snakemake.input.statuses
        ],
        ignore_index=True,
    )
    # the previous release's manifest (config previous_release.export), named by its hash
    bundle.build(
        root, files, d, suppression, snakemake.output.zip, surveys=surveys,
        previous_manifest=optional_input(snakemake.input.previous), statuses=statuses,
        uncovered_out=snakemake.output.primary_now,
    )  # fmt: skip
    # the zip's members as the gate checks files; those with the bytes the export gate found
    # clean by the same rules (its record, input gate) only by name and type: release.json,
    # OUTPUTCONTROLE.md and any file changed since are checked in full
    rules = {"publish_zeros": d["publish_zeros"], "model_rules": d["modelschatting"],
             "rounding_base": d.get("rounding_base")}  # fmt: skip
    passed = passed_contents(
        Path(snakemake.input.gate).read_text(encoding="utf-8"), d["threshold"], **rules
    )
    assert_export_clean(Path(snakemake.output.zip), d["threshold"], passed=passed, **rules)
    log.info("bundle with %d files", len(files))


run(snakemake, main)  # noqa: F821
