"""Rule synthetic_boundaries: the synthetic world's wijk and buurt boundaries (GeoJSON, RD New)."""

from wijkzicht.inputs.reference import read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.synth.boundaries import synthetic_boundaries, write_boundaries


def main(snakemake, log):
    p = snakemake.params
    buurten = synthetic_boundaries(p.seed, read_geography(snakemake.input.geography), p.gemeente)
    write_boundaries(buurten, snakemake.output[0])
    log.info(
        "synthetic boundaries: %d buurten in %d wijken", len(buurten), buurten["wijkcode"].nunique()
    )


run(snakemake, main)  # noqa: F821
