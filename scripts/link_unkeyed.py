"""Rule link_unkeyed: link a registration that arrived without RINPERSOON to the register
(Splink, wijkzicht.population.probabilistic) and write it keyed, as the themes read it."""

import json

from wijkzicht.files import write_parquet, write_text
from wijkzicht.pipeline.snake import run
from wijkzicht.population.probabilistic import Settings, link_registration


def main(snakemake, log):
    p = snakemake.params
    summary, weights = link_registration(
        out=snakemake.output.keyed,
        source=snakemake.input.source,
        persoon=snakemake.input.persoon,
        adres=snakemake.input.adres,
        geo=list(snakemake.input.geo),
        gemeente=p.gemeenten,
        first_year=p.first_year,
        settings=Settings.from_config(p.linkage),
        truth=snakemake.input.get("truth"),
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
