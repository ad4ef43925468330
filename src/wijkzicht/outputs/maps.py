"""Maps of a theme's main measure per area (wijk, or buurt once published), from the exported
tables and public boundaries only.

- `select(theme, measures, definitions, differences, lang=..., gemeente=..., level=...)`: the
  rows the map draws: per area of `level` its published value of the theme's main measure
  (`catalogue.MAIN`, the definition the key messages lead with, group totaal, the latest year)
  and the gemeente's row (the city value in the legend), each with its state (ok / suppressed /
  empty), the value as shown, its verdict against the rest of the city (verschillen.csv, ▲ ▼),
  its colour class and fill. Written beside the map as `<theme>/<map>.csv`: the map's data.
- `draw(sel, areas, words, lang=...)`: the choropleth: each area filled with the colour of its
  class (a few classes with round bounds, light to dark blue), a suppressed area grey with
  diagonal hatching, an empty area (nobody in the group) white with dots; the legend names the
  classes, marks the class of the city value, and names both states; wijk names and values on
  the map; notes and a "Bron:" line below.
- `svg_shapes`, `locator_svg`: the same areas as plain SVG paths, for pages that draw their own
  (the factsheet's locator map, the dashboard's map view).

Boundaries (`inputs.boundaries.read_boundaries`) are public geography: they are the only input
of a map besides the exported tables.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

# matplotlib is imported where a map is drawn (`figures.pyplot`): the factsheets and the
# dashboard import this module for the hand-made SVG maps only
from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.inputs.boundaries import read_boundaries
from wijkzicht.outputs import figures as f
from wijkzicht.outputs.catalogue import MAIN, map_level, map_name
from wijkzicht.outputs.figure_specs import TEXT as FIGURE_TEXT
from wijkzicht.outputs.figure_specs import mark_note, read_differences, source_line
from wijkzicht.outputs.format import (
    ADJUSTED_SHORT,
    STATE_WORDS,
    SUPPRESSED_WHY,
    VERDICT_MARKS,
    against,
    interval,
    pct,
    shown,
    state,
)
from wijkzicht.outputs.key_messages import key_definition
from wijkzicht.outputs.labels import definition_label, definition_order, label
from wijkzicht.outputs.report import measure_tables

__all__ = ["CLASS_COLOURS", "COLUMNS", "EMPTY", "SUPPRESSED", "areas_for", "draw", "locator_svg",
           "read_map", "select", "svg_shapes", "texts", "write", "write_from_export"]  # fmt: skip

# light to dark blue (ColorBrewer Blues, its lightest step left out: that one is near white)
CLASS_COLOURS = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
MAX_CLASSES = len(CLASS_COLOURS)
SUPPRESSED = {"fill": "#d4d4d4", "hatch": "////"}  # grey, diagonal lines
EMPTY = {"fill": "#ffffff", "hatch": "..."}  # white, dots
EDGE = "#ffffff"
# round class widths, as a share (0.01 = one percentage point)
STEPS = (0.001, 0.002, 0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5)
KEY = ["theme", "measure", "definition", "method", "year", "area_level", "area_code", "area_name",
       "group", "group_value"]  # fmt: skip
COLUMNS = [*KEY, "role", "value", "ci_lower", "ci_upper", "state", "shown", "interval", "verdict",
           "test", "mark", "class", "class_lower", "class_upper", "fill", "measures_row"]  # fmt: skip
LABEL_AREAS = 25  # names and values on the map up to this many areas
# the area levels whose maps share one colour scale per measure and year (`scale`)
MAP_AREA_LEVELS = ("wijk", "buurt")

TEXT = {
    "nl": {
        "per": {"wijk": "{what} per wijk, {year}", "buurt": "{what} per buurt, {year}"},
        "sub": {"kopp": "Percentage van alle kinderen van {lo} tot en met {hi} jaar ({definition})",
                "migratie": "Percentage van de volwassenen met GGZ-zorg. Gecorrigeerd voor leeftijd en geslacht (gestandaardiseerd): "
                            "verschillen in leeftijd tussen wijken tellen niet mee.",
                "nieuwkomers": "Percentage van de nieuwkomers in de wijk ({definition})"},
        "legend": "Percentage",
        "class": "{lo} tot {hi}",
        "city": "{city} als geheel: {value}{adj}",
        "suppressed": "onderdrukt (" + SUPPRESSED_WHY["nl"] + ")",
        "empty": "geen personen (niemand in deze groep)",
        "colour": "Hoe donkerder de kleur, hoe hoger het percentage.",
        "same_scale": "De kaart per wijk en de kaart per buurt hebben dezelfde kleuren: dezelfde kleur is "
                      "hetzelfde percentage.",
        "map_source": "kaart: {source}",
        "alt": "Kaart: {title}. {city}. Hoogste: {high}. Laagste: {low}.",
        "alt_marks": " Duidelijk hoger dan {against}: {up}. Duidelijk lager: {down}.",
        # a map of nothing but 'onderdrukt' is a sentence (`nothing_shown`)
        "alt_none": "Kaart: {title}. {why}",
        "none": "geen",
    },
    "en": {
        "per": {"wijk": "{what} by wijk, {year}", "buurt": "{what} by buurt, {year}"},
        "sub": {"kopp": "Percentage of all children aged {lo} to {hi} ({definition})",
                "migratie": "Percentage of adults with mental-health care. Adjusted for age and sex (standardised): "
                            "differences in age between wijken do not count.",
                "nieuwkomers": "Percentage of the wijk's newcomers ({definition})"},
        "legend": "Percentage",
        "class": "{lo} to {hi}",
        "city": "{city} as a whole: {value}{adj}",
        "suppressed": "suppressed (" + SUPPRESSED_WHY["en"] + ")",
        "empty": "no persons (nobody in this group)",
        "colour": "The darker the colour, the higher the percentage.",
        "same_scale": "The map by wijk and the map by buurt have the same colours: the same colour is the "
                      "same percentage.",
        "map_source": "map: {source}",
        "alt": "Map: {title}. {city}. Highest: {high}. Lowest: {low}.",
        "alt_marks": " Clearly higher than {against}: {up}. Clearly lower: {down}.",
        "alt_none": "Map: {title}. {why}",
        "none": "none",
    },
}  # fmt: skip


# --- selecting ------------------------------------------------------------------------------


def breaks(values) -> list[float]:
    """Class bounds for the published values: multiples of the smallest round width (STEPS)
    that needs at most MAX_CLASSES classes, from below the lowest value to above the highest.
    One value (or none): one class around it."""
    v = np.asarray([x for x in values if x is not None and np.isfinite(x)], dtype=float)
    if not len(v):
        return [0.0, 1.0]
    lo, hi = float(v.min()), float(v.max())
    if hi - lo < 1e-12:  # one value: the whole percentage point around it
        first = math.floor(lo * 100 + 1e-9)
        return [first / 100, (first + 1) / 100]
    for step in STEPS:
        first = math.floor(lo / step + 1e-9)
        last = max(math.ceil(hi / step - 1e-9), first + 1)
        if last - first <= MAX_CLASSES:
            return [round(k * step, 10) for k in range(first, last + 1)]
    return [math.floor(lo), math.ceil(hi) if hi > math.floor(lo) else math.floor(lo) + 1]


def class_of(value: float, bounds: list[float]) -> int:
    """The class (0-based) of `value`: bounds[i] <= value < bounds[i+1]; the top class
    includes its upper bound."""
    i = int(np.searchsorted(bounds, value, side="right")) - 1
    return min(max(i, 0), len(bounds) - 2)


def colours(n: int) -> list[str]:
    """`n` colours of CLASS_COLOURS, spread from light to dark."""
    if n == 1:
        return [CLASS_COLOURS[2]]
    idx = np.round(np.linspace(0, MAX_CLASSES - 1, n)).astype(int)
    return [CLASS_COLOURS[i] for i in idx]


def select(theme: str, measures: pd.DataFrame, definitions: Definitions,
           differences: pd.DataFrame | None = None, *, lang: str, gemeente: str,
           level: str = "wijk", definition: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The rows map `theme`/`level` draws, from the published `measures` of the theme (as read
    by `read_measures_csv`; `measures_row` is the row in that table) and its `differences`
    (verschillen.csv): one row per area (role `area`, sorted by code) and the gemeente
    (role `reference`), with COLUMNS. Colour classes come from the published area values.
    `definition`: that definition of the main measure (the dashboard's map of the definition
    the reader chose); None: the one the key messages lead with (`key_definition`)."""
    measure, method = MAIN[theme]
    m = measures.assign(measures_row=range(len(measures)))
    m = m[(m["measure"] == measure) & (m["method"] == method) & (m["group"] == "totaal")]
    if definition is None:
        definition = key_definition(theme, definitions, m["definition"])
    m = m[m["definition"] == definition]
    areas = m[m["area_level"] == level]
    year = int(areas["year"].max()) if len(areas) else (int(m["year"].max()) if len(m) else 0)
    areas = areas[areas["year"] == year].sort_values("area_code", kind="stable")
    city = m[(m["area_level"] == "gemeente") & (m["area_code"] == gemeente) & (m["year"] == year)]
    rows = pd.concat([areas.assign(role="area"), city.assign(role="reference")], ignore_index=True)
    records = rows.to_dict("records")
    rows["state"] = [state(r) for r in records]
    rows["shown"] = [shown(r, lang) for r in records]
    rows["interval"] = [
        interval(r["ci_lower"], r["ci_upper"], lang)
        if s == "ok" and pd.notna(r["ci_lower"]) and pd.notna(r["ci_upper"])
        else ""
        for r, s in zip(records, rows["state"], strict=True)
    ]
    rows["verdict"], rows["test"] = "", ""
    if differences is not None and len(differences):
        d = differences[(differences["comparison"] == "wijk_vs_gemeente")
                        & (differences["measure"] == measure) & (differences["definition"] == definition)
                        & (differences["method"] == method) & (differences["group"] == "totaal")
                        & (differences["year"].astype(int) == year)]  # fmt: skip
        found = {c: (v, t) for c, v, t in zip(d["area_code"], d["verdict"], d["test"], strict=True)}
        got = [found.get(c, ("", "")) if r == "area" else ("", "")
               for c, r in zip(rows["area_code"], rows["role"], strict=True)]  # fmt: skip
        rows["verdict"] = [g[0] for g in got]
        rows["test"] = [g[1] for g in got]
    rows["mark"] = [
        VERDICT_MARKS.get(v, "") if s == "ok" else ""
        for v, s in zip(rows["verdict"], rows["state"], strict=True)
    ]
    bounds, levels = scale(m, year)
    fills = colours(len(bounds) - 1)
    cls, lower, upper, fill = [], [], [], []
    for r, s in zip(rows.to_dict("records"), rows["state"], strict=True):
        if s == "ok":
            k = class_of(float(r["value"]), bounds)
            cls.append(str(k + 1))
            lower.append(bounds[k])
            upper.append(bounds[k + 1])
            fill.append(fills[k])
        else:
            cls.append("")
            lower.append(np.nan)
            upper.append(np.nan)
            fill.append({"suppressed": SUPPRESSED, "empty": EMPTY}[s]["fill"])
    rows["class"], rows["class_lower"], rows["class_upper"], rows["fill"] = cls, lower, upper, fill
    for c in COLUMNS:
        if c not in rows:
            rows[c] = ""
    out = rows[COLUMNS].reset_index(drop=True)
    # the scale's bounds and the levels that share it: the legend names every class of it
    out.attrs["bounds"], out.attrs["levels"] = bounds, levels
    return out


