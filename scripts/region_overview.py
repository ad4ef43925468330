"""Rules region_overview and region_overview_copies: the region overview (table and page) from the
exported measures tables of every gemeente of the region run (wijkzicht.outputs.region). Rule
region_overview, after their export gates: the region's own page, each gemeente's name linking to
its dashboard. Rule region_overview_copies: each gemeente's copy for its own release, only its
own dashboard linked (outputs `csv` and `html`: one of each per gemeente, in region order)."""

import os
from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv
from wijkzicht.files import write_text
from wijkzicht.outputs.region import overview_html, region_rows
from wijkzicht.pipeline.snake import run


def main(snakemake, log):
    p = snakemake.params
    gemeenten, themes = list(p.gemeenten), list(p.themes)
    paths = iter(snakemake.input.measures)  # per gemeente, its themes in order
    tables = {gm: {t: read_measures_csv(next(paths)) for t in themes} for gm in gemeenten}
    definitions = Definitions.from_param(p.definitions)
    table = region_rows(tables, definitions)
    names = dict(zip(table["area_code"], table["area_name"], strict=True))
    # the title's region name (config region_name; empty: its gemeenten) and the share under
    # which a trend is slight (config findings.slight), as on the gemeenten's own pages
    words = {"region": p.region, "slight": p.slight}
    out = snakemake.output
    if snakemake.input.get("dashboards"):  # the region's own page
        write_measures_csv(table, out.csv)
        page = Path(out.html).parent
        dashboards = {
            gm: Path(os.path.relpath(d, page)).as_posix()
            for gm, d in zip(gemeenten, snakemake.input.dashboards, strict=True)
        }
        html = overview_html(
            table, gemeenten, names, dashboards, definitions, lang=p.language, **words
        )
        write_text(html, out.html)
        log.info("region overview: %d gemeenten, %d rows", len(gemeenten), len(table))
        return
    # each gemeente's copy, in its export folder (results/export/<GM>/regio/): its dashboard
    # is results/export/<GM>/dashboard.html
    for gm, csv, html in zip(gemeenten, out.csv, out.html, strict=True):
        write_measures_csv(table, csv)
        dashboard = Path(
            os.path.relpath(Path(csv).parent.parent / "dashboard.html", Path(html).parent)
        )
        page = overview_html(
            table, gemeenten, names, {gm: dashboard.as_posix()}, definitions,
            lang=p.language, own=gm, **words,
        )  # fmt: skip
        write_text(page, html)
    log.info("region overview copies: %d gemeenten, %d rows", len(gemeenten), len(table))


run(snakemake, main)  # noqa: F821
