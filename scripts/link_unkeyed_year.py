"""Rule link_unkeyed_year: link one source year's rows of a registration that arrived without
RINPERSOON with the frozen model of train_linkage (nothing is estimated here) and write them
keyed, as year t's narrow job reads them (wijkzicht.population.probabilistic.link_year)."""

import json
from pathlib import Path

from wijkzicht.files import write_parquet, write_text
from wijkzicht.pipeline.snake import run
from wijkzicht.population.probabilistic import Settings, link_year


def main(snakemake, log):
    p = snakemake.params
    model = json.loads(Path(snakemake.input.model).read_text(encoding="utf-8"))
    entries, frame = link_year(
        out=snakemake.output.keyed,
        source=snakemake.input.source,
        persoon=snakemake.input.persoon,
        adres=snakemake.input.adres,
        model=model,
        first_year=p.first_year,
        year=int(snakemake.wildcards.year),
        settings=Settings(threshold_match_weight=float(p.threshold)),
        truth=snakemake.input.get("truth"),
    )
    write_parquet(frame, snakemake.output.links)
    record = {"table": snakemake.wildcards.table, "year": int(snakemake.wildcards.year),
              "years": entries}  # fmt: skip
    write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", snakemake.output.summary)
    log.info(
        "%s %s: %d of %d rows linked", record["table"], record["year"],
        int(frame["linked"].sum()), len(frame),
    )  # fmt: skip


run(snakemake, main)  # noqa: F821
