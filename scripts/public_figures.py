"""Rule public_figures: read CBS's Kerncijfers wijken en buurten per year and keep the checked
rows of the analysed gemeente (wijkzicht.inputs.aggregates)."""

import pandas as pd

from wijkzicht.files import write_parquet
from wijkzicht.inputs.aggregates import (
    KERNCIJFERS,
    check_kerncijfers,
    empty_kerncijfers,
    read_aggregate,
)
from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p, i = snakemake.params, snakemake.input
    geo = read_geography(i.geography, p.gemeente)
    parts = [
        check_kerncijfers(read_aggregate(KERNCIJFERS.name, f), y, geo, i.geography, p.gemeente)
        # one edition per configured year, or none (real data without public_figures)
        for y, f in zip(p.years if i.kerncijfers else [], i.kerncijfers, strict=True)
    ]
    # no edition configured (real data without public_figures.kerncijfers): an empty table
    df = pd.concat(parts, ignore_index=True) if parts else empty_kerncijfers()
    write_parquet(df, snakemake.output[0])
    log.info("Kerncijfers: %d areas over %d edition(s)", len(df), len(parts))


run(snakemake, main)  # noqa: F821
