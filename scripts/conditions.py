"""Rule conditions / conditions_previous: every configured person condition in year t (t-1), for
everybody in the sources (narrowed to year t's reach)."""

from wijkzicht import db
from wijkzicht.files import write_parquet
from wijkzicht.inputs.reference import read_codelists
from wijkzicht.pipeline.snake import run
from wijkzicht.population.conditions import person_conditions
from wijkzicht.population.residents import open_inputs


def main(snakemake, log):
    year = int(snakemake.params.year)  # of the conditions: t, or t-1 for conditions_previous
    conditions = snakemake.params.definitions["conditions"]
    con = db.connect()
    views = {k: v for k, v in snakemake.input.items() if k not in ("codelists", "codelist_files")}
    open_inputs(con, **views)
    df = person_conditions(con, conditions, year, read_codelists(snakemake.input.codelists))
    write_parquet(df, snakemake.output[0])
    log.info("%s", df["condition"].value_counts().sort_index().to_dict())


run(snakemake, main)  # noqa: F821
