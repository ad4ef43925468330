"""How each figure of `catalogue.FIGURES` is drawn from the theme's exported measures."""

from __future__ import annotations

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.outputs import figures as f
from wijkzicht.outputs.catalogue import FIGURES
from wijkzicht.outputs.labels import definition_names

__all__ = ["FIGURES", "draw"]


def _latest(m: pd.DataFrame, measure: str) -> int:
    return int(m.loc[m["measure"] == measure, "year"].max())


def draw(name: str, m: pd.DataFrame, definitions: Definitions, *, lang: str, gemeente: str):
    """The matplotlib figure `name` from the exported measures `m` of its theme; the definitions'
    labels name the panels, lines and overlap conditions (only the figure's theme is needed)."""
    # the trend rows (methods trend_*) are tests for trend, not points of the figures
    m = m[~m["method"].astype(str).str.startswith("trend_")]

    def names(measure: str) -> dict[str, str]:
        keys = dict.fromkeys(m.loc[m["measure"] == measure, "definition"])
        return definition_names(lang, measure, keys, definitions)

    if name == "kopp_aandeel_wijk":
        order = list(definitions.kopp.definitions.names)
        return f.wijk_shares(
            m, "kopp.aandeel", _latest(m, "kopp.aandeel"), lang, order, names=names("kopp.aandeel")
        )
    if name == "kopp_trend":
        return f.trend_lines(m, "kopp.aandeel", gemeente, lang, names=names("kopp.aandeel"))
    if name == "kopp_overlap":
        conds = definitions.kopp.overlap_conditions
        return f.upset_overlap(m, _latest(m, "kopp.overlap"), [c.name for c in conds], lang,
                               names={c.name: c.label(lang) for c in conds})  # fmt: skip
    if name == "migratie_zorgkloof":
        year = _latest(m, "migratie.zorgkloof")
        return f.by_group(
            m,
            [("migratie.k10_hoog", "k10_hoog"), ("migratie.zorgkloof", "ggz")],
            "herkomst",
            year,
            lang,
        )
    if name == "migratie_trend":
        return f.trend_lines(
            m,
            "migratie.ggz",
            gemeente,
            lang,
            method="direct_std_gamma",
            names=names("migratie.ggz"),
        )
    if name == "nieuwkomers_concentratie":
        measure = "nieuwkomers.concentratie"
        return f.ratio_per_wijk(m, measure, _latest(m, measure), lang, names=names(measure))
    if name == "nieuwkomers_trend":
        return f.trend_lines(
            m, "nieuwkomers.aandeel", gemeente, lang, names=names("nieuwkomers.aandeel")
        )
    raise KeyError(f"unknown figure {name!r}; known: {[n for v in FIGURES.values() for n in v]}")