def scale(rows: pd.DataFrame, year: int) -> tuple[list[float], list[str]]:
    """The class bounds of a measure's maps in `year` (`rows`: its published rows of one
    definition, method and group) and the area levels they are made from: one scale for the map
    per wijk and the map per buurt, from the published values of both (`breaks`), so the same
    percentage has the same colour on either map (the default world's wijk and buurt maps gave
    the same class other shades)."""
    at = rows[rows["area_level"].isin(MAP_AREA_LEVELS) & (rows["year"] == year)]
    ok = [state(r) == "ok" for r in at.to_dict("records")]
    at = at[ok] if len(at) else at
    levels = [lv for lv in MAP_AREA_LEVELS if (at["area_level"] == lv).any()]
    return breaks(at["value"].astype(float)), levels


def read_map(path: str | Path) -> pd.DataFrame:
    """A map's data (`<theme>/<map>.csv`) as written by `write`."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for c in ("value", "ci_lower", "ci_upper", "class_lower", "class_upper"):
        df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce")
    df["year"] = df["year"].astype(int)
    df["measures_row"] = df["measures_row"].astype(int)
    return df


# --- words ---------------------------------------------------------------------------------


def texts(theme: str, sel: pd.DataFrame, definitions: Definitions, *, lang: str,
          source: str, level: str = "wijk") -> dict:  # fmt: skip
    """Title, subtitle, notes and 'Bron:' line of a map, and its alt text."""
    t, ft = TEXT[lang], FIGURE_TEXT[lang]
    measure = MAIN[theme][0]
    year = int(sel["year"].max()) if len(sel) else 0
    city_rows = sel[sel["role"] == "reference"]
    city = str(city_rows["area_name"].iloc[0]) if len(city_rows) else ""
    definition = str(sel["definition"].iloc[0]) if len(sel) else ""
    ages = {}
    if theme == "kopp":
        ages = {"lo": definitions.kopp.min_age, "hi": definitions.kopp.max_age}
    title = t["per"][level].format(what=label(lang, measure), year=year)
    subtitle = t["sub"][theme].format(
        definition=definition_label(lang, measure, definition, definitions), **ages
    )
    notes = [t["colour"]]
    if len(sel.attrs.get("levels", ())) > 1:  # one scale for the wijk and the buurt map
        notes[0] += " " + t["same_scale"]
    tests = [x for x in dict.fromkeys(sel["test"]) if x in ft["tests"]]
    if tests:
        notes.append(mark_note(tests, lang))
    # the sources of the one measure and definition the map draws, as a figure names its own
    # (figure_specs.drawn_tables): not every source of the theme
    drawn = measure_tables(measure, definitions, [definition] if definition else None)
    bron = source_line(theme, definitions, city, lang, drawn)
    bron = bron[:-1] + "; " + t["map_source"].format(source=source) + "."
    areas = sel[(sel["role"] == "area") & (sel["state"] == "ok")]
    if len(areas):
        hi = areas.loc[areas["value"].astype(float).idxmax()]
        lo = areas.loc[areas["value"].astype(float).idxmin()]
        high, low = f"{hi['area_name']} {hi['shown']}", f"{lo['area_name']} {lo['shown']}"
    else:
        high = low = t["none"]
    city_words = (t["city"].format(city=city, value=city_rows["shown"].iloc[0], adj=adjusted(sel, lang))
                  if city else "")  # fmt: skip
    alt = t["alt"].format(title=title, city=city_words, high=high, low=low)
    up = sel.loc[sel["verdict"] == "hoger", "area_name"].tolist()
    down = sel.loc[sel["verdict"] == "lager", "area_name"].tolist()
    if up or down:
        alt += t["alt_marks"].format(
            against=against(lang, tests),
            up=", ".join(up) or t["none"],
            down=", ".join(down) or t["none"],
        )
    why = nothing_shown(sel, lang, definitions)
    if why:  # no area to draw: the sentence the map is (`draw`)
        alt = t["alt_none"].format(title=title, why=why)
    return {"title": title, "subtitle": subtitle, "notes": notes, "source": bron, "alt": alt,
            "city": city_words, "nothing_shown": why}  # fmt: skip


# --- drawing -------------------------------------------------------------------------------


def _path(geom):
    """A (multi)polygon as one matplotlib path (holes included)."""
    from matplotlib.path import Path as MplPath

    verts, codes = [], []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            verts.append(xy)
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
    return MplPath(np.concatenate(verts), codes)


def _dark(colour: str) -> bool:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 0.5


def draw_areas(ax, sel: pd.DataFrame, areas, *, lang: str, labels: bool = True,
               highlight: str | None = None, fontsize: float = 7.5) -> None:  # fmt: skip
    """Each area of `areas` (area_code, geometry) on `ax` as a patch (its gid the area code)
    filled as its row of `sel` says: class colour, or hatched grey (suppressed) or hatched white
    (empty); with the area's name, value and mark when `labels`."""
    from matplotlib.patches import PathPatch

    rows = sel[sel["role"] == "area"].set_index("area_code")
    for code, geom in zip(areas["area_code"], areas.geometry, strict=True):
        r = rows.loc[code]
        hatch = {"suppressed": SUPPRESSED["hatch"], "empty": EMPTY["hatch"]}.get(r["state"])
        patch = PathPatch(_path(geom), facecolor=r["fill"], edgecolor=EDGE, lw=1.2, hatch=hatch,
                          zorder=2)  # fmt: skip
        patch.set_gid(code)
        if hatch:
            patch.set_edgecolor("#8c8c8c")  # the hatching's colour; white edges drawn on top
            outline = PathPatch(_path(geom), facecolor="none", edgecolor=EDGE, lw=1.2, zorder=3)
            ax.add_patch(outline)
        ax.add_patch(patch)
    if highlight is not None:
        geom = areas.loc[areas["area_code"] == highlight].geometry.iloc[0]
        ax.add_patch(
            PathPatch(_path(geom), facecolor="none", edgecolor="#000000", lw=2.2, zorder=4)
        )
    x0, y0, x1, y1 = areas.total_bounds
    pad = 0.02 * max(x1 - x0, y1 - y0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if not labels or len(rows) > LABEL_AREAS:
        return
    for code, geom in zip(areas["area_code"], areas.geometry, strict=True):
        r = rows.loc[code]
        p = shapely.maximum_inscribed_circle(geom, 10).coords[0]  # inside, away from edges
        value = f"{r['shown']} {r['mark']}".strip() if r["state"] == "ok" else r["shown"]
        colour = "#ffffff" if r["state"] == "ok" and _dark(r["fill"]) else "#111111"
        # on hatching, a white box keeps the words readable
        box = (
            None
            if r["state"] == "ok"
            else {"facecolor": "white", "edgecolor": "none", "pad": 0.8, "alpha": 0.9}
        )
        ax.annotate(f"{r['area_name']}\n{value}", p, ha="center", va="center", fontsize=fontsize,
                    color=colour, linespacing=1.1, zorder=5, bbox=box,
                    fontweight="bold" if r["mark"] else "normal")  # fmt: skip


def nothing_shown(sel: pd.DataFrame, lang: str, definitions: Definitions | None = None) -> str:
    """The sentence that stands for a map whose every area is suppressed or empty (a small
    gemeente: grey hatching everywhere told nothing a sentence does not), in the words of a
    figure of nothing but 'onderdrukt' (`figures.nothing_shown`, per wijk or per buurt), naming
    the gemeente's own value when published ('Wel gepubliceerd: Kinderen van ouders ...,
    Zeist 7,1%.'); '' when an area has a value or the map has no area. With `definitions` the
    value is named with its definition where the map's subtitle names it ('Nieuwkomers met een
    kwetsbaarheidskenmerk: GGZ-zorg (dit of vorig jaar), Nieuwegein 11,9%': the dashboard draws
    a map of each definition)."""
    measure = str(sel["measure"].iloc[0]) if len(sel) else ""
    series = label(lang, measure) if measure else ""
    theme = measure.split(".", 1)[0]
    if definitions is not None and series and "{definition}" in TEXT[lang]["sub"].get(theme, ""):
        key = str(sel["definition"].iloc[0])
        series += ": " + definition_label(lang, measure, key, definitions)
    areas = sel.loc[sel["role"] == "area", "area_level"]
    level = str(areas.iloc[0]) if len(areas) else "wijk"
    rows = sel.assign(series=series, label=sel["area_name"])
    return f.nothing_shown(rows, lang, per=level if level in ("wijk", "buurt") else "groups")


def adjusted(sel: pd.DataFrame, lang: str) -> str:
    """' (gecorrigeerd)' after the city's value of a map of a standardised figure: the big
    number beside the map is the crude share (key_messages), so the city's value on the map
    says that it is the other figure; the title or subtitle above says in full for what."""
    standardised = len(sel) and (sel["method"] == "direct_std_gamma").all()
    return f" ({ADJUSTED_SHORT[lang]})" if standardised else ""


# the city's mark after its class in a legend line ('25% tot 30%   ◀ Utrecht als geheel: 26,0%')
CITY_MARK = "   ◀ "


def legend_entries(sel: pd.DataFrame, *, lang: str, short: bool = False) -> list[tuple[dict, str]]:
    """(patch style, label) per legend line: the classes from high to low, the city's class
    marked with the city value, then suppressed and empty when present; `short`: those two by
    their word alone ('onderdrukt'), for a legend whose page explains them elsewhere (the
    infographic's reading box)."""
    t = TEXT[lang]
    areas = sel[sel["role"] == "area"]
    ok = areas[areas["state"] == "ok"]
    city = sel[(sel["role"] == "reference") & (sel["state"] == "ok")]
    city_value = float(city["value"].iloc[0]) if len(city) else None
    # every class of the scale, also one without an area: the scale has no holes; the scale
    # the map was coloured with (`select`: shared by the maps per wijk and per buurt)
    bounds = sel.attrs.get("bounds") or breaks(ok["value"].astype(float))
    fills = colours(len(bounds) - 1)
    decimals = 0 if all(_round(b) for b in bounds) else 1
    out = []
    placed = False
    for k in reversed(range(len(bounds) - 1)) if len(ok) else []:
        lo, hi = bounds[k], bounds[k + 1]
        words = t["class"].format(lo=pct(lo, lang, decimals), hi=pct(hi, lang, decimals))
        if city_value is not None and lo <= city_value <= hi and not placed:
            words += CITY_MARK + t["city"].format(
                city=city["area_name"].iloc[0], value=city["shown"].iloc[0], adj=adjusted(sel, lang)
            )
            placed = True
        out.append(({"facecolor": fills[k], "edgecolor": "#8c8c8c"}, words))
    if city_value is not None and not placed:
        out.insert(0, ({"facecolor": "none", "edgecolor": "none"},
                       t["city"].format(city=city["area_name"].iloc[0], value=city["shown"].iloc[0],
                                        adj=adjusted(sel, lang))))  # fmt: skip
    for s, style in (("suppressed", SUPPRESSED), ("empty", EMPTY)):
        if (areas["state"] == s).any():
            out.append(
                (
                    {"facecolor": style["fill"], "edgecolor": "#8c8c8c", "hatch": style["hatch"]},
                    STATE_WORDS[lang][s] if short else t[s],
                )
            )
    return out


def _wrapped(words: str, wrap: int) -> str:
    """A legend label wrapped at `wrap` characters; the city's mark starts a line of its own, so
    its value stays with its words ('25% to 30%' over '◀ Utrecht as a whole: 26.0%', not '26.0%'
    alone under the class)."""
    head, mark, city = words.partition(CITY_MARK)
    if not mark:
        return textwrap.fill(words, wrap)
    return textwrap.fill(head, wrap) + "\n" + textwrap.fill(mark.strip() + " " + city, wrap)


def _round(share: float) -> bool:
    return abs(100 * share - round(100 * share)) < 1e-9


def add_legend(ax, sel: pd.DataFrame, *, lang: str, loc: str = "upper left", anchor=(1.0, 1.0),
               fontsize: float = 8.5, ncol: int = 1, wrap: int = 36, short: bool = False):  # fmt: skip
    """The map's legend (`legend_entries`, `short` as there) on `ax`, titled 'Percentage'; in
    columns (the infographic's small map) a long label wraps at `wrap` characters, so a column
    stays under the map."""
    from matplotlib.patches import Patch

    entries = legend_entries(sel, lang=lang, short=short)
    handles = [Patch(**style) for style, _ in entries]
    words = [w if ncol == 1 else _wrapped(w, wrap) for _, w in entries]
    leg = ax.legend(handles, words, title=TEXT[lang]["legend"], loc=loc,
                    bbox_to_anchor=anchor, frameon=False, fontsize=fontsize, title_fontsize=fontsize + 0.5,
                    handlelength=1.8, handleheight=1.3, alignment="left", ncol=ncol,
                    columnspacing=1.2)  # fmt: skip
    return leg


def draw(sel: pd.DataFrame, areas, words: Mapping, *, lang: str, wijken=None):
    """The map as a matplotlib figure: areas, legend on the right, title above, notes and the
    'Bron:' line below (`words` from `texts`); a buurt map gets the `wijken`'s borders and names
    on top, to find one's way. A map whose every area is suppressed or empty is its title, the
    sentence of `nothing_shown` and its 'Bron:' line (`figures.no_figures`), as a figure of
    nothing but 'onderdrukt' is."""
    from matplotlib.patches import PathPatch

    why = words.get("nothing_shown", nothing_shown(sel, lang))
    if why:
        return f.no_figures(lang, title=words["title"], notes=words["notes"],
                            source=words["source"], subtitle=words["subtitle"], why=why)  # fmt: skip
    x0, y0, x1, y1 = areas.total_bounds
    aspect = (y1 - y0) / max(x1 - x0, 1)
    fig, ax = f.pyplot().subplots(figsize=(9.2, 6.4 * min(max(aspect, 0.45), 1.2) + 1.8))
    draw_areas(ax, sel, areas, lang=lang)
    if wijken is not None:
        for name, geom in zip(wijken["area_name"], wijken.geometry, strict=True):
            ax.add_patch(
                PathPatch(_path(geom), facecolor="none", edgecolor="#1a1a1a", lw=1.6, zorder=4)
            )
            p = shapely.maximum_inscribed_circle(geom, 10).coords[0]
            ax.annotate(name, p, ha="center", va="center", fontsize=7, fontweight="bold", zorder=6,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.8})  # fmt: skip
    add_legend(ax, sel, lang=lang)
    f.finish(fig, words["title"], words["notes"], words["source"], subtitle=words["subtitle"])
    return fig


