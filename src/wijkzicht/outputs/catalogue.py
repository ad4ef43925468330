"""Which figures, maps and infographics each theme gets, by name: what the workflow needs to
build its DAG.

Kept apart from `figure_specs` and `maps` (how each is drawn) so that building the DAG does not
import matplotlib.
"""

from __future__ import annotations

FIGURES = {
    "kopp": ["kopp_aandeel_wijk", "kopp_trend", "kopp_overlap"],
    "migratie": ["migratie_zorgkloof", "migratie_trend"],
    "nieuwkomers": ["nieuwkomers_concentratie", "nieuwkomers_trend"],
}

# per theme: (measure, method) of the key numbers: the report leads with it, the map shows it
MAIN = {
    "kopp": ("kopp.aandeel", "wilson"),
    "migratie": ("migratie.ggz", "direct_std_gamma"),
    "nieuwkomers": ("nieuwkomers.aandeel", "wilson"),
}

# measures that describe the data rather than the wijk (their labels say '(datakwaliteit)'):
# kopp.ouders_onbekend counts children whose parents cannot be linked to the registers. They are
# published, but wijken are not matched on them ('which wijken are like mine',
# `similar_wijken.wijk_profile`): a wijk is not like another because its records link alike.
# The definitions carry no role, so this is the list; add a measure here when one is added.
DATA_QUALITY = frozenset({"kopp.ouders_onbekend"})

# the area levels with a map of the main measure (buurt maps: `map_name(theme, "buurt")`, made
# when the measures have buurt rows: config buurt.registry_measures, workflow MAP_LEVELS)
MAP_LEVELS = ("wijk",)
INFOGRAPHIC = "infographic"


def map_name(theme: str, level: str = "wijk") -> str:
    """The file stem of a theme's map: `kaart_<measure>` per wijk (`kopp/kaart_aandeel`),
    `kaart_<measure>_<level>` for another level (`kopp/kaart_aandeel_buurt`)."""
    stem = "kaart_" + MAIN[theme][0].split(".", 1)[1]
    return stem if level == "wijk" else f"{stem}_{level}"


def map_level(theme: str, name: str) -> str:
    """The area level of map `name` of `theme` (the inverse of `map_name`)."""
    for level in ("wijk", "buurt"):
        if map_name(theme, level) == name:
            return level
    raise KeyError(f"{name!r} is not a map of theme {theme!r}")


def maps(levels=MAP_LEVELS) -> dict[str, list[str]]:
    """{theme: [map names]} of the given area levels."""
    return {theme: [map_name(theme, level) for level in levels] for theme in MAIN}


def report_figures(theme: str, with_maps: bool, levels=MAP_LEVELS) -> list[str]:
    """The images of a theme's report, in order: its maps of `levels` (when there are
    boundaries), its figures, and its infographic (the report's first screen)."""
    return [*(maps(levels)[theme] if with_maps else []), *FIGURES[theme], INFOGRAPHIC]
