"""Rule synthetic_world: generate the synthetic world and write it in the input layout."""

from pathlib import Path

from wijkzicht.inputs.reference import read_countries, read_geography
from wijkzicht.pipeline.config import data_root
from wijkzicht.pipeline.snake import run
from wijkzicht.synth import generate_world, write_world


def main(snakemake, log):
    cfg = snakemake.config
    tables = generate_world(
        seed=cfg["synthetic"]["seed"],
        n_residents=cfg["synthetic"]["n_residents"],
        years=cfg["years"],
        survey_waves=cfg["survey_waves"],
        geography=read_geography(snakemake.input.geography),
        countries=read_countries(snakemake.input.countries),
        gemeente=cfg["gemeente"],
    )
    root = Path(data_root(cfg))
    written = write_world(tables, root, cfg["synthetic"]["format"])
    log.info("synthetic world: %d files under %s", len(written), root)


run(snakemake, main)  # noqa: F821