# --- files -----------------------------------------------------------------------------------


def expected_areas(sel: pd.DataFrame) -> dict[str, str]:
    """{code: name} of the areas a map draws (the published rows)."""
    a = sel[sel["role"] == "area"]
    return dict(zip(a["area_code"], a["area_name"], strict=True))


def areas_for(boundaries: str | Path, sel: pd.DataFrame, *, gemeente: str, level: str = "wijk"):
    """The boundaries of exactly the areas of `sel` (`inputs.boundaries.read_boundaries`)."""
    return read_boundaries(boundaries, level, gemeente, expected_areas(sel))


def write(theme: str, name: str, measures: pd.DataFrame, differences: pd.DataFrame | None,
          definitions: Definitions, boundaries: str | Path, paths: Mapping[str, str | Path], *,
          lang: str, gemeente: str, source: str) -> pd.DataFrame:  # fmt: skip
    """Select, draw and save map `name` of `theme` (`catalogue.map_name`): `paths` maps 'png',
    'svg' and 'csv' to files (any of them); `source` names the boundaries on the 'Bron:' line.
    Returns the selection. Raises BoundariesError when the boundaries do not fit the tables."""
    level = map_level(theme, name)
    sel = select(
        theme, measures, definitions, differences, lang=lang, gemeente=gemeente, level=level
    )
    areas = areas_for(boundaries, sel, gemeente=gemeente, level=level)
    if "csv" in paths:
        write_csv(sel, paths["csv"])
    words = texts(theme, sel, definitions, lang=lang, source=source, level=level)
    images = [ext for ext in ("png", "svg") if ext in paths]
    if images:
        # a buurt map shows the wijken it lies in (their names from the boundaries file)
        wijken = read_boundaries(boundaries, "wijk", gemeente) if level != "wijk" else None
        fig = draw(sel, areas, words, lang=lang, wijken=wijken)
        for i, ext in enumerate(images):
            f.save(fig, paths[ext], title=words["title"], description=words["alt"],
                   close=i == len(images) - 1)  # fmt: skip
    return sel


