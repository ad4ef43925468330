"""What each figure of `catalogue.FIGURES` draws, and how, from the theme's exported tables.

Each figure is split in two:

- `select(name, measures, definitions, differences, lang=..., gemeente=...)`: exactly the rows
  the figure draws, one per drawn element, taken from the published measures (and the
  `verschillen.csv` verdicts that mark a wijk or word a trend). A spec states the measures and
  the methods the figure may draw; the selection is checked against its kind (a share figure
  can only draw shares: trend rows and ratios are refused). The selection is written beside the
  figure as `<theme>/<name>.csv`: the figure's data, for screen readers and for tests.
- `draw(name, selection, definitions, lang=...)`: the matplotlib figure, drawn from the
  selection only (`outputs.figures`).

`write` does both and saves PNG, SVG and CSV; `alt_text` says in words what a figure shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv, write_csv
from wijkzicht.outputs import figures as f
from wijkzicht.outputs.catalogue import FIGURES
from wijkzicht.outputs.findings import SLIGHT
from wijkzicht.outputs.format import (
    STATE_WORDS,
    SUPPRESSED_WHY,
    VERDICT_MARKS,
    against,
    interval,
    marks_line,
    marks_why,
    number,
    shown,
    state,
    trend_rule,
    verdict_words,
)
from wijkzicht.outputs.key_messages import wijk_order
from wijkzicht.outputs.labels import (
    definition_label,
    definition_order,
    group_value_label,
    label,
    list_label,
    source_labels,
)
from wijkzicht.population.conditions import SOURCE_TABLES
from wijkzicht.themes.trend_rows import SOURCE_METHODS

__all__ = ["COLUMNS", "FIGURES", "SPECS", "alt_text", "draw", "read_differences", "read_selection",
           "select", "write"]  # fmt: skip

KEY = ["theme", "measure", "definition", "method", "year", "area_level", "area_code", "area_name",
       "group", "group_value"]  # fmt: skip
DRAWN = ["role", "series", "label", "value", "ci_lower", "ci_upper"]
COUNTS = ["n_numerator", "n_denominator", "status"]  # a count figure only: the gate checks them
READER = ["state", "shown", "interval", "verdict", "test", "mark", "measures_row"]
COLUMNS = [*KEY, *DRAWN, *READER]


@dataclass(frozen=True)
class Spec:
    """A figure: its theme, the kind of number it draws and the measures and methods it may
    draw (every other row is left out before anything is selected)."""

    name: str
    theme: str
    kind: str  # share | ratio | count
    measures: tuple[str, ...]
    methods: tuple[str, ...]

    def __post_init__(self):
        allowed = {"share": f.SHARE_METHODS, "ratio": f.RATIO_METHODS, "count": f.COUNT_METHODS}[
            self.kind
        ]
        if not set(self.methods) <= set(allowed):
            raise ValueError(
                f"{self.name}: a {self.kind} figure cannot draw methods {self.methods}"
            )


SPECS = {
    s.name: s
    for s in [
        Spec("kopp_aandeel_wijk", "kopp", "share", ("kopp.aandeel",), ("wilson",)),
        Spec("kopp_trend", "kopp", "share", ("kopp.aandeel",), ("wilson",)),
        Spec("kopp_overlap", "kopp", "count", ("kopp.overlap",), ("wilson",)),
        Spec(
            "migratie_zorgkloof",
            "migratie",
            "share",
            ("migratie.k10_hoog", "migratie.zorgkloof"),
            ("survey_taylor",),
        ),  # fmt: skip
        Spec("migratie_trend", "migratie", "share", ("migratie.ggz",), ("direct_std_gamma",)),
        Spec(
            "nieuwkomers_concentratie",
            "nieuwkomers",
            "ratio",
            ("nieuwkomers.concentratie",),
            ("ratio_katz",),
        ),
        Spec("nieuwkomers_trend", "nieuwkomers", "share", ("nieuwkomers.aandeel",), ("wilson",)),
    ]
}
assert {n for names in FIGURES.values() for n in names} == set(SPECS)

TEXT = {
    "nl": {
        "per_wijk": "{what} per wijk, {year}",
        "in_city": "{what} in {city}, {years}",
        "overlap": "Kinderen naar combinatie van problemen bij de ouders, {city} {year}",
        "zorgkloof": "Hoge psychische klachten en GGZ-zorg naar herkomst, {city} {year}",
        "children_pct": "Percentage van alle kinderen van {lo} tot en met {hi} jaar",
        "children_pct_defs": "Percentage van alle kinderen van {lo} tot en met {hi} jaar, per definitie van het "
                             "probleem bij de ouder",
        "overlap_sub": "Aantal kinderen van {lo} tot en met {hi} jaar met minstens één van deze problemen bij een "
                       "ouder, per combinatie",
        "zorgkloof_sub": "Volwassenen in de Gezondheidsmonitor (gewogen percentages)",
        "adults_std": "Percentage van de volwassenen, gecorrigeerd voor leeftijd en geslacht",
        "newcomers_pct": "Percentage van de nieuwkomers in dat jaar, per kenmerk",
        "concentratie_sub": "Hoe vaak komt het kenmerk voor bij nieuwkomers, vergeleken met alle bewoners van de "
                            "wijk?",
        "ratio_axis": "hoeveel keer zo vaak bij nieuwkomers",
        "concentratie": "Nieuwkomers vergeleken met de bewoners van hun wijk, {year}",
        "one": "1 = gelijk",
        "ratio_note": "Boven 1: het kenmerk komt vaker voor bij nieuwkomers dan bij de bewoners van de wijk; "
                      "2 = twee keer zo vaak, 0,5 = half zo vaak.",
        # a ratio of 0 has no point on the log axis: its value is written (figures.point_panels)
        "ratio_zero": "0,00: geen van de nieuwkomers heeft het kenmerk.",
        # the pages' one word for it: 95%-interval (the reading guides explain it)
        "interval": "Streepje: 95%-interval; de echte waarde ligt met grote kans daarbinnen.",
        "band": "Gekleurde band: 95%-interval; de echte waarde ligt met grote kans daarbinnen.",
        # a band too narrow to see (a whole city's figure): said instead of a band nobody finds
        "band_narrow": "Het 95%-interval is zo smal dat het in de lijn valt.",
        # plain words for the reader; the test and its correction for the reviewer are in the
        # report's reading guide (report.WORDS guide_items, key_messages.TEST_WORDS)
        # {line}: what the marks compare with when the figure draws it as its dashed line, {why}:
        # why a mark and an interval need not agree (format.marks_line, marks_why; U10 finding 9)
        "marks": "▲ ▼ = in deze wijk duidelijk hoger/lager dan in {against}{line}; dat verschil is waarschijnlijk "
                 "geen toeval.{why} Hoe dat is getoetst, staat in de leeswijzer van het rapport.",
        "tests": {"two_proportion_z": "z-toets voor twee percentages", "z_independent": "z-toets",
                  "z_log_ratio": "z-toets op de verhouding"},
        "dashed_city": "Stippellijn: {city} als geheel.",
        "wijk_order": "De wijken van hoog naar laag op het eerste paneel: {definition}.",
        "dashed_all": "Stippellijn: iedereen in {city}, alle herkomstgroepen samen.",
        "everyone": "iedereen",
        "overlap_note": "Zwarte bolletjes: deze problemen samen bij de ouders. Elk kind telt in één combinatie.",
        "children": "aantal kinderen",
        "suppressed": "onderdrukt: " + SUPPRESSED_WHY["nl"] + ".",
        "empty": "geen personen: niemand in deze groep.",
        "source": "Bron: {parts}; bewerking wijkzicht.",
        "cbs": "CBS-microdata ({words})",
        "gem": "gemeente {city} ({words})",
        "alt_ref": "{name} {value}",
        "alt_high": "hoogste {name} {value}",
        "alt_low": "laagste {name} {value}",
        "alt_up": "duidelijk hoger: {names}",
        "alt_down": "duidelijk lager: {names}",
        "alt_from": "{series}: {first} in {y0}, {last} in {y1} ({trend})",
        "alt_most": "Meeste kinderen: {items}",
        "alt_none": "Geen getoonde waarden: alles is onderdrukt of leeg.",
    },
    "en": {
        "per_wijk": "{what} by wijk, {year}",
        "in_city": "{what} in {city}, {years}",
        "overlap": "Children by combination of problems of their parents, {city} {year}",
        "zorgkloof": "High psychological distress and mental-health care by origin, {city} {year}",
        "children_pct": "Percentage of all children aged {lo} to {hi}",
        "children_pct_defs": "Percentage of all children aged {lo} to {hi}, by definition of the parent's problem",
        "overlap_sub": "Number of children aged {lo} to {hi} with at least one of these conditions at a parent, "
                       "by combination",
        "zorgkloof_sub": "Adults in the Health Monitor (weighted percentages)",
        "adults_std": "Percentage of adults, adjusted for age and sex",
        "newcomers_pct": "Percentage of the year's newcomers, by marker",
        "concentratie_sub": "How often is the marker found among newcomers, compared with all residents of the wijk?",
        "ratio_axis": "how many times as often among newcomers",
        "concentratie": "Newcomers compared with the residents of their wijk, {year}",
        "one": "1 = equal",
        "ratio_note": "Above 1: the marker is more common among newcomers than among the wijk's residents; "
                      "2 = twice as often, 0.5 = half as often.",
        "ratio_zero": "0.00: none of the newcomers has the marker.",
        "interval": "Bar: 95% interval; the true value very likely lies within it.",
        "band": "Coloured band: 95% interval; the true value very likely lies within it.",
        "band_narrow": "The 95% interval is so narrow that it falls within the line.",
        "marks": "▲ ▼ = in this wijk clearly higher/lower than in {against}{line}; that difference is probably "
                 "not chance.{why} How it was tested is in the report's reading guide.",
        "tests": {"two_proportion_z": "z test for two percentages", "z_independent": "z test",
                  "z_log_ratio": "z test on the ratio"},
        "dashed_city": "Dashed line: {city} as a whole.",
        "wijk_order": "The wijken from high to low on the first panel: {definition}.",
        "dashed_all": "Dashed line: everyone in {city}, all origin groups together.",
        "everyone": "everyone",
        "overlap_note": "Black dots: these conditions together at the parents. Each child counts in one combination.",
        "children": "number of children",
        "suppressed": "suppressed: " + SUPPRESSED_WHY["en"] + ".",
        "empty": "no persons: nobody in this group.",
        "source": "Source: {parts}; processed by wijkzicht.",
        "cbs": "CBS microdata ({words})",
        "gem": "municipality of {city} ({words})",
        "alt_ref": "{name} {value}",
        "alt_high": "highest {name} {value}",
        "alt_low": "lowest {name} {value}",
        "alt_up": "clearly higher: {names}",
        "alt_down": "clearly lower: {names}",
        "alt_from": "{series}: {first} in {y0}, {last} in {y1} ({trend})",
        "alt_most": "Most children: {items}",
        "alt_none": "No values shown: everything is suppressed or empty.",
    },
}  # fmt: skip


# --- reading ------------------------------------------------------------------------------------

_TEXT_COLUMNS = ["theme", "measure", "definition", "comparison", "area_level", "area_code", "area_name",
                 "group", "group_value", "method", "test", "verdict"]  # fmt: skip


def read_differences(path: str | Path) -> pd.DataFrame:
    """A theme's `verschillen.csv` (outputs.findings) with its codes as text."""
    return pd.read_csv(path, dtype=dict.fromkeys(_TEXT_COLUMNS, str), keep_default_na=False,
                       na_values={c: [""] for c in ("value", "reference_value", "p_value", "p_holm")})  # fmt: skip


