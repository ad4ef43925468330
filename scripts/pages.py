"""Rule pages_<theme>: a theme's findings, comparable wijken, figures, maps (with boundaries),
infographic and report, from the export and the boundaries only (outputs.pages)."""

from wijkzicht.definitions import Definitions
from wijkzicht.outputs.pages import PageFiles, write_theme_pages
from wijkzicht.pipeline.snake import run


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