def write_from_export(theme: str, root: str | Path, definitions: Definitions, boundaries: str | Path,
                      paths: Mapping[str, str | Path], *, lang: str, gemeente: str, source: str,
                      level: str = "wijk") -> pd.DataFrame:  # fmt: skip
    """`write` from an export folder: `<theme>/measures.csv` and `<theme>/verschillen.csv`."""
    root = Path(root)
    return write(theme, map_name(theme, level), read_measures_csv(root / theme / "measures.csv"),
                 read_differences(root / theme / "verschillen.csv"), definitions, boundaries, paths,
                 lang=lang, gemeente=gemeente, source=source)  # fmt: skip


# --- plain SVG -------------------------------------------------------------------------------


def svg_shapes(areas, width: int) -> tuple[int, int, dict[str, str]]:
    """The areas as SVG path data in a box `width` pixels wide: (width, height, {code: d}).
    Shared borders are simplified together (shapely.coverage_simplify) to about half a pixel,
    so neighbours still meet; north is up."""
    x0, y0, x1, y1 = areas.total_bounds
    scale = (width - 2) / max(x1 - x0, 1)
    height = int(math.ceil((y1 - y0) * scale)) + 2
    geoms = shapely.coverage_simplify(areas.geometry.to_numpy(), 0.5 / scale)
    out = {}
    for code, geom in zip(areas["area_code"], geoms, strict=True):
        parts = []
        for poly in shapely.get_parts(geom):
            for ring in [poly.exterior, *poly.interiors]:
                xy = np.asarray(ring.coords)[:-1]
                px = np.round((xy[:, 0] - x0) * scale + 1, 1)
                py = np.round((y1 - xy[:, 1]) * scale + 1, 1)
                pts = " ".join(f"{a:g},{b:g}" for a, b in zip(px, py, strict=True))
                parts.append(f"M{pts}Z")
        out[code] = "".join(parts)
    return width, height, out


