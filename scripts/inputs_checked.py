"""Rule inputs_checked: the checks against the configuration and the reference files, once
every table is read; the jobs that write releasable files wait for its record."""

import json
import os
from pathlib import Path

from wijkzicht.inputs.crosscheck import check_inputs
from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    keys = [(t, y) for t, y in p.tables]
    summary = check_inputs(
        validated=dict(zip(keys, snakemake.input.validated, strict=True)),
        sources=dict(zip(keys, p.sources, strict=True)),
        geography=read_geography(snakemake.input.geography),
        geography_path=snakemake.input.geography,
        gemeente=p.gemeente,
        years=p.years,
        countries=read_countries(snakemake.input.countries),
        gemeenten=p.gemeenten,
    )
    for col, codes in summary["unknown_country_codes"].items():
        if codes:
            shown = ", ".join(f"{c} ({n})" for c, n in list(codes.items())[:10])
            log.info(
                "%s: %d person(s) with a code not in %s, counted as herkomst onbekend: %s",
                col, sum(codes.values()), snakemake.input.countries, shown,
            )  # fmt: skip
    out = Path(snakemake.output[0])
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    log.info("all %d input files checked against the configuration", len(keys))


run(snakemake, main)  # noqa: F821
