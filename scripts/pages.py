"""Rule pages_<theme>: a theme's findings, comparable wijken, figures, maps (with boundaries),
infographic and report, from the export and the boundaries only (outputs.pages)."""

import gc

# The job makes many short-lived objects (matplotlib's artists and paths, pandas' frames): a
# collection of the youngest objects after 20,000 allocations instead of Python's 700, and of
# the older ones as much rarer, took the collector from about 0.24 to 0.08 of the job's ~4.5
# CPU s on the default world (534 collections, 3 of them full, to 16). What the job writes does
# not depend on when garbage is collected: its figures are closed and freed explicitly.
gc.set_threshold(20_000, 20, 20)

from wijkzicht.definitions import Definitions  # noqa: E402
from wijkzicht.outputs.pages import PageFiles, write_theme_pages  # noqa: E402
from wijkzicht.pipeline.snake import run  # noqa: E402


def main(snakemake, log):
    p, i, o = snakemake.params, snakemake.input, snakemake.output
    out = PageFiles(
        findings=o.findings, profile=o.profile, similar=o.similar, infographic_pdf=o.infographic_pdf,
        infographic_png=o.infographic_png, html=o.html, pdf=o.pdf,
        figures=PageFiles.by_name(o.figures, o.figure_svgs, o.figure_tables),
        maps=PageFiles.by_name(o.maps, o.map_svgs, o.map_tables),
    )  # fmt: skip
    write_theme_pages(p.theme, i.measures, out, Definitions.from_param(p.definitions), lang=p.language,
                      gemeente=p.gemeente, alpha=p.alpha, slight=p.slight, k=p.k, n_indicators=p.n_indicators,
                      boundaries=i.boundaries[0] if i.boundaries else None, map_source=p.map_source,
                      personas=i.personas, small_area=dict(p.small_area), standard=list(p.standard),
                      zorg_steun=dict(p.zorg_steun), log=log)  # fmt: skip


run(snakemake, main)  # noqa: F821