def locator_svg(areas, code: str, alt: str, width: int = 150) -> str:
    """A small map of all areas with area `code` highlighted: where it lies in the city."""
    w, h, shapes = svg_shapes(areas, width)
    paths = []
    for c, d in shapes.items():
        colour = "#0072B2" if c == code else "#e3e3e3"
        paths.append(f'<path d="{d}" fill="{colour}" stroke="#ffffff" stroke-width="0.8"/>')
    if code in shapes:  # drawn last: its border on top
        paths.append(f'<path d="{shapes[code]}" fill="none" stroke="#003a63" stroke-width="1.2"/>')
    return (f'<svg class="locator" role="img" aria-label="{html.escape(alt)}" width="{w}" height="{h}" '
            f'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg"><title>{html.escape(alt)}</title>'
            + "".join(paths) + "</svg>")  # fmt: skip


# --- the dashboard's map view ---------------------------------------------------------------

DASHBOARD = {
    "nl": {"heading": "Kaart", "lead": "Het hoofdcijfer van elk thema per wijk, in de gekozen definitie. Wijs een wijk aan voor het cijfer; "
                                      "klik op een wijk om die te kiezen.",
           "area": "Wijk", "value": "Percentage"},
    "en": {"heading": "Map", "lead": "The main figure of each theme by wijk, in the chosen definition. Point at a wijk for its figure; click a "
                                     "wijk to choose it.",
           "area": "Wijk", "value": "Percentage"},
}  # fmt: skip


