"""Rule region_overview: the region overview (table and page) from the exported measures tables
of every gemeente of the region run, after their export gates (wijkzicht.outputs.region)."""

from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
from wijkzicht.files import write_text
from wijkzicht.outputs.region import overview, overview_html
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    gemeenten, themes = list(p.gemeenten), list(p.themes)
    paths = iter(snakemake.input.measures)  # per gemeente, its themes in order
    tables = {gm: {t: read_measures_csv(next(paths)) for t in themes} for gm in gemeenten}
    definitions = Definitions.from_param(p.definitions)
    table = overview(tables, definitions)
    write_measures_csv(table, snakemake.output.csv)
    page = Path(snakemake.output.html).parent
    dashboards = {
        gm: Path(d).relative_to(page.parent).as_posix()
        for gm, d in zip(gemeenten, snakemake.input.dashboards, strict=True)
    }
    dashboards = {gm: f"../{d}" for gm, d in dashboards.items()}
    names = dict(zip(table["area_code"], table["area_name"], strict=True))
    write_text(
        overview_html(table, gemeenten, names, dashboards, definitions, lang=p.language),
        snakemake.output.html,
    )
    log.info("region overview: %d gemeenten, %d rows", len(gemeenten), len(table))


run(snakemake, main)  # noqa: F821
