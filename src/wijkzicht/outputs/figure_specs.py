"""How each figure of `catalogue.FIGURES` is drawn from the theme's exported measures."""

from __future__ import annotations

import pandas as pd

from wijkzicht.outputs import figures as f
from wijkzicht.outputs.catalogue import FIGURES

__all__ = ["FIGURES", "draw"]


def _latest(m: pd.DataFrame, measure: str) -> int:
    return int(m.loc[m["measure"] == measure, "year"].max())


def draw(name: str, m: pd.DataFrame, config: dict):
    """The matplotlib figure `name` from the exported measures `m` of its theme."""
    lang = config["language"]
    gem = config["gemeente"]
    kopp = config["themes"]["kopp"]
    if name == "kopp_aandeel_wijk":
        return f.wijk_shares(m, "kopp.aandeel", _latest(m, "kopp.aandeel"), lang, list(kopp["definitions"]))
    if name == "kopp_trend":
        return f.trend_lines(m, "kopp.aandeel", gem, lang)
    if name == "kopp_overlap":
        return f.upset_overlap(m, _latest(m, "kopp.overlap"), kopp["overlap_conditions"], lang)
    if name == "migratie_zorgkloof":
        year = _latest(m, "migratie.zorgkloof")
        return f.by_group(m, [("migratie.k10_hoog", "k10_hoog"), ("migratie.zorgkloof", "ggz")], "herkomst", year, lang)
    if name == "migratie_trend":
        return f.trend_lines(m, "migratie.ggz", gem, lang, method="direct_std_gamma")
    if name == "nieuwkomers_concentratie":
        return f.ratio_per_wijk(m, "nieuwkomers.concentratie", _latest(m, "nieuwkomers.concentratie"), lang)
    if name == "nieuwkomers_trend":
        return f.trend_lines(m, "nieuwkomers.aandeel", gem, lang)
    raise KeyError(f"unknown figure {name!r}; known: {[n for v in FIGURES.values() for n in v]}")