def _patterns(suffix: str) -> str:
    """The hatching of a suppressed area and the dots of an empty one, as SVG patterns."""
    return (
        f'<defs><pattern id="wz-suppressed-{suffix}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{SUPPRESSED["fill"]}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="1.6"/></pattern>'
        f'<pattern id="wz-empty-{suffix}" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="{EMPTY["fill"]}"/><circle cx="2.5" cy="2.5" r="0.9" fill="#8c8c8c"/>'
        "</pattern></defs>"
    )


def _paint(state_: str, fill: str, suffix: str) -> str:
    return {"suppressed": f"url(#wz-suppressed-{suffix})", "empty": f"url(#wz-empty-{suffix})"}.get(
        state_, fill
    )


def _swatch(style: Mapping, theme: str) -> str:
    """A legend square: a class colour, or the pattern of the theme's map (same page)."""
    hatch = style.get("hatch")
    paint = (f"url(#wz-suppressed-{theme})" if hatch == SUPPRESSED["hatch"] else
             f"url(#wz-empty-{theme})" if hatch == EMPTY["hatch"] else style["facecolor"])  # fmt: skip
    if paint == "none":  # the city value's line: no square
        return '<svg width="14" height="10" aria-hidden="true"></svg>'
    return f'<svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" fill="{paint}" stroke="#8c8c8c"/></svg>'


