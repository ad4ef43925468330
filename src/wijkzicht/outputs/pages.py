"""A theme's pages from the export alone, in one job (rule `pages_<theme>`).

In the order in which they read one another: the findings (`verschillen.csv`: which wijken
differ from the city, which trends rise or fall) and the comparable wijken from `measures.csv`;
the figures and the maps (with boundaries) from both tables; the infographic from the tables,
the boundaries and the persona's; last the report, which embeds the maps, the figures and the
infographic and reads the rows each of them draws. Each reads what it needs from the files the
steps before it wrote, as it would in a job of its own, so the bytes are the same.

Everything but the maps is imported with this module, before the job's `pipeline.snake.run`
freezes the imported objects (the findings' Holm correction collects garbage once per family);
the maps' geopandas, shapely and pyproj only with boundaries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.outputs import figure_specs, infographic, report
from wijkzicht.outputs.findings import findings
from wijkzicht.outputs.similar_wijken import comparable


@dataclass(frozen=True)
class PageFiles:
    """The files a theme's pages job writes. `figures` and `maps`: {name: {"png", "svg",
    "csv": path}} in the order of the report (`catalogue.report_figures`); `maps` empty without
    boundaries."""

    findings: str
    profile: str
    similar: str
    infographic_pdf: str
    infographic_png: str
    html: str
    pdf: str
    figures: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @staticmethod
    def by_name(
        png: Sequence[str], svg: Sequence[str], csv: Sequence[str]
    ) -> dict[str, dict[str, str]]:
        """{name: {"png", "svg", "csv"}} from three lists of files in the same order."""
        return {
            Path(p).stem: {"png": p, "svg": s, "csv": c}
            for p, s, c in zip(png, svg, csv, strict=True)
        }


def write_theme_pages(theme: str, measures: str | Path, out: PageFiles, definitions: Definitions, *,
                      lang: str, gemeente: str, alpha: float, slight: float, k: int, n_indicators: int,
                      boundaries: str | Path | None, map_source: str, personas: str | Path | None,
                      small_area: dict | None = None, standard: Sequence[str] = (),
                      zorg_steun: Mapping[str, Sequence[str]] | None = None, log=None) -> None:  # fmt: skip
    """Every page of `theme` from its exported `measures` (`<root>/<theme>/measures.csv`, the
    other exported tables under the same root) into the files `out`; `alpha` and `slight` as
    `findings.findings` (config `findings.*`), stated on the pages that use them; `small_area`
    the model estimates' covariates ({"factors", "flags"}), named in the report; `standard` in a
    GGD region run its gemeenten's names, the standard population of the standardised figures;
    `zorg_steun` config personas.zorg_steun, whose conditions the infographic's Bron line names."""
    root = Path(measures).parent.parent
    # the exported tables read once; each step gets its own copy, as a job of its own had
    published = read_measures_csv(measures)
    table = findings(published.copy(), alpha, slight)
    write_csv(table, out.findings)
    _info(log, "findings: %s", table.groupby(["comparison", "verdict"]).size().to_dict())
    profile, near = comparable(published.copy(), k, n_indicators)
    write_csv(profile, out.profile)
    write_csv(near, out.similar)
    _info(log, "comparable wijken: %d wijken, %d indicators", profile["wijk"].nunique(),
          profile["indicator"].nunique())  # fmt: skip

    # as the figures and maps read it: the written file, not the frame in memory
    differences = figure_specs.read_differences(out.findings)
    for name, paths in out.figures.items():
        sel = figure_specs.write(name, published.copy(), differences.copy(), definitions, paths,
                                 lang=lang, gemeente=gemeente, slight=slight)  # fmt: skip
        _info(log, "figure %s: %d rows drawn", name, len(sel))
    if out.maps:
        from wijkzicht.outputs import maps  # geopandas, shapely, pyproj: only with boundaries

        for name, paths in out.maps.items():
            sel = maps.write(theme, name, published.copy(), differences.copy(), definitions, boundaries, paths,
                             lang=lang, gemeente=gemeente, source=map_source)  # fmt: skip
            _info(log, "map %s: %d areas", name, int((sel["role"] == "area").sum()))

    c = infographic.write_from_export(theme, root, definitions, out.infographic_pdf, out.infographic_png,
                                      lang=lang, gemeente=gemeente, boundaries=boundaries,
                                      source=map_source, personas=personas, standard=standard,
                                      zorg_steun=zorg_steun)  # fmt: skip
    _info(log, "infographic: map %s, %d persona card(s)", "yes" if c.areas is not None else "no",
          len(c.personas))  # fmt: skip

    # the report's images in its order: the maps, the figures, the infographic (its first screen)
    images = [p["png"] for p in (*out.maps.values(), *out.figures.values())] + [out.infographic_png]
    report.write_theme_report(theme, root, definitions, images, out.html, out.pdf, lang=lang,
                              alpha=alpha, slight=slight, map_source=map_source, small_area=small_area,
                              standard=standard, infographic=c)  # fmt: skip
    _info(log, "report with %d figures", len(images))


def _info(log, *args) -> None:
    if log is not None:
        log.info(*args)
