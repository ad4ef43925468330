"""Rule train_linkage: train the probabilistic linkage of a registration that arrived without
RINPERSOON once (Splink: u from random pairs, m by expectation maximisation; the prior) and
save the model as JSON, with a record of what it was trained on. Every year's link_unkeyed_year
job links with this frozen model (wijkzicht.population.probabilistic)."""

import json

from wijkzicht.files import write_text
from wijkzicht.pipeline.snake import run
from wijkzicht.population.probabilistic import Settings, train_registration


def main(snakemake, log):
    p = snakemake.params
    model, record = train_registration(
        source=snakemake.input.source,
        persoon=snakemake.input.persoon,
        adres=snakemake.input.adres,
        geo=list(snakemake.input.geo),
        gemeente=p.gemeenten,
        first_year=p.first_year,
        last_year=max(p.training_years),
        # the threshold is applied when linking, not in training
        settings=Settings(
            seed=int(p.linkage["seed"]),
            max_pairs_u=float(p.linkage["max_pairs_u"]),
            max_pairs_em=float(p.linkage["max_pairs_em"]),
        ),
    )
    record = {"table": snakemake.wildcards.table, "training_years": list(p.training_years),
              "gemeenten": list(p.gemeenten), **record}  # fmt: skip
    write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", snakemake.output.model)
    write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", snakemake.output.record)
    log.info(
        "%s: trained on %d rows of %s and %d register persons (prior %.3g)",
        record["table"], record["n_rows"], ", ".join(map(str, p.training_years)),
        record["n_persons"], record["prior"],
    )  # fmt: skip


run(snakemake, main)  # noqa: F821