def table_order(rows: pd.DataFrame) -> pd.DataFrame:
    """The areas of a map's table from high to low, as the figures and tables per wijk list them;
    an area without a value (suppressed, nobody) after them; equal values, and those without, by
    name (the default world's dashboard listed them in the order of their codes: West,
    Noordwest, Overvecht, ...)."""
    value = pd.to_numeric(rows["value"], errors="coerce").where(rows["state"] == "ok")
    key = pd.DataFrame(
        {"none": value.isna(), "value": -value.fillna(0.0), "name": rows["area_name"].astype(str)}
    )
    return rows.loc[key.sort_values(["none", "value", "name"], kind="stable").index]


def dashboard_map(
    theme: str,
    sel: pd.DataFrame,
    areas,
    words: Mapping,
    *,
    lang: str,
    width: int = 560,
    main: bool = True,
) -> str:
    """One theme's map as inline SVG for the dashboard: each area a path with its fill (class
    colour, or the hatching / dots of a suppressed / empty area), its code and name as data and
    its name and value as a tooltip (`<title>`); on the map each wijk's name and, for a wijk
    that differs from the city (verschillen.csv), its ▲ ▼ in bold, as the printed map and the
    tables show it; beside it the legend (the classes, and the line saying what ▲ ▼ mean, with
    their test: `figure_specs.mark_note`) and a table of the values, so that no number is only
    on hover; under it the 'Bron:' line. A map whose every area is suppressed or empty is its
    title, the sentence of `nothing_shown` and its 'Bron:' line (no map of grey hatching).
    The figure names its theme, measure and definition (`data-*`: the page's script shows the
    map of the definition chosen, else the `main` one, `data-main`); its subtitle names the
    definition."""
    t = DASHBOARD[lang]
    measure = MAIN[theme][0]
    definition = str(sel["definition"].iloc[0]) if len(sel) else ""
    attrs = (f'data-theme="{theme}" data-measure="{html.escape(measure)}" '
             f'data-definition="{html.escape(definition)}" data-main="{int(main)}"')  # fmt: skip
    caption = (f'<figcaption class="map-title">{html.escape(words["title"])}'
               f'<span class="map-sub">{html.escape(words["subtitle"])}</span></figcaption>')  # fmt: skip
    # the patterns' ids: one set per map on the page
    suffix = theme if main else f"{theme}-{re.sub(r'[^A-Za-z0-9_-]', '_', definition)}"
    why = words.get("nothing_shown", nothing_shown(sel, lang))
    if why:
        return (f'<figure class="wz-map" {attrs}>{caption}<p class="no-chart">{html.escape(why)}</p>'
                f'<p class="source">{html.escape(words["source"])}</p></figure>')  # fmt: skip
    w, h, shapes = svg_shapes(areas, width)
    rows = sel[sel["role"] == "area"].set_index("area_code")
    marks = VERDICT_MARKS
    marked = {code: marks[r["verdict"]] for code, r in rows.iterrows()
              if r["state"] == "ok" and r["verdict"] in marks}  # fmt: skip
    # the wijk names on the map, inside each wijk, with the mark of a wijk that differs (not the
    # names of buurten: too many; their marks alone)
    x0, _, x1, y1 = areas.total_bounds
    scale = (w - 2) / max(x1 - x0, 1)
    names = []
    for code, geom in zip(areas["area_code"], areas.geometry, strict=True):
        name = html.escape(rows.loc[code, "area_name"]) if len(rows) <= LABEL_AREAS else ""
        mark = f'<tspan class="mark">{marked[code]}</tspan>' if code in marked else ""
        if not (name or mark):
            continue
        px, py = shapely.maximum_inscribed_circle(geom, 10).coords[0]
        differs = ' class="differs"' if mark else ""
        space = " " if name and mark else ""
        names.append(f'<text x="{(px - x0) * scale + 1:.1f}" y="{(y1 - py) * scale + 1:.1f}" '
                     f'text-anchor="middle" dominant-baseline="middle"{differs}>{name}{space}{mark}</text>')  # fmt: skip
    paths = []
    for code, d in shapes.items():
        r = rows.loc[code]
        value = r["shown"] + (
            f" {marks[r['verdict']]}" if r["state"] == "ok" and r["verdict"] in marks else ""
        )
        tip = f"{r['area_name']}: {value}"
        paths.append(f'<path d="{d}" fill="{_paint(r["state"], r["fill"], suffix)}" stroke="#ffffff" '
                     f'stroke-width="1" data-code="{html.escape(code)}" data-state="{r["state"]}" tabindex="0">'
                     f"<title>{html.escape(tip)}</title></path>")  # fmt: skip
    svg = (f'<svg class="map" role="img" aria-label="{html.escape(words["alt"])}" width="{w}" height="{h}" '
           f'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">{_patterns(suffix)}{"".join(paths)}<g class="names" aria-hidden="true">{"".join(names)}</g></svg>')  # fmt: skip
    legend = "".join(f"<li>{_swatch(style, suffix)} {html.escape(text)}</li>"
                     for style, text in legend_entries(sel, lang=lang))  # fmt: skip
    tests = [x for x in dict.fromkeys(rows["test"]) if x in FIGURE_TEXT[lang]["tests"]]
    if marked and tests:
        legend += f'<li class="marks">{html.escape(mark_note(tests, lang))}</li>'

    body = "".join(
        f"<tr><td>{html.escape(r['area_name'])}</td><td>{html.escape(r['shown'])}"
        f"{' ' + marks[r['verdict']] if r['state'] == 'ok' and r['verdict'] in marks else ''}</td></tr>"
        for _, r in table_order(rows).iterrows()
    )
    table = (f'<table class="map-values"><thead><tr><th>{t["area"]}</th><th>{t["value"]}</th></tr></thead>'
             f"<tbody>{body}</tbody></table>")  # fmt: skip
    return (f'<figure class="wz-map" {attrs}>{caption}<div class="view"><div class="chart">{svg}<ul class="map-legend">{legend}</ul></div>'
            f'<div class="table">{table}</div></div><p class="source">{html.escape(words["source"])}</p></figure>')  # fmt: skip


