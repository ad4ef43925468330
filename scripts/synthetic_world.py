"""Rule synthetic_world: generate the synthetic world and write it in the input layout."""

from pathlib import Path

from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.pipeline.snake import run
from wijkzicht.synth import write_world
from wijkzicht.synth.elsewhere import elsewhere
from wijkzicht.synth.region import generate_region


def main(snakemake, log):
    p = snakemake.params
    countries = read_countries(snakemake.input.countries)
    # one gemeente, or a region: the first gemeente's world plus the others' (synth.region)
    tables = generate_region(
        p.gemeenten,
        seed=p.seed,
        n_residents=p.n_residents,
        years=p.years,
        survey_waves=p.survey_waves,
        geography=read_geography(snakemake.input.geography),
        countries=countries,
        unkeyed=p.unkeyed,
    )
    root = Path(snakemake.output[0]).parents[1]  # outputs are <root>/<TABLE>/<file>
    # persons living in other gemeenten, appended to the national tables chunk by chunk
    extra = elsewhere(
        tables, p.n_elsewhere, p.seed, p.years, countries, p.gemeenten[0], gemeenten=p.gemeenten
    )
    written = write_world(tables, root, p.format, extra=extra)
    # the person behind each row of an unkeyed registration, for the linkage evaluation only
    for table, path in zip(p.unkeyed, p.truth, strict=True):
        write_parquet(tables.truth[table], path)
    log.info(
        "synthetic world: %d files under %s, %d persons living elsewhere",
        len(written),
        root,
        p.n_elsewhere,
    )


run(snakemake, main)  # noqa: F821