def read_selection(path: str | Path) -> pd.DataFrame:
    """A figure's data (`<theme>/<name>.csv`) as written by `write`."""
    numbers = ["value", "ci_lower", "ci_upper", "n_numerator", "n_denominator"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for c in numbers:
        if c in df:
            df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce")
    df["year"] = df["year"].astype(int)
    df["measures_row"] = df["measures_row"].astype(int)
    return df


# --- selecting ----------------------------------------------------------------------------------


def _base(measures: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """The spec's measures and methods only, each row knowing its row in the measures table."""
    m = measures.assign(measures_row=range(len(measures)))
    return m[m["measure"].isin(spec.measures) & m["method"].isin(spec.methods)].copy()


def _latest(m: pd.DataFrame) -> int:
    return int(m["year"].max())


def _key_first(definitions: list[str], key: str | None) -> list[str]:
    """`definitions` with `key` (the sorting definition, `sorting_definition`) first."""
    return [d for d in definitions if d == key] + [d for d in definitions if d != key]


def spec_theme(m: pd.DataFrame) -> str:
    """The theme of a figure's rows (its measures' prefix: 'kopp.aandeel' -> 'kopp')."""
    return str(m["measure"].iloc[0]).split(".", 1)[0] if len(m) else ""


def _trend_verdicts(differences: pd.DataFrame | None, rows: pd.DataFrame) -> pd.Series:
    """Per selected row the verdict of its series' trend row (`findings.TREND_VERDICTS`)."""
    if differences is None or differences.empty or rows.empty:
        return pd.Series("", index=rows.index)
    t = differences[differences["comparison"] == "trend"]
    key = ["measure", "definition", "area_code", "group", "group_value", "method"]
    lookup = {tuple(r[k] for k in key): (r["verdict"], r["test"]) for _, r in t.iterrows()}
    out = []
    for _, r in rows.iterrows():
        k = (r["measure"], r["definition"], r["area_code"], r["group"], str(r["group_value"]),
             SOURCE_METHODS.get(r["method"], ""))  # fmt: skip
        out.append(lookup.get(k, ("", ""))[0])
    return pd.Series(out, index=rows.index, dtype=object)


def _wijk_verdicts(
    differences: pd.DataFrame | None, rows: pd.DataFrame
) -> tuple[pd.Series, pd.Series]:
    """Per selected wijk row its verdict against the city and the test (verschillen.csv)."""
    verdict = pd.Series("", index=rows.index, dtype=object)
    test = pd.Series("", index=rows.index, dtype=object)
    if differences is None or differences.empty:
        return verdict, test
    d = differences[differences["comparison"] == "wijk_vs_gemeente"]
    key = ["measure", "definition", "method", "area_code", "group", "group_value"]
    lookup = {
        (*(r[k] for k in key), int(r["year"])): (r["verdict"], r["test"]) for _, r in d.iterrows()
    }
    for i, r in rows.iterrows():
        if r["area_level"] != "wijk":
            continue
        v, t = lookup.get((*(str(r[k]) for k in key), int(r["year"])), ("", ""))
        verdict[i], test[i] = v, t
    return verdict, test


def _finish_selection(rows: pd.DataFrame, spec: Spec, lang: str) -> pd.DataFrame:
    """Reader columns (state, value as shown, interval, mark) and the figure's columns in order."""
    kind = {"share": "pct", "ratio": "ratio", "count": "count"}[spec.kind]
    out = rows.reset_index(drop=True).copy()
    records = out.to_dict("records")
    out["state"] = [state(r) for r in records]
    if spec.kind == "count":
        out["shown"] = [number(r["n_numerator"], lang) if s == "ok" else STATE_WORDS[lang][s]
                        for r, s in zip(records, out["state"], strict=True)]  # fmt: skip
    else:
        out["shown"] = [shown(r, lang, kind) for r in records]
    out["interval"] = [
        interval(r["ci_lower"], r["ci_upper"], lang, kind)
        if s == "ok" and spec.kind != "count" and pd.notna(r["ci_lower"]) and pd.notna(r["ci_upper"]) else ""
        for r, s in zip(records, out["state"], strict=True)
    ]  # fmt: skip
    for c in ("verdict", "test"):
        out[c] = out[c].fillna("") if c in out else ""
    out["mark"] = [VERDICT_MARKS.get(v, "") if s == "ok" else "" for v, s in zip(out["verdict"], out["state"],
                                                                                 strict=True)]  # fmt: skip
    cols = [*KEY, *DRAWN, *(COUNTS if spec.kind == "count" else []), *READER]
    if spec.kind == "count":
        cols.insert(cols.index("state"), "members")
    out = out[cols]
    f.CHECKS[spec.kind](out)
    return out


def sorting_definition(theme: str, definitions: Definitions, present) -> str | None:
    """The definition whose values put the wijken of a figure per wijk in order: the one the
    theme's report leads with (`key_messages.key_definition`) when drawn, else the first."""
    from wijkzicht.outputs.key_messages import key_definition

    return key_definition(theme, definitions, present)


def _per_wijk(m: pd.DataFrame, spec: Spec, definitions: Definitions, differences,
              lang: str) -> pd.DataFrame:  # fmt: skip
    """The latest year, group totaal: the gemeente row (reference) and every wijk (points),
    one series per definition in the pages' order (`labels.definition_order`) with the sorting
    definition (`sorting_definition`) first, the wijken from high to low on it."""
    m = m[(m["group"] == "totaal") & m["area_level"].isin(["gemeente", "wijk"])]
    m = m[m["year"] == _latest(m)] if len(m) else m
    order = definition_order(spec.measures[0], m["definition"], definitions)
    key = sorting_definition(spec.theme, definitions, order)
    position = wijk_order(m, key)
    parts = []
    # the sorting definition's panel first: the wijken are in the order of the panel the reader
    # reads first (a reviewer found the four KOPP panels sorted by the one drawn last); the
    # others in the order every page lists the definitions in
    for d in _key_first(order, key):
        rows = m[m["definition"] == d]
        wijken = rows[rows["area_level"] == "wijk"]
        rows = pd.concat(
            [rows[rows["area_level"] == "gemeente"],
             wijken.iloc[wijken["area_code"].map(position).argsort(kind="stable")]]
        )  # fmt: skip
        parts.append(
            rows.assign(series=definition_label(lang, rows["measure"].iloc[0], d, definitions))
        )
    rows = pd.concat(parts) if parts else m.assign(series="")
    rows["role"] = rows["area_level"].map({"gemeente": "reference", "wijk": "point"})
    rows["label"] = rows["area_name"]
    rows["verdict"], rows["test"] = _wijk_verdicts(differences, rows)
    return rows


def _city_trend(m: pd.DataFrame, definitions: Definitions, differences, lang: str,
                gemeente: str) -> pd.DataFrame:  # fmt: skip
    """Every year of the gemeente, group totaal, one series (line) per definition in the pages'
    order (`labels.definition_order`; migratie's measures: its configured definitions)."""
    m = m[(m["area_level"] == "gemeente") & (m["area_code"] == gemeente) & (m["group"] == "totaal")]
    order = (
        definition_order(str(m["measure"].iloc[0]), m["definition"], definitions) if len(m) else []
    )
    # the key definition's line first, as its panel is in the figure per wijk: the same colour
    # for a definition in both figures
    key = sorting_definition(spec_theme(m), definitions, order) if len(m) else None
    parts = [
        m[m["definition"] == d].sort_values("year", kind="stable") for d in _key_first(order, key)
    ]
    rows = pd.concat(parts) if parts else m
    rows["series"] = [
        definition_label(lang, r["measure"], r["definition"], definitions)
        for _, r in rows.iterrows()
    ]
    rows["role"] = "line"
    rows["label"] = rows["year"].astype(int).astype(str)
    rows["verdict"] = _trend_verdicts(differences, rows)
    rows["test"] = ["ci_trend" if v else "" for v in rows["verdict"]]
    return rows


def _overlap(m: pd.DataFrame, definitions: Definitions, lang: str, gemeente: str) -> pd.DataFrame:
    """The latest year's combinations at the gemeente (not 'none of these'): largest first,
    suppressed and empty ones last."""
    m = m[
        (m["area_code"] == gemeente) & (m["group"] == "combinatie") & (m["group_value"] != "geen")
    ]
    m = m[m["year"] == _latest(m)].copy() if len(m) else m
    names = {c.name: c.label(lang) for c in definitions.kopp.overlap_conditions}
    m["members"] = m["group_value"].astype(str)
    m["label"] = [" + ".join(names.get(p, p) for p in v.split("+")) for v in m["members"]]
    m["series"] = label(lang, "kopp.overlap")
    m["role"] = "bar"
    ok = [state(r) == "ok" for r in m.to_dict("records")]
    m["_ok"] = ok
    m["_n"] = pd.to_numeric(m["n_numerator"], errors="coerce").where(m["_ok"], -1)
    m["_pos"] = range(len(m))
    m = m.sort_values(["_n", "_pos"], ascending=[False, True], kind="stable")
    return m.drop(columns=["_ok", "_n", "_pos"])


def _by_group(m: pd.DataFrame, definitions: Definitions, lang: str, gemeente: str, group: str,
              year_measure: str) -> pd.DataFrame:  # fmt: skip
    """The gemeente by `group` (points) with its total (reference) in the latest year of
    `year_measure`, one series per measure (and definition)."""
    m = m[(m["area_code"] == gemeente) & m["group"].isin([group, "totaal"])]
    y = m.loc[m["measure"] == year_measure, "year"]
    m = m[m["year"] == int(y.max())] if len(y) else m.iloc[0:0]
    pairs = list(dict.fromkeys(zip(m["measure"], m["definition"], strict=True)))
    per_measure = pd.Series([p[0] for p in pairs]).value_counts()
    parts = []
    for measure, d in pairs:
        rows = m[(m["measure"] == measure) & (m["definition"] == d)]
        rows = pd.concat([rows[rows["group"] == "totaal"], rows[rows["group"] == group]])
        name = label(lang, measure)
        if per_measure[measure] > 1:
            name = f"{name}: {definition_label(lang, measure, d, definitions)}"
        parts.append(rows.assign(series=name))
    rows = pd.concat(parts) if parts else m.assign(series="")
    rows["role"] = ["reference" if g == "totaal" else "point" for g in rows["group"]]
    rows["label"] = [list_label(TEXT[lang]["everyone"] if g == "totaal" else group_value_label(lang, g, v, definitions))
                     for g, v in zip(rows["group"], rows["group_value"], strict=True)]  # fmt: skip
    return rows


def select(name: str, measures: pd.DataFrame, definitions: Definitions,
           differences: pd.DataFrame | None = None, *, lang: str, gemeente: str) -> pd.DataFrame:  # fmt: skip
    """Exactly the rows figure `name` draws, in drawing order, from the published `measures`
    of its theme (as read by `read_measures_csv`: `measures_row` is the row in that table) and
    its `differences` (verschillen.csv); raises FigureDataError when they are not of its kind."""
    if name not in SPECS:
        raise KeyError(f"unknown figure {name!r}; known: {list(SPECS)}")
    spec = SPECS[name]
    m = _base(measures, spec)
    if name == "kopp_aandeel_wijk":
        rows = _per_wijk(m, spec, definitions, differences, lang)
    elif name == "kopp_trend":
        rows = _city_trend(m, definitions, differences, lang, gemeente)
    elif name == "kopp_overlap":
        rows = _overlap(m, definitions, lang, gemeente)
    elif name == "migratie_zorgkloof":
        rows = _by_group(m, definitions, lang, gemeente, "herkomst", "migratie.zorgkloof")
    elif name == "migratie_trend":
        rows = _city_trend(m, definitions, differences, lang, gemeente)
    elif name == "nieuwkomers_concentratie":
        rows = _per_wijk(m, spec, definitions, differences, lang)
    else:  # nieuwkomers_trend
        rows = _city_trend(m, definitions, differences, lang, gemeente)
    return _finish_selection(rows, spec, lang)


# --- words ---------------------------------------------------------------------------------------


def source_line(theme: str, definitions: Definitions, city: str, lang: str, tables=None) -> str:
    """'Bron: CBS-microdata (...), gemeente Utrecht (...); bewerking wijkzicht.': the input
    `tables` in words (default: every table of the theme), the gemeente's own registrations
    (GEM*) named as such."""
    from wijkzicht.outputs.report import sources  # the report imports nothing of the figures

    tables = sources(theme, definitions) if tables is None else tables
    t = TEXT[lang]
    parts = []
    cbs = [x for x in tables if not x.startswith("GEM")]
    gem = [x for x in tables if x.startswith("GEM")]
    if cbs:
        parts.append(t["cbs"].format(words=", ".join(source_labels(lang, cbs))))
    if gem:
        parts.append(t["gem"].format(city=city, words=", ".join(source_labels(lang, gem))))
    return t["source"].format(parts=", ".join(parts))


def drawn_tables(sel: pd.DataFrame, spec: Spec, definitions: Definitions) -> list[str]:
    """The input tables of the measures and definitions a figure draws (its 'Bron:' line): not
    every source of its theme."""
    from wijkzicht.outputs.report import measure_tables

    tables = []
    for measure in spec.measures:
        keys = list(dict.fromkeys(sel.loc[sel["measure"] == measure, "definition"].astype(str)))
        tables += measure_tables(measure, definitions, keys or None)
    return list(dict.fromkeys(tables))


# the measure whose numerator is a theme's persona target group (personas.csv's column target:
# a definition of kopp.aandeel or nieuwkomers.aandeel, a migratie registry measure)
PERSONA_TARGET = {"kopp": "kopp.aandeel", "nieuwkomers": "nieuwkomers.aandeel"}


def persona_tables(table: pd.DataFrame, theme: str, definitions: Definitions,
                   zorg_steun: Mapping[str, Sequence[str]] | None = None) -> list[str]:  # fmt: skip
    """The input tables of a theme's persona cards (`table`: rows of its personas.csv as text,
    those the cards show): of the target group (`report.measure_tables` of its measure and
    definition), of each attribute the rows fill (age and herkomst the person table, household,
    income: `report.FACTOR_TABLES`) and, when they say care and support (also 'geen': none
    registered), of the conditions its categories are made of (`zorg_steun`: config
    personas.zorg_steun, category -> conditions). A job not given that setting (None) names every
    condition it knows (`known_conditions`): the default's categories use every condition but
    laag_inkomen, whose income tables the cards name already."""
    from wijkzicht.outputs.report import FACTOR_TABLES, measure_tables

    tables: list[str] = []
    for target in dict.fromkeys(t for t in table.get("target", pd.Series(dtype=str)) if t):
        measure = PERSONA_TARGET.get(theme, f"{theme}.{target}")
        tables += measure_tables(measure, definitions, [target])
    for attribute in ("leeftijd", "herkomst", "huishouden", "inkomen"):
        if attribute in table and (table[attribute] != "").any():
            tables += FACTOR_TABLES[attribute]
    # 'geen' too is read from the care and support registrations: none found there
    if "zorg_steun" in table and (table["zorg_steun"] != "").any():
        known = known_conditions(definitions)
        names = (
            list(known)
            if zorg_steun is None
            else list(dict.fromkeys(c for category in zorg_steun.values() for c in category))
        )
        unknown = [c for c in names if c not in known]
        if unknown:
            raise KeyError(
                f"personas.zorg_steun: the job's definitions lack condition(s) {unknown}"
            )
        tables += [t for c in names for t in SOURCE_TABLES[known[c].source]]
    return list(dict.fromkeys(tables))


def known_conditions(definitions: Definitions) -> dict:
    """{name: condition} of every condition the definitions hold: the configured ones (a job
    given them) and those the themes' definitions use (a job given the themes only: the
    factsheets)."""
    known = {c.name: c for c in definitions.conditions}
    for theme in ("kopp", "migratie", "nieuwkomers"):
        if getattr(definitions, theme, None) is not None:
            for c in definitions.theme(theme).conditions:
                known.setdefault(c.name, c)
    return known


def persona_source(table: pd.DataFrame, theme: str, definitions: Definitions, city: str,
                   lang: str, zorg_steun: Mapping[str, Sequence[str]] | None = None,
                   also: Sequence[str] = ()) -> str:  # fmt: skip
    """The 'Bron:' line of a theme's persona cards (`persona_tables` of the rows they show, after
    the tables `also` of what the same line covers besides), in the figures' words
    (`source_line`): the dashboard's, the infographic's and the factsheets'."""
    tables = [*also, *persona_tables(table, theme, definitions, zorg_steun)]
    return source_line(theme, definitions, city, lang, list(dict.fromkeys(tables)))


def _city(sel: pd.DataFrame) -> str:
    g = sel.loc[sel["area_level"] == "gemeente", "area_name"]
    return str(g.iloc[0]) if len(g) else ""


def _years(sel: pd.DataFrame) -> str:
    y0, y1 = int(sel["year"].min()), int(sel["year"].max())
    return str(y0) if y0 == y1 else f"{y0}-{y1}"


def _state_notes(sel: pd.DataFrame, t: dict) -> list[str]:
    present = set(sel["state"])
    return [t[s] for s in ("suppressed", "empty") if s in present]


def _order_note(sel: pd.DataFrame, spec: Spec, definitions: Definitions, lang: str) -> list[str]:
    """Which definition puts the wijken in order, when the figure has several panels."""
    present = list(dict.fromkeys(sel["definition"]))
    key = sorting_definition(spec.theme, definitions, present)
    if len(present) < 2 or key is None:
        return []
    words = definition_label(lang, spec.measures[0], key, definitions)
    return [TEXT[lang]["wijk_order"].format(definition=words)]


def _mark_note(sel: pd.DataFrame, spec: Spec, lang: str) -> list[str]:
    """The legend line of the marks of a figure per wijk: its points stand beside the city's
    dashed line (`point_panels`), which the marks compare with (on a ratio axis: not the line
    at 1), and why an interval and a mark need not agree."""
    tests = [x for x in dict.fromkeys(sel["test"]) if x in TEXT[lang]["tests"]]
    return [mark_note(tests, lang, line=True, ratio=spec.kind == "ratio")] if tests else []


def mark_note(tests: list[str], lang: str, *, line: bool = False, ratio: bool = False) -> str:
    """The legend line of ▲ ▼ for the wijken tested with `tests`: what they were compared with
    (`format.against`). `line`: the figure draws the wijken's intervals beside the city's figure
    as a dashed line: the line is named where the marks compare with it (`format.marks_line`;
    `ratio`: not the line at 1) and why a mark and an interval need not agree is said
    (`format.marks_why`); a map (no intervals, no line) says neither."""
    t = TEXT[lang]
    return t["marks"].format(
        against=against(lang, tests),
        test=", ".join(t["tests"][x] for x in tests),
        line=marks_line(lang, tests, ratio=ratio) if line else "",
        why=" " + marks_why(lang, tests, drawn="line") if line else "",
    )


# a trend figure's interval band is seen when it is at least this share of the axis height
# (figures.trend_lines: from 0 to 1.12 times the highest value or upper bound): at the drawn
# size and the band's light colour, a band narrower than that was not found in the trial
BAND_VISIBLE = 0.04


def band_drawn(sel: pd.DataFrame) -> str | None:
    """'band' when a trend figure draws a band one can see (two adjacent published years of a
    series, an interval at least `BAND_VISIBLE` of the axis), 'band_narrow' when its bands are
    all thinner than that, None when it draws none (no two adjacent published years)."""
    ok = sel[sel["state"] == "ok"]
    if not len(ok):
        return None
    ymax = 1.12 * float(ok[["value", "ci_upper"]].to_numpy(dtype=float).max())
    seen = narrow = False
    for _, rows in ok.groupby("series", sort=False):
        years = sorted(rows["year"].astype(int))
        if not any(b - a == 1 for a, b in zip(years, years[1:], strict=False)):
            continue  # a band needs two adjacent years
        width = (rows["ci_upper"].astype(float) - rows["ci_lower"].astype(float)).max()
        if ymax > 0 and width >= BAND_VISIBLE * ymax:
            seen = True
        else:
            narrow = True
    return "band" if seen else "band_narrow" if narrow else None


def texts(
    name: str, sel: pd.DataFrame, definitions: Definitions, lang: str, slight: float = SLIGHT
) -> dict:
    """Title, subtitle, notes and source line of figure `name` for its selection; `slight`: the
    share under which a trend is slight (config `findings.slight`), stated on a trend figure."""
    t = TEXT[lang]
    spec = SPECS[name]
    city, year, years = (
        _city(sel),
        int(sel["year"].max()) if len(sel) else "",
        _years(sel) if len(sel) else "",
    )
    kopp = definitions.kopp if spec.theme == "kopp" else None
    ages = {"lo": kopp.min_age, "hi": kopp.max_age} if kopp is not None else {}
    out = {"source": source_line(spec.theme, definitions, city, lang, drawn_tables(sel, spec, definitions)),
           "subtitle": "", "notes": []}  # fmt: skip
    if name == "kopp_aandeel_wijk":
        out["title"] = t["per_wijk"].format(what=label(lang, "kopp.aandeel"), year=year)
        out["subtitle"] = t["children_pct_defs"].format(**ages)
        out["notes"] = [*_order_note(sel, spec, definitions, lang), t["interval"], t["dashed_city"].format(city=city),
                        *_mark_note(sel, spec, lang)]  # fmt: skip
    elif name in ("kopp_trend", "migratie_trend", "nieuwkomers_trend"):
        measure = spec.measures[0]
        out["title"] = t["in_city"].format(what=label(lang, measure), city=city, years=years)
        sub = {
            "kopp_trend": "children_pct",
            "migratie_trend": "adults_std",
            "nieuwkomers_trend": "newcomers_pct",
        }
        out["subtitle"] = t[sub[name]].format(**ages)
        # the pages' one trend rule (format.trend_rule), so the figure cannot say another
        band = band_drawn(sel)
        out["notes"] = ([t[band]] if band else []) + (
            [trend_rule(lang, slight)] if (sel["verdict"] != "").any() else []
        )
    elif name == "kopp_overlap":
        out["title"] = t["overlap"].format(city=city, year=year)
        out["subtitle"] = t["overlap_sub"].format(**ages)
        out["notes"] = [t["overlap_note"]]
    elif name == "migratie_zorgkloof":
        out["title"] = t["zorgkloof"].format(city=city, year=year)
        out["subtitle"] = t["zorgkloof_sub"]
        out["notes"] = [t["interval"], t["dashed_all"].format(city=city)]
    elif name == "nieuwkomers_concentratie":
        out["title"] = t["concentratie"].format(year=year)
        out["subtitle"] = t["concentratie_sub"]
        out["notes"] = [
            *_order_note(sel, spec, definitions, lang),
            t["ratio_note"],
            t["interval"],
            t["dashed_city"].format(city=city),
            *_mark_note(sel, spec, lang),
        ]
        zero = (sel["state"] == "ok") & (pd.to_numeric(sel["value"], errors="coerce") == 0)
        if zero.any():
            out["notes"].append(t["ratio_zero"])
    out["notes"] += _state_notes(sel, t)
    if sel.empty:  # nothing drawn (figures.no_figures): no year or city to name, no line to explain
        out["title"], out["notes"] = out["title"].rstrip(" ,"), []
    return out


# --- drawing -------------------------------------------------------------------------------------


def draw(
    name: str,
    selection: pd.DataFrame,
    definitions: Definitions,
    *,
    lang: str,
    slight: float = SLIGHT,
):
    """The matplotlib figure `name`, drawn from its `selection` only (`slight`: as `texts`)."""
    spec = SPECS[name]
    f.CHECKS[spec.kind](selection)
    w = texts(name, selection, definitions, lang, slight)
    common = {"lang": lang, "title": w["title"], "subtitle": w["subtitle"], "notes": w["notes"],
              "source": w["source"]}  # fmt: skip
    if name in ("kopp_trend", "migratie_trend", "nieuwkomers_trend"):
        return f.trend_lines(selection, **common)
    if name == "kopp_overlap":
        conditions = {c.name: c.label(lang) for c in definitions.kopp.overlap_conditions}
        return f.upset(selection, conditions, axis_title=TEXT[lang]["children"], **common)
    if name == "nieuwkomers_concentratie":
        return f.point_panels(selection, kind="ratio", axis_title=TEXT[lang]["ratio_axis"],
                              one_line=TEXT[lang]["one"], **common)  # fmt: skip
    return f.point_panels(selection, kind="share", **common)


def _join(items: list[str]) -> str:
    return ", ".join(items)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def alt_text(name: str, selection: pd.DataFrame, definitions: Definitions, *, lang: str) -> str:
    """What figure `name` shows, in a few sentences (alt text): its title, then per series the
    city, the highest and lowest wijk or group and the wijken that differ, or per line the
    first and last year and the trend, or the largest combinations."""
    t = TEXT[lang]
    sel = selection
    w = texts(name, sel, definitions, lang)
    sentences = [w["title"] + "."]
    if SPECS[name].kind == "ratio":
        sentences.append(f"{w['subtitle']} {t['one']}.")
    ok = sel[sel["state"] == "ok"]
    if ok.empty:
        return " ".join([*sentences, t["alt_none"]])
    if name.endswith("_trend"):
        for s in dict.fromkeys(ok["series"]):
            rows = ok[ok["series"] == s].sort_values("year")
            a, b = rows.iloc[0], rows.iloc[-1]
            trend = verdict_words(lang, b["verdict"]) or verdict_words(lang, "niet_te_toetsen")
            words = t["alt_from"].format(series=s, first=a["shown"], y0=a["year"], last=b["shown"], y1=b["year"],
                                         trend=trend)  # fmt: skip
            sentences.append(_capital(words) + ".")
    elif name == "kopp_overlap":
        top = ok.head(3)
        sentences.append(t["alt_most"].format(items=_join([f"{r['label']} ({r['shown']})"
                                                            for _, r in top.iterrows()])) + ".")  # fmt: skip
    else:
        for s in dict.fromkeys(sel["series"]):
            rows = ok[ok["series"] == s]
            parts = [t["alt_ref"].format(name=r["label"], value=r["shown"])
                     for _, r in rows[rows["role"] == "reference"].iterrows()]  # fmt: skip
            points = rows[rows["role"] == "point"]
            if len(points) == 1:
                parts.append(f"{points['label'].iloc[0]} {points['shown'].iloc[0]}")
            elif len(points) > 1:
                hi = points.loc[points["value"].idxmax()]
                lo = points.loc[points["value"].idxmin()]
                parts += [t["alt_high"].format(name=hi["label"], value=hi["shown"]),
                          t["alt_low"].format(name=lo["label"], value=lo["shown"])]  # fmt: skip
            up = points.loc[points["verdict"] == "hoger", "label"].tolist()
            down = points.loc[points["verdict"] == "lager", "label"].tolist()
            if up:
                parts.append(t["alt_up"].format(names=_join(up)))
            if down:
                parts.append(t["alt_down"].format(names=_join(down)))
            sentences.append(_capital(f"{s}: {'; '.join(parts)}."))
    return " ".join(sentences)


def write(name: str, measures: pd.DataFrame, differences: pd.DataFrame | None, definitions: Definitions,
          paths: Mapping[str, str | Path], *, lang: str, gemeente: str, slight: float = SLIGHT) -> pd.DataFrame:  # fmt: skip
    """Select, draw and save figure `name`: `paths` maps 'png', 'svg' and 'csv' to files (any
    of them); `slight` as `texts`. Returns the selection."""
    sel = select(name, measures, definitions, differences, lang=lang, gemeente=gemeente)
    if "csv" in paths:
        write_csv(sel, paths["csv"])
    title = texts(name, sel, definitions, lang)["title"]
    description = alt_text(name, sel, definitions, lang=lang)
    images = [ext for ext in ("png", "svg") if ext in paths]
    if images:
        fig = draw(name, sel, definitions, lang=lang, slight=slight)
        for i, ext in enumerate(images):
            f.save(
                fig, paths[ext], title=title, description=description, close=i == len(images) - 1
            )
    return sel


def write_from_export(name: str, root: str | Path, definitions: Definitions, paths: Mapping[str, str | Path], *,
                      lang: str, gemeente: str, slight: float = SLIGHT) -> pd.DataFrame:  # fmt: skip
    """`write` from an export folder: `<theme>/measures.csv` and `<theme>/verschillen.csv`;
    `slight` as `texts` (config `findings.slight`, as the page rules pass it)."""
    theme = SPECS[name].theme
    root = Path(root)
    return write(name, read_measures_csv(root / theme / "measures.csv"),
                 read_differences(root / theme / "verschillen.csv"), definitions, paths, lang=lang,
                 gemeente=gemeente, slight=slight)  # fmt: skip