def dashboard_section(root: str | Path, definitions: Definitions, boundaries: str | Path, *, lang: str,
                      gemeente: str, source: str, themes) -> str:  # fmt: skip
    """The dashboard's map view: a section with the maps of each theme's main measure per wijk,
    one per definition with rows per wijk (`dashboard_map`, in the pages' order,
    `labels.definition_order`), the one the key messages lead with marked main; the page's
    script shows the chosen theme's map of the chosen definition (else the main one, and
    `#map-note` says so) and lets a click choose a wijk."""
    root = Path(root)
    t = DASHBOARD[lang]
    figures = []
    for theme in themes:
        m = read_measures_csv(root / theme / "measures.csv")
        differences = read_differences(root / theme / "verschillen.csv")
        measure, method = MAIN[theme]
        rows = m[(m["measure"] == measure) & (m["method"] == method) & (m["group"] == "totaal")]
        main = key_definition(theme, definitions, rows["definition"])
        per_wijk = rows.loc[rows["area_level"] == "wijk", "definition"]
        keys = definition_order(measure, per_wijk, definitions) if len(per_wijk) else [main]
        for d in keys:
            sel = select(theme, m, definitions, differences, lang=lang, gemeente=gemeente,
                         definition=d)  # fmt: skip
            areas = areas_for(boundaries, sel, gemeente=gemeente)
            words = texts(theme, sel, definitions, lang=lang, source=source)
            figures.append(dashboard_map(theme, sel, areas, words, lang=lang, main=d == main))
    return (f'<section id="section-map"><h2>{t["heading"]}</h2><p class="lead">{html.escape(t["lead"])}</p>'
            '<p id="map-note" class="note" aria-live="polite"></p>'
            + "".join(figures) + "</section>")  # fmt: skip


DASHBOARD_CSS = """figure.wz-map{margin:0}figure.wz-map[hidden]{display:none}.map-title{font-weight:bold}
.map-sub{display:block;font-weight:normal;font-size:.9em;color:#444}#map-note:empty{display:none}
svg.map path{cursor:pointer}svg.map path:hover,svg.map path:focus{stroke:#000;stroke-width:2;outline:none}
svg.map path.chosen{stroke:#000;stroke-width:2.5}
svg.map g.names{pointer-events:none;font-size:11px;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg.map g.names text.differs{font-weight:bold}svg.map g.names tspan.mark{font-size:13px}
ul.map-legend{list-style:none;padding:0;font-size:.85em;max-width:40em}ul.map-legend li.marks{margin-top:.4em}
ul.map-legend li{margin:.15em 0}table.map-values td+td{white-space:nowrap}"""
