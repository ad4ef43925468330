"""One sheet per wijk (the factsheet, front and back of one A4): the wijk against the city, built
from results/export/ only.

Per theme and main measure: the share in the latest year with its 95% interval, for the wijk and
for the whole gemeente; a small dot-and-interval chart; a mark (▲ ▼) when the wijk differs
clearly from the rest of the city, taken from `<theme>/verschillen.csv`; a sparkline of the
yearly values of wijk and city with the first and last value and the trend in words (also from
`verschillen.csv`), the sources in words, the years of the data and how to read the page: that is
the front. The back (its own printed page) holds who lives there and what others see: the persona's,
the organisations' figures and CBS's Kerncijfers, and the wijken most like it and why
(`<theme>/vergelijkbare_wijken.csv`).

Every number is a citation of its cell (`document.Cell`, rendered as the reports render it),
so the tests check it against the table. A page is
named after its wijk (`overvecht.html`, see `page_names`), never after its code.

The DAG imports this module for `page_names`: what reads the export (and pulls in scipy) is
imported inside the functions that build pages.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.outputs.findings import TREND_VERDICTS
from wijkzicht.outputs.format import (
    ADJUSTED,
    ADJUSTED_SHORT,
    STATE_WORDS,
    SUPPRESSED_WHY,
    VERDICT_MARKS,
    against,
    compared_with,
    interval,
    marks_why,
    pct,
    state,
    std_population,
    std_year,
    trend_rule,
    trend_short,
    verdict_words,
)
from wijkzicht.outputs.key_messages import TEST_WORDS, key_definition
from wijkzicht.outputs.labels import definition_label, definition_order
from wijkzicht.outputs.personas import CSS as PERSONA_CSS
from wijkzicht.outputs.similar_wijken import alike_in, group_alike, group_likeness, is_compared

THEMES = ("kopp", "migratie", "nieuwkomers")
# per theme the lines of the page: (measure, method); measure None is every measure with wijk
# rows of that method, in the order of the export
LINES = {
    "kopp": [("kopp.aandeel", "wilson")],
    "migratie": [(None, "direct_std_gamma"), (None, "survey_taylor")],
    "nieuwkomers": [("nieuwkomers.aandeel", "wilson")],
}
# the trend rows that belong to the yearly rows of a method (wijkzicht.themes.trend_rows)
TREND_METHOD = {
    "wilson": "trend_logit",
    "direct_std_gamma": "trend_wls",
    "survey_taylor": "trend_wls",
}

TEXT = {
    "nl": {
        "factsheet": "Wijkfactsheet",
        "sub": "{wijk} vergeleken met heel {gem}. Cijfers over {years}, peildatum 1 januari.",
        "theme": {"kopp": "Kinderen van ouders met psychische problemen of verslaving",
                  "migratie": "Psychische gezondheid van volwassenen",
                  "nieuwkomers": "Kwetsbare nieuwkomers"},
        "short": {"kopp": "Kinderen", "migratie": "Volwassenen", "nieuwkomers": "Nieuwkomers"},
        "noun": {"kopp": "kinderen", "migratie": "volwassenen", "nieuwkomers": "nieuwkomers"},
        "count": "In {wijk} in {year}: {n} {noun}{of}.",
        # newcomers came in during the year: not among the 1 January inhabitants, who are said for
        # comparison only (as the report since 1824fdb)
        "count_nieuwkomers": "In {year} kwamen {n} nieuwkomers in {wijk} wonen{of}.",
        "of_nieuwkomers": " (ter vergelijking: op 1 januari woonden er {n} mensen, CBS)",
        "share": "Aandeel {noun} in {year}",
        "per_year": "Per jaar",
        "survey": "vragenlijst",
        # plain words first, the term after them, as the report and the workbook say it
        # with its standard population named, as the report and the dashboard (format.std_year)
        "std": "Gecorrigeerd voor leeftijd en geslacht (gestandaardiseerd): omgerekend naar de opbouw naar leeftijd "
               "en geslacht van de volwassenen {std_pop} in {std_year}, zodat verschillen in leeftijd en in het aantal "
               "mannen en vrouwen tussen wijken niet meetellen.",
        "legend_dot": "{wijk} met 95%-interval", "legend_city": "{gem}",
        # beside a figure, not a trend (a new user, U4, read them as rising and falling): the trend
        # is in the column Per jaar, in words that the next item says in short
        "legend_mark": "naast een cijfer: duidelijk hoger/lager dan {against} (geen trend: die staat bij "
                       "Per jaar)",
        "legend_trend": "Per jaar, in woorden: {words}",
        # what changed since the previous release (changes.csv), when one is named
        # the wijk's rows and its buurten's (U10: a new buurt figure went unsaid, 'geen cijfer over
        # Binnenstad veranderd')
        # the report shows at most 5 of each kind, the gemeente first (report.changes_section):
        # it names the largest, not those of this wijk (U13 W3); changes.csv holds every one
        "changes": "Sinds de vorige uitgave: {parts} over {wijk} en de buurten daarin (in alle tabellen; het "
                   "rapport noemt de grootste en waarom; ze staan allemaal in changes.csv).",
        "changes_none": "Sinds de vorige uitgave is geen cijfer over {wijk} of de buurten daarin veranderd.",
        # a trend of the wijk said in other words than in the previous release (U13 M1): counted
        # on the front, which has no room for them (Binnenstad's went to a third page), named on
        # the back with its words then
        "trends_front": {"one": "Bij 1 trend van {wijk} zijn de woorden anders; de achterkant zegt welke.",
                         "many": "Bij {n} trends van {wijk} zijn de woorden anders; de achterkant zegt welke."},
        "trends_back": "Trends met andere woorden dan in de vorige uitgave",
        "clearly": "duidelijk {words}",
        "legend_line": "per jaar: {wijk} donker, {gem} grijs",
        "legend_scale": "elk lijntje begint op de stippellijn en heeft dezelfde schaal: van een kwart lager "
                        "tot een kwart hoger dan het eerste jaar; een grotere verandering staat op de rand "
                        "(pijltje)",
        # what each symbol of the legend is, for screen readers
        "legend_symbol": {"dot": "een punt op een streep: het cijfer van {wijk} met het 95%-interval",
                          "city": "een grijze streep: het cijfer van {gem}",
                          "line": "twee lijntjes: {wijk} donker, {gem} grijs",
                          "cut": "een pijltje: een grotere verandering dan een kwart"},
        # a question, true whatever the answer (U11: 'Wijken die op Binnenstad lijken' above 'no
        # figure in which they all lie close to Binnenstad'); the wijken named are clearly alike
        # (similar_wijken.group_likeness)
        "alike": "Lijken andere wijken op {wijk}?",
        "alike_intro": "Een wijk lijkt duidelijk op {wijk} als meer dan de helft van haar cijfers dicht bij die "
                       "van {wijk} ligt.",
        "alike_none": "geen vergelijking mogelijk",
        "and": "en",
        "missing": "geen cijfer",
        "few": "te weinig jaren voor een lijn",
        "few_hidden": "geen lijn: {years} onderdrukt",
        # a line with a gap or a shorter end: which years are missing and why (U4)
        "hidden": "{years} onderdrukt",
        "untestable": "trend niet te toetsen",
        "how": "Zo leest u deze pagina",
        # the trend rule, on the back (`factsheet`)
        "how_trend": "Per jaar: zo kiezen we de woorden",
        "legend_trend_back": " Meer uitleg op de achterkant.",
        "back": "Achterkant: wie wonen er in {wijk}, en wat zien anderen",
        "how_ci": "De streep is het 95%-interval: het echte cijfer ligt vrijwel zeker binnen de streep. "
                  "Hoe kleiner de groep, hoe langer de streep.",
        # plain words; the test and its correction for the number of wijken are for the reviewer,
        # in the report's reading guide (report.WORDS guide_items)
        # {why}: why a mark and the two intervals beside it need not agree (format.marks_why)
        "how_mark": "▲ of ▼: in deze wijk duidelijk hoger of lager dan in {against}; dat verschil is "
                    "waarschijnlijk geen toeval. Zonder teken: geen duidelijk verschil. {why} Hoe dat is "
                    "getoetst, staat in de leeswijzer van het rapport.",
        "how_state": "Onderdrukt: " + SUPPRESSED_WHY["nl"] + " (privacy). "
                     "Geen personen: er is niemand in deze groep.",
        "or_with": " of met ",
    },
    "en": {
        "factsheet": "Wijk factsheet",
        "sub": "{wijk} compared with the whole municipality of {gem}. Figures for {years}, reference date 1 January.",
        "theme": {"kopp": "Children of parents with mental-health problems or addiction",
                  "migratie": "Mental health of adults",
                  "nieuwkomers": "Vulnerable newcomers"},
        "short": {"kopp": "Children", "migratie": "Adults", "nieuwkomers": "Newcomers"},
        "noun": {"kopp": "children", "migratie": "adults", "nieuwkomers": "newcomers"},
        "count": "In {wijk} in {year}: {n} {noun}{of}.",
        "count_nieuwkomers": "In {year}, {n} newcomers came to live in {wijk}{of}.",
        "of_nieuwkomers": " (for comparison: on 1 January, {n} people lived there, CBS)",
        "share": "Share of {noun} in {year}",
        "per_year": "Per year",
        "survey": "survey",
        "std": "Adjusted for age and sex (standardised): recalculated to the age and sex make-up of the adults "
               "{std_pop} in {std_year}, so that differences in age and in the numbers of men and women between wijken "
               "do not count.",
        "legend_dot": "{wijk} with 95% interval", "legend_city": "{gem}",
        "legend_mark": "beside a figure: clearly higher/lower than {against} (not a trend: that is under "
                       "Per year)",
        "legend_trend": "Per year, in words: {words}",
        "changes": "Since the previous release: {parts} about {wijk} and its buurten (in all tables; the report "
                   "names the largest and why; all of them are in changes.csv).",
        "changes_none": "Since the previous release, no figure about {wijk} or its buurten has changed.",
        "trends_front": {"one": "1 trend of {wijk} is said in other words; the back says which.",
                         "many": "{n} trends of {wijk} are said in other words; the back says which."},
        "trends_back": "Trends said in other words than in the previous release",
        "clearly": "clearly {words}",
        "legend_line": "per year: {wijk} dark, {gem} grey",
        "legend_scale": "each line starts on the dashed line, on the same scale: from a quarter below to a "
                        "quarter above the first year; a larger change stands on the edge (arrow)",
        "legend_symbol": {"dot": "a dot on a bar: the figure of {wijk} with its 95% interval",
                          "city": "a grey bar: the figure of {gem}",
                          "line": "two lines: {wijk} dark, {gem} grey",
                          "cut": "an arrow: a change larger than a quarter"},
        "alike": "Are other wijken like {wijk}?",
        "alike_intro": "A wijk is clearly like {wijk} when more than half of its figures lie close to those of "
                       "{wijk}.",
        "alike_none": "no comparison possible",
        "and": "and",
        "missing": "no figure",
        "few": "too few years for a line",
        "few_hidden": "no line: {years} suppressed",
        "hidden": "{years} suppressed",
        "untestable": "trend cannot be tested",
        "how": "How to read this page",
        "how_trend": "Per year: how the words are chosen",
        "legend_trend_back": " More on the back.",
        "back": "Back: who lives in {wijk}, and what others see",
        "how_ci": "The bar is the 95% interval: the true figure almost certainly lies within the bar. "
                  "The smaller the group, the longer the bar.",
        "how_mark": "▲ or ▼: in this wijk clearly higher or lower than in {against}; that difference is "
                    "probably not chance. No mark: no clear difference. {why} How it was tested is in the "
                    "report's reading guide.",
        "how_state": "Suppressed: " + SUPPRESSED_WHY["en"] + " (privacy). "
                     "No persons: there is nobody in this group.",
        "or_with": " or with ",
    },
}  # fmt: skip

CSS = """@page{size:A4;margin:8mm 10mm}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:8.4pt;color:#1a1a1a;line-height:1.28;
max-width:186mm;margin:6mm auto}
h1{font-size:16pt;margin:0;color:#1f4e79}h1 small{font-size:10pt;color:#555;font-weight:normal}
.sub{margin:.5mm 0 1.2mm}
svg.locator{float:right;margin:0 0 1mm 3mm}
.legend{display:flex;flex-wrap:wrap;gap:.5mm 5mm;align-items:center;font-size:7.6pt;color:#333;
border:1px solid #d0d7de;background:#f6f8fa;padding:.8mm 2mm}
.legend svg{vertical-align:middle}
h2{font-size:10.5pt;margin:1.6mm 0 .3mm;padding-bottom:.3mm;border-bottom:1.5px solid #1f4e79;color:#1f4e79}
.who{margin:.3mm 0 .6mm;color:#333}
table{border-collapse:collapse;width:100%;table-layout:fixed;line-height:1.15}
th{font-size:7.2pt;font-weight:normal;color:#555;text-align:left;padding:.2mm 1mm;border-bottom:1px solid #aab;
vertical-align:bottom}
td{padding:.1mm 1mm;border-bottom:1px solid #e3e6ea;vertical-align:middle}
col.label{width:28%}col.val{width:14%}col.chart{width:19%}col.trend{width:25%}
.num{font-weight:bold}.ci{display:block;font-size:7pt;color:#555;white-space:nowrap}.ci .num{font-weight:normal}
.mark{font-weight:bold}.mark.hoger{color:#b3261e}.mark.lager{color:#0b5cad}.state{color:#555;font-style:italic}
.trend{white-space:nowrap;font-size:7.4pt}.trend .num{font-weight:normal}.trend svg{vertical-align:middle}
.tw{display:block;color:#333;white-space:normal}.few{color:#555;font-style:italic;white-space:normal}
.note,.src{font-size:7pt;color:#555;margin:.3mm 0 0;line-height:1.2}
table.org col.label{width:44%}table.org col.val{width:10%}table.org col.source{width:36%}
table.org{margin-top:1.5mm}table.org td{padding:.3mm 1mm .1mm;line-height:1.15}table.org td.src{font-size:6.6pt}
table.org th h2{display:inline;border:0;margin:0 2mm 0 0;padding:0}table.org th .num{font-weight:normal}
table.org thead tr{border-bottom:1.5px solid #1f4e79}
ul.alike{margin:.4mm 0;padding-left:4mm}ul.alike li{margin:.2mm 0}
footer{margin-top:1.5mm;border-top:1px solid #aab;font-size:7pt;color:#333;line-height:1.18;columns:2;column-gap:5mm}
footer h2{font-size:8.4pt;border:0;margin:.8mm 0 .3mm;column-span:all}footer p{margin:0 0 .6mm;break-inside:avoid}
.back footer{columns:1}
.back{break-before:page;page-break-before:always;margin-top:5mm;padding-top:2mm;border-top:2px dashed #aab}
.back>h1{font-size:12pt}
@media print{body{margin:0;max-width:none}.back{margin-top:0;padding-top:0;border-top:0}}"""

WIJK_COLOUR, CITY_COLOUR = "#1f4e79", "#8c8c8c"


# --- file names --------------------------------------------------------------------------------


def slug(name: str) -> str:
    """A file name from a wijk name: lower case, ASCII with diacritics folded, spaces and slashes
    to `-`: 'Vleuten-De Meern' -> 'vleuten-de-meern', 'Zuiderpolder/Zuid' -> 'zuiderpolder-zuid'."""
    folded = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    s = re.sub(r"[\s/\\]+", "-", folded.strip().lower())
    s = re.sub(r"[^a-z0-9-]", "", s)
    return re.sub(r"-{2,}", "-", s).strip("-")


def page_names(wijken: Mapping[str, str]) -> dict[str, str]:
    """{file stem: wijk code} of the factsheets, from {wijk code: wijk name}, in code order. Wijken
    whose names give the same slug get their code appended ('centrum-wk036301')."""
    slugs = {code: slug(name) or code.lower() for code, name in sorted(wijken.items())}
    counts = Counter(slugs.values())
    out = {(s if counts[s] == 1 else f"{s}-{code.lower()}"): code for code, s in slugs.items()}
    if len(out) != len(slugs):
        raise ValueError(f"factsheet names are not unique: {sorted(slugs.items())}")
    return out


def export_wijken(root: Path) -> dict[str, str]:
    """{wijk code: wijk name} of every wijk in the measures of the export `root`."""
    from wijkzicht.disclosure.export import read_measures_csv

    names: dict[str, str] = {}
    for theme in THEMES:
        m = read_measures_csv(root / theme / "measures.csv")
        w = m[m["area_level"] == "wijk"]
        names.update(dict(zip(w["area_code"], w["area_name"], strict=True)))
    return dict(sorted(names.items()))


# --- what a page shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a theme's table: a measure, definition and method in its latest year."""

    measure: str
    definition: str
    method: str
    year: int


class Export:
    """The tables of the export that the factsheets read, each read once."""

    def __init__(self, root: Path):
        from wijkzicht.disclosure.export import read_measures_csv

        self.root = Path(root)
        self.measures = {t: read_measures_csv(self.root / t / "measures.csv").reset_index(drop=True)
                         for t in THEMES}  # fmt: skip
        self.findings = {t: _csv(self.root / t / "verschillen.csv") for t in THEMES}
        self.similar = {t: _csv(self.root / t / "vergelijkbare_wijken.csv") for t in THEMES}
        # each wijk's profile (z-scores): what the group of wijken like one shares with it
        # (similar_wijken.group_alike); an export made before it was read: None, said as before
        self.profile = {t: _csv(self.root / t / "wijkprofiel.csv") if (self.root / t / "wijkprofiel.csv").exists()
                        else None for t in THEMES}  # fmt: skip
        # the persona table of each theme that has one (outputs.personas)
        self.personas = {t: _personas(self.root / t / "personas.csv") for t in THEMES}
        from wijkzicht.outputs.aggregates import Aggregates

        # organisation figures and Kerncijfers (None in an export without them)
        self.aggregates = Aggregates.read_if_present(self.root)
        self._index: dict[tuple, dict] = {}

    def rows(self, table: str, theme: str, **where) -> pd.DataFrame:
        """The rows of the theme's `table` ("measures" or "findings") whose columns equal
        `where`, in the table's order and with its index: the same rows as a boolean filter on
        each column, found in a dictionary built once per table and set of columns (a page asks
        for the rows of every line of every wijk: a filter each time scanned the whole table)."""
        t = getattr(self, table)[theme]
        cols = tuple(where)
        key = (table, theme, cols)
        if key not in self._index:
            self._index[key] = t.groupby(list(cols), sort=False, dropna=False).indices
        at = self._index[key].get(tuple(where.values()))
        return t.iloc[at] if at is not None else t.iloc[:0]


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _personas(path: Path) -> pd.DataFrame | None:
    from wijkzicht.outputs.personas import read_personas

    return read_personas(path) if path.exists() else None


def _persona_cards(ex: Export, wijk: str, name: str, lang: str, definitions: Definitions,
                   city: str, zorg_steun: Mapping[str, Sequence[str]] | None = None) -> str:  # fmt: skip
    """Per theme the wijk's largest persona as a narrow card, or why it has none
    (`outputs.personas.row_html`): one row on the back of the sheet, with a 'Bron:' line under
    the cards naming their tables (`persona_line`)."""
    from wijkzicht.outputs.personas import row_html

    row = row_html(ex.personas, wijk, name, lang)
    line = persona_line(ex, wijk, definitions, city, lang, zorg_steun)
    if not row or not line:
        return row
    end = "</section>"
    return f'{row[: -len(end)]}<p class="src">{html.escape(line)}</p>{end}'


def persona_line(ex: Export, wijk: str, definitions: Definitions, city: str, lang: str,
                 zorg_steun: Mapping[str, Sequence[str]] | None = None) -> str:  # fmt: skip
    """The 'Bron:' line of the wijk's persona cards: the tables of the card each theme shows
    (its largest persona, as `personas.row_html` picks it), in the words of the dashboard's and
    the infographic's persona line (`figure_specs.persona_tables`, `source_line`); '' when the
    wijk shows no card. `zorg_steun`: config personas.zorg_steun (None: every condition the
    definitions know)."""
    from wijkzicht.outputs.figure_specs import persona_tables, source_line
    from wijkzicht.outputs.personas import area_rows

    tables: list[str] = []
    for theme, table in ex.personas.items():
        rows = area_rows(table, wijk) if table is not None else None
        if rows is None or rows.empty:
            continue
        counted = pd.to_numeric(rows["n_persons"].str.strip(), errors="coerce").notna()
        shown = rows[(rows["status"] == "ok") & counted].head(1)
        if len(shown):
            tables += persona_tables(shown, theme, definitions, zorg_steun)
    if not tables:
        return ""
    # one line for the cards of every theme: the tables given, the theme names none of its own
    return source_line(THEMES[0], definitions, city, lang, list(dict.fromkeys(tables)))


def lines(m: pd.DataFrame, theme: str, definitions: Definitions | None = None) -> list[Line]:
    """The lines of a theme, the same for every wijk: group totaal, the methods of `LINES`; a
    measure's definitions in the order every page lists them in (`labels.definition_order`;
    without `definitions` as exported)."""
    tot = m[(m["group"] == "totaal") & (m["area_level"] == "wijk")]
    out = []
    for measure, method in LINES[theme]:
        sel = tot[tot["method"] == method]
        if measure is not None:
            sel = sel[sel["measure"] == measure]
        pairs = list(dict.fromkeys(zip(sel["measure"], sel["definition"], strict=True)))
        for ms in dict.fromkeys(p[0] for p in pairs):
            keys = [d for mm, d in pairs if mm == ms]
            for d in definition_order(ms, keys, definitions) if definitions is not None else keys:
                years = sel[(sel["measure"] == ms) & (sel["definition"] == d)]["year"]
                out.append(Line(ms, d, method, int(years.max())))
    return out


def _series(ex: Export, theme: str, line: Line, code: str) -> pd.DataFrame:
    """The yearly rows of one line for one area, by year (the index stays the CSV row)."""
    rows = ex.rows("measures", theme, measure=line.measure, definition=line.definition,
                   method=line.method, group="totaal", area_code=code)  # fmt: skip
    return rows.sort_values("year")


def _trend(ex: Export, theme: str, line: Line, code: str) -> str | None:
    """The trend verdict of the wijk's series of `line` from verschillen.csv, if any."""
    t = ex.rows("findings", theme, comparison="trend", measure=line.measure,
                definition=line.definition, method=TREND_METHOD.get(line.method), group="totaal",
                area_code=code)  # fmt: skip
    return str(t.iloc[-1]["verdict"]) if len(t) else None


def _verdict(ex: Export, theme: str, line: Line, code: str) -> tuple[str, str | None]:
    """(verdict, test) of the wijk against the rest of the city in the line's year: the
    verdict of its row of that year and group value totaal (the last, as `findings.flags`
    gives it), the test of its first row of the line."""
    t = ex.rows("findings", theme, comparison="wijk_vs_gemeente", measure=line.measure,
                definition=line.definition, method=line.method, group="totaal", area_code=code)  # fmt: skip
    now = t[(t["year"].astype(int) == int(line.year)).to_numpy()
            & (t["group_value"].astype(str) == "totaal").to_numpy()]  # fmt: skip
    verdict = now["verdict"].iloc[-1] if len(now) else None
    test = str(t.iloc[0]["test"]) if len(t) else None
    return (verdict or "niet_te_toetsen"), test


# --- small inline charts -----------------------------------------------------------------------


def _nice(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least x."""
    if not x > 0:
        return 1.0
    import math

    p = 10 ** math.floor(math.log10(x))
    return next(f * p for f in (1, 2, 2.5, 5, 10) if f * p >= x * (1 - 1e-12))


def _svg(width: int, height: int, alt: str, inner: list[str]) -> str:
    """An inline SVG image with `alt` as its text for screen readers (never empty)."""
    if not alt.strip():
        raise ValueError("an SVG on a factsheet needs a text for screen readers")
    a = html.escape(alt)
    return (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{a}"><title>{a}</title>' + "".join(inner) + "</svg>")  # fmt: skip


def dot_chart(wijk: pd.Series | None, city: pd.Series | None, alt: str, lang: str) -> str:
    """The wijk's share as a dot with its 95% interval, the city's as a grey line, on a scale
    from 0 to a round number above both intervals (labelled at both ends)."""
    w, h, x0, x1, y = 132, 24, 6, 126, 9
    rows = [r for r in (wijk, city) if r is not None and state(r) == "ok"]
    top = _nice(max([float(r["ci_upper"]) if pd.notna(r["ci_upper"]) else float(r["value"]) for r in rows],
                    default=1.0))  # fmt: skip

    def x(v: float) -> float:
        return x0 + (x1 - x0) * min(max(float(v) / top, 0.0), 1.0)

    inner = [f'<line x1="{x0}" y1="{y + 7}" x2="{x1}" y2="{y + 7}" stroke="#c8ccd0" stroke-width="1"/>',
             f'<text x="{x0}" y="{h - 1}" font-size="7" fill="#666">0%</text>',
             f'<text x="{x1}" y="{h - 1}" font-size="7" fill="#666" text-anchor="end">{_tick(top, lang)}</text>']  # fmt: skip
    if city is not None and state(city) == "ok":
        cx = x(city["value"])
        inner.append(f'<line x1="{cx:.1f}" y1="1" x2="{cx:.1f}" y2="{y + 7}" stroke="{CITY_COLOUR}" '
                     f'stroke-width="2"/>')  # fmt: skip
    if wijk is not None and state(wijk) == "ok":
        if pd.notna(wijk["ci_lower"]) and pd.notna(wijk["ci_upper"]):
            inner.append(f'<line x1="{x(wijk["ci_lower"]):.1f}" y1="{y}" x2="{x(wijk["ci_upper"]):.1f}" y2="{y}" '
                         f'stroke="{WIJK_COLOUR}" stroke-width="2.5" stroke-linecap="round"/>')  # fmt: skip
        inner.append(f'<circle cx="{x(wijk["value"]):.1f}" cy="{y}" r="4" fill="{WIJK_COLOUR}" '
                     f'stroke="#fff" stroke-width="1"/>')  # fmt: skip
    return _svg(w, h, alt, inner)


def _tick(top: float, lang: str) -> str:
    """The end of a scale as a percentage without needless decimals: 50%, 2,5% (nl), 2.5% (en)."""
    text = f"{100 * top:g}%"
    return text.replace(".", ",") if lang == "nl" else text


# the sparklines' common scale: each line is the change against its own first value, and the
# whole height is from SPARK_BAND below to SPARK_BAND above it (a larger change stays at the
# edge), the same for every line of every page: a flat line is flat and a steep one steep, as
# the trend words say 'licht' by the change relative to the figure itself
SPARK_BAND = 0.25


def _change(v: float, base: float) -> float:
    """v's change against `base`, relative to it (+0.1: 10% higher); from a base of 0 (or
    below) a change without bound: 0 while v equals it, else +-inf."""
    if base > 0:
        return v / base - 1
    return 0.0 if abs(v - base) < 1e-12 else (math.inf if v > base else -math.inf)


def relative_change(values: list[float], band: float = SPARK_BAND) -> list[float]:
    """Each value as its change against the first, relative to the first (+0.1: 10% higher),
    kept within -band..band; a first value of 0: 0 while the values stay 0, else the top (a
    change without bound, marked by `cut_off`)."""
    base = float(values[0]) if values else 0.0
    return [min(max(_change(float(v), base), -band), band) for v in values]


def cut_off(values: list[float], band: float = SPARK_BAND) -> list[int]:
    """Per value whether `relative_change` cut it off at the edge: 1 a change above `band` (at
    the top), -1 below (at the bottom), 0 none; a sparkline marks such a point with an arrow.
    From a first value of 0 any rise is a change without bound (0% -> 1% is no 'quarter
    higher'): drawn at the top, it is cut off there and gets the arrow the legend promises."""
    base = float(values[0]) if values else 0.0
    out = []
    for v in values:
        r = _change(float(v), base)
        out.append(1 if r > band + 1e-12 else -1 if r < -band - 1e-12 else 0)
    return out


def arrow(x: float, y: float, up: bool, colour: str) -> str:
    """An open arrowhead (a chevron, not the filled ▲ ▼ of the marks) at (x, y) pointing past
    the edge of a sparkline: the change there is larger than the line can show."""
    d = -1 if up else 1
    return (f'<polyline class="cut" points="{x - 3:.1f},{y - 2.2 * d:.1f} {x:.1f},{y + 1.6 * d:.1f} '
            f'{x + 3:.1f},{y - 2.2 * d:.1f}" fill="none" stroke="{colour}" stroke-width="1.5" '
            'stroke-linecap="round" stroke-linejoin="round"/>')  # fmt: skip


def sparkline(wijk: pd.DataFrame, city: pd.DataFrame, years: list[int], alt: str) -> str:
    """Yearly values of the wijk (dark, dots at the ends) and the city (grey), each as its change
    against its own first year on the common scale (`SPARK_BAND`): both start at the middle
    line (dashed), the full height is a quarter below to a quarter above; a year without a
    value breaks the line."""
    w, h, pad = 64, 20, 2
    ok_w = wijk[[state(r) == "ok" for _, r in wijk.iterrows()]]
    ok_c = city[[state(r) == "ok" for _, r in city.iterrows()]]
    values = pd.concat([ok_w["value"], ok_c["value"]]).astype(float)
    if values.empty or len(years) < 2:
        return _svg(w, h, alt, [])
    span = years[-1] - years[0]
    mid = h / 2

    def pt(year: int, r: float) -> tuple[float, float]:
        return (pad + (w - 2 * pad) * (year - years[0]) / span,
                mid - (mid - pad) * r / SPARK_BAND)  # fmt: skip

    inner = [f'<line x1="{pad}" y1="{mid:g}" x2="{w - pad}" y2="{mid:g}" stroke="#c8ccd0" '
             'stroke-width="0.8" stroke-dasharray="2,2"/>']  # fmt: skip
    ends = []
    cuts: list[str] = []
    for data, colour, width in ((ok_c, CITY_COLOUR, 1.3), (ok_w, WIJK_COLOUR, 1.8)):
        values = data["value"].astype(float).tolist()
        change = relative_change(values)
        by_year = dict(zip(data["year"].astype(int), change, strict=True))
        # a point whose change is larger than the scale stands on the edge: an arrow says so
        cut = dict(zip(data["year"].astype(int), cut_off(values), strict=True))
        for y, c in cut.items():
            if c:  # the arrow whole within the image, at the point's height
                a, b = pt(y, by_year[y])
                cuts.append(arrow(min(max(a, 3.5), w - 3.5), b, c > 0, colour))
        wijk_cut = cut
        run: list[tuple[float, float]] = []
        for year in [*years, None]:
            if year is not None and year in by_year:
                run.append(pt(year, by_year[year]))
                continue
            if len(run) > 1:
                points = " ".join(f"{a:.1f},{b:.1f}" for a, b in run)
                inner.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                             f'stroke-width="{width}" stroke-linejoin="round"/>')  # fmt: skip
            elif len(run) == 1:
                inner.append(
                    f'<circle cx="{run[0][0]:.1f}" cy="{run[0][1]:.1f}" r="1.3" fill="{colour}"/>'
                )
            run = []
        ends = [pt(y, by_year[y]) for y in (min(by_year), max(by_year))] if by_year else []
    for (a, b), year in zip(
        ends, (min(wijk_cut, default=0), max(wijk_cut, default=0)), strict=False
    ):
        if not wijk_cut.get(year):  # the wijk's first and last year (an arrow where cut off)
            inner.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2" fill="{WIJK_COLOUR}"/>')
    return _svg(w, h, alt, inner + cuts)


# --- the page ----------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _years(lo: int, hi: int) -> str:
    return f"{lo}-{hi}" if lo != hi else str(lo)


@dataclass(frozen=True)
class _Part:
    """What the lines of one theme on one page share."""

    ex: Export
    theme: str
    wijk: str
    name: str
    gemeente: str
    gem_name: str
    year: int  # the latest year of the theme's lines
    span: tuple[int, int]  # the first and last year of the theme's lines
    definitions: Definitions
    lang: str
    # whose adults the standard population is (`format.std_population`)
    std_pop: str = ""
    # the trend verdicts said in words on the page (the legend says those words in short)
    trends: list[str] = field(default_factory=list)

    @property
    def rel(self) -> str:
        return f"{self.theme}/measures.csv"

    @property
    def m(self) -> pd.DataFrame:
        return self.ex.measures[self.theme]

    def num(self, row: pd.Series, col: str, kind: str = "pct") -> str:
        """A cell of the theme's measures table (`row` keeps its CSV row as its name)."""
        return cite(self.rel, int(row.name), col, row[col], kind, self.lang)


def factsheet(
    wijk: str,
    data: Export | Path,
    definitions: Definitions,
    *,
    lang: str,
    gemeente: str,
    areas=None,
    slight: float | None = None,
    standard: Sequence[str] = (),
    zorg_steun: Mapping[str, Sequence[str]] | None = None,
    changes: pd.DataFrame | None = None,
) -> str:
    """The page of wijk `wijk` (its code) from the export (`data`, or its root folder); with
    `areas` (the wijken's boundaries, `inputs.boundaries.read_boundaries`) a small map of the
    city with the wijk highlighted beside its name. How to read it names the tests in the
    report's words (`key_messages.TEST_WORDS`) and states the trend rule with `slight`, the
    share under which a change is slight (config findings.slight; None: the default). A
    standardised figure names its standard population: the gemeente's adults, in a GGD region
    run those of its gemeenten `standard` together (`format.std_population`). `zorg_steun`:
    config personas.zorg_steun, whose conditions the persona cards' 'Bron:' line names
    (`persona_line`; None: every condition the definitions know). `changes`: changes.csv (a
    previous release named): a line under the title says how the wijk's figures changed since
    it (`changes_line`); None: no line."""

    ex = data if isinstance(data, Export) else Export(Path(data))
    t = TEXT[lang]
    name, gem_name = _names(ex, wijk, gemeente)
    years_all: list[int] = []
    tests: list[str] = []
    trends: list[str] = []
    body: list[str] = []
    for theme in THEMES:
        m = ex.measures[theme]
        theme_lines = lines(m, theme, definitions)
        if not theme_lines:
            continue
        shown = m[m["method"].isin([ln.method for ln in theme_lines])]["year"].astype(int)
        span = (int(shown.min()), int(shown.max()))
        years_all += list(span)
        part = _Part(ex, theme, wijk, name, gemeente, gem_name, max(ln.year for ln in theme_lines),
                     span, definitions, lang, std_population(lang, gem_name, standard))  # fmt: skip
        body += _theme_block(part, theme_lines, tests)
        trends += part.trends
        body.append(f'<p class="src">{html.escape(block_source(theme, theme_lines, definitions, gem_name, lang))}'
                    "</p></section>")  # fmt: skip
    # the back of the sheet (a page of its own in print): who lives there, what others see
    back = [f'<div class="back"><h1>{html.escape(t["back"].format(wijk=name))}</h1>']
    back.append(_persona_cards(ex, wijk, name, lang, definitions, gem_name, zorg_steun))
    if ex.aggregates is not None:
        back += _sources_block(ex.aggregates, wijk, name, gemeente, gem_name, lang)
    back += _alike(ex, wijk, name, definitions, lang)
    back += trends_back(changes, wijk, lang, definitions, _methods(ex))
    # the trend rule in full on the back: on the front it filled a third page with the symbols'
    # 'Onderdrukt / Geen personen' alone on it (U11); the legend says the trend words in short
    back += [f"<footer><h2>{html.escape(t['how_trend'])}</h2>",
             f"<p>{html.escape(trend_rule(lang, slight))}</p></footer>"]  # fmt: skip
    back.append("</div>")
    years = _years(min(years_all), max(years_all)) if years_all else ""
    title = f"{t['factsheet']} {name}"
    head = [locator(areas, wijk, name, gem_name, lang)] if areas is not None else []
    head += [f"<h1>{html.escape(name)} <small>{html.escape(t['factsheet'])}</small></h1>",
            f'<p class="sub">{html.escape(t["sub"].format(wijk=name, gem=gem_name, years=years))}</p>']  # fmt: skip
    if changes is not None:
        head.append(
            f'<p class="sub changes">'
            f"{html.escape(changes_line(changes, wijk, name, lang, definitions, _methods(ex)))}</p>"
        )
    head.append(_legend(name, gem_name, lang, tests, trends))
    tests = list(dict.fromkeys(tests))
    how = [
        t["how_ci"],
        t["how_mark"].format(
            against=against(lang, tests),
            compared=compared_with(lang, tests, TEST_WORDS[lang], t["or_with"]),
            why=marks_why(lang, tests),
        ),
        t["how_state"],
    ]
    foot = [
        f"<footer><h2>{html.escape(t['how'])}</h2>",
        *(f"<p>{html.escape(x)}</p>" for x in how),
        "</footer>",
    ]
    return _page(title, [*head, *body, *foot, *back], lang)


def block_source(
    theme: str, theme_lines: list[Line], definitions: Definitions, city: str, lang: str
) -> str:
    """The 'Bron:' line of a theme's block: the sources of the measures and definitions its lines
    draw (`report.measure_tables`), in the words of the figures and the dashboard
    (`figure_specs.source_line`: CBS's tables apart from the gemeente's own registrations), not
    every source of the theme (the buurtteam under KOPP, whose lines draw none of it)."""
    from wijkzicht.outputs.figure_specs import source_line
    from wijkzicht.outputs.report import measure_tables

    tables = [
        x for ln in theme_lines for x in measure_tables(ln.measure, definitions, [ln.definition])
    ]
    return source_line(theme, definitions, city, lang, list(dict.fromkeys(tables)))


def _theme_block(p: _Part, theme_lines: list[Line], tests: list[str]) -> list[str]:
    """The heading, who counts, and the table of one theme; the tests behind its marks are
    added to `tests`."""
    t = TEXT[p.lang]
    noun = t["noun"][p.theme]
    who = html.escape(p.definitions.theme(p.theme).describe(p.lang)) + "."
    # the persons counted: the row of the definition the key messages lead with (the same
    # persons in each definition's row), not of the first definition listed
    key = key_definition(p.theme, p.definitions, [ln.definition for ln in theme_lines])
    line = next((ln for ln in theme_lines if ln.definition == key), theme_lines[0])
    count = _count(p.m, line, p.wijk, p.year)
    if count is not None:
        n = p.num(count, "denominator", "count")
        from wijkzicht.outputs.aggregates import of_inhabitants

        # x of the y inhabitants: CBS's Kerncijfers of that year as the reference; newcomers came
        # to live in the wijk during the year, the inhabitants of 1 January beside them
        agg = p.ex.aggregates
        if p.theme == "nieuwkomers":
            of = _inhabitants_then(agg, p.wijk, p.year, p.lang) if agg else ""
            count = t["count_nieuwkomers"]
        else:
            of = of_inhabitants(agg, p.wijk, p.year, p.lang) if agg else ""
            count = t["count"]
        who += " " + count.format(wijk=html.escape(p.name), year=p.year, noun=noun, n=n, of=of)
    per_year = f" {_years(*p.span)}" if p.span[0] != p.span[1] else ""
    out = [f"<section><h2>{html.escape(t['theme'][p.theme])}</h2>", f'<p class="who">{who}</p>',
           '<table><colgroup><col class="label"><col class="val"><col class="val"><col class="chart">'
           '<col class="trend"></colgroup><thead><tr>'
           f"<th>{html.escape(t['share'].format(noun=noun, year=p.year))}</th>"
           f"<th>{html.escape(p.name)}</th><th>{html.escape(p.gem_name)}</th><th></th>"
           f"<th>{html.escape(t['per_year'])}{per_year}</th></tr></thead><tbody>"]  # fmt: skip
    for line in theme_lines:
        row, test = _line(p, line)
        out.append(row)
        if test:
            tests.append(test)
    out.append("</tbody></table>")
    standardised = [ln.measure for ln in theme_lines if ln.method == "direct_std_gamma"]
    if standardised:
        # the standard population: the adults of the gemeente in the first year of these rows
        year = std_year(p.m[p.m["measure"].isin(standardised)])
        note = t["std"].format(std_pop=p.std_pop, std_year=year)
        out.append(f'<p class="note">{html.escape(note)}</p>')
    return out


def _inhabitants_then(agg, wijk: str, year: int, lang: str) -> str:
    """' (ter vergelijking: op 1 januari woonden er <n> mensen, CBS)' from Kerncijfers of `year`,
    cited; '' without a figure of that year (as `aggregates.of_inhabitants`)."""
    from wijkzicht.outputs.aggregates import inhabitants
    from wijkzicht.outputs.document import _html_text
    from wijkzicht.outputs.key_messages import fill

    n = inhabitants(agg, wijk, year)
    k = agg.kwb_row(wijk, year)
    if n is None or k is None or int(k["year"]) != year:
        return ""
    return _html_text(fill(TEXT[lang]["of_nieuwkomers"], n=n), lang)


def _sources_block(agg, wijk: str, name: str, gemeente: str, gem_name: str, lang: str) -> list[str]:
    """The organisation figures of the wijk beside the gemeente's, each with its source line,
    and the wijk's inhabitants from CBS's Kerncijfers (`wijkzicht.outputs.aggregates`)."""
    from wijkzicht.outputs.aggregates import TEXT as AGG_TEXT
    from wijkzicht.outputs.aggregates import factsheet_rows, wijk_line

    rows = factsheet_rows(agg, wijk, gemeente, lang)
    line = wijk_line(agg, wijk, name, lang)
    if not rows and not line:
        return []
    # compact (the page is one A4): a heading row, then one line per figure: what (per 1.000
    # ...), wijk, gemeente and its source line
    title = html.escape(AGG_TEXT[lang]["factsheet"])
    if not rows:
        return [f'<section class="org"><h2>{title}</h2><p class="who">{line}.</p></section>']
    return [
        '<section class="org"><table class="org"><colgroup><col class="label"><col class="val">'
        '<col class="val"><col class="source"></colgroup><thead><tr>'
        f"<th><h2>{title}</h2>{line}</th><th>{html.escape(name)}</th>"
        f"<th>{html.escape(gem_name)}</th><th></th></tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table></section>"
    ]


def _names(ex: Export, wijk: str, gemeente: str) -> tuple[str, str]:
    name, gem = wijk, gemeente
    for m in ex.measures.values():
        w = m[m["area_code"] == wijk]
        g = m[m["area_code"] == gemeente]
        if len(w):
            name = str(w.iloc[0]["area_name"])
        if len(g):
            gem = str(g.iloc[0]["area_name"])
    return name, gem


def _count(m: pd.DataFrame, line: Line, wijk: str, year: int) -> pd.Series | None:
    """The wijk's row whose denominator counts the theme's persons: the line's measure and
    definition counted (method wilson) in `year`."""
    rows = m[(m["measure"] == line.measure) & (m["definition"] == line.definition) & (m["method"] == "wilson")
             & (m["group"] == "totaal") & (m["area_code"] == wijk) & (m["year"] == year)]  # fmt: skip
    if len(rows) and state(rows.iloc[0]) != "suppressed" and pd.notna(rows.iloc[0]["denominator"]):
        return rows.iloc[0]
    return None


def _value_cell(p: _Part, row: pd.Series | None, verdict: str = "", test: str | None = None) -> str:
    """A value (with the wijk's mark) and its interval below, or the word for its state."""
    if row is None:
        return f'<td><span class="state">{TEXT[p.lang]["missing"]}</span></td>'
    s = state(row)
    if s != "ok":
        return f'<td><span class="state">{STATE_WORDS[p.lang][s]}</span></td>'
    ci = ""
    if pd.notna(row["ci_lower"]) and pd.notna(row["ci_upper"]):
        sep = " tot " if p.lang == "nl" else " to "
        ci = f'<span class="ci">{p.num(row, "ci_lower")}{sep}{p.num(row, "ci_upper")}</span>'
    return f'<td class="v">{p.num(row, "value")}{mark(verdict, p.lang, test)}{ci}</td>'


def mark(verdict: str, lang: str, test: str | None = None) -> str:
    """▲ or ▼ for a wijk clearly higher or lower than the city (what `test` compared it with),
    with its words for screen readers; nothing for any other verdict."""
    sign = VERDICT_MARKS.get(verdict)
    if not sign:
        return ""
    words = html.escape(
        TEXT[lang]["clearly"].format(words=verdict_words(lang, verdict, test or ()))
    )
    return f' <span class="mark {verdict}" role="img" aria-label="{words}" title="{words}">{sign}</span>'


def cite(file: str, row: int, col: str, value, kind: str, lang: str) -> str:
    """A number from a cell of the export with the cell's address, as the reports cite numbers
    (`document.Cell`): the tests read the address back and check the number."""
    from wijkzicht.outputs.document import Cell, shown

    cell = Cell(file, int(row), col, float(value), kind)
    attrs = f'data-file="{file}" data-row="{int(row)}" data-col="{col}" data-kind="{kind}"'
    return f'<span class="num" {attrs}>{html.escape(shown(cell, lang))}</span>'


def _at(series: pd.DataFrame, year: int) -> pd.Series | None:
    rows = series[series["year"] == year]
    return rows.iloc[0] if len(rows) else None


def _line(p: _Part, line: Line) -> tuple[str, str | None]:
    """One table row (label, wijk, city, chart, per year) and the test behind its mark."""
    t = TEXT[p.lang]
    ws, cs = _series(p.ex, p.theme, line, p.wijk), _series(p.ex, p.theme, line, p.gemeente)
    w_row, c_row = _at(ws, line.year), _at(cs, line.year)
    verdict, test = _verdict(p.ex, p.theme, line, p.wijk)
    label = _cap(definition_label(p.lang, line.measure, line.definition, p.definitions))
    # a standardised line says so in short (the note under the table in full), as every page
    # that shows the corrected figure beside the crude big number of the key messages
    std = line.method == "direct_std_gamma"
    extra = [ADJUSTED_SHORT[p.lang]] if std else []
    if line.method == "survey_taylor":
        extra.append(f"{t['survey']} {line.year}")
    elif line.year != p.year:
        extra.append(str(line.year))
    if extra:
        label += f" ({', '.join(extra)})"
    # the chart's alternative text: what it shows, in words (a standardised figure: which one)
    said = [_cap(ADJUSTED[p.lang])] if std else []
    said += [f"{p.name}: {_said(w_row, p.lang)}", f"{p.gem_name}: {_said(c_row, p.lang)}"]
    tested = verdict in ("hoger", "lager", "geen_verschil")
    if tested:
        said.append(verdict_words(p.lang, verdict, test or ()))
    chart = dot_chart(w_row, c_row, "; ".join(said) + ".", p.lang)
    row = (f"<tr><td>{html.escape(label)}</td>{_value_cell(p, w_row, verdict, test)}{_value_cell(p, c_row)}"
           f"<td>{chart}</td>{_trend_cell(p, line, ws, cs)}</tr>")  # fmt: skip
    return row, (test if tested else None)


def _said(row: pd.Series | None, lang: str) -> str:
    if row is None:
        return TEXT[lang]["missing"]
    s = state(row)
    if s != "ok":
        return STATE_WORDS[lang][s]
    out = pct(row["value"], lang)
    if pd.notna(row["ci_lower"]) and pd.notna(row["ci_upper"]):
        word = "95%-interval" if lang == "nl" else "95% interval"
        out += f" ({word} {interval(row['ci_lower'], row['ci_upper'], lang)})"
    return out


def _trend_cell(p: _Part, line: Line, ws: pd.DataFrame, cs: pd.DataFrame) -> str:
    """The wijk's first value, the sparkline, its last value, and the trend in words."""
    t = TEXT[p.lang]
    years = sorted({int(y) for y in pd.concat([ws["year"], cs["year"]])})
    ok = ws[[state(r) == "ok" for _, r in ws.iterrows()]]
    verdict = _trend(p.ex, p.theme, line, p.wijk)
    words = verdict_words(p.lang, verdict) if verdict in TREND_VERDICTS else ""
    # the wijk's suppressed years: a gap in its line (or a shorter line) says why in words, on
    # the page and to a screen reader, as a line too short to draw does
    hidden = sorted({int(r["year"]) for _, r in ws.iterrows() if state(r) == "suppressed"})
    joined = ""
    if hidden:
        joined = ", ".join(map(str, hidden[:-1])) + f" {t['and']} " if len(hidden) > 1 else ""
        joined += str(hidden[-1])
    if len(ok) < 2:  # a sentence instead of a line without the wijk: why, when years are hidden
        few = t["few_hidden"].format(years=joined) if hidden else t["few"]
        return f'<td class="trend"><span class="few">{html.escape(few)}</span></td>'
    if verdict == "niet_te_toetsen":
        words = t["untestable"]
    elif words:
        p.trends.append(verdict)
    first, last = ok.iloc[0], ok.iloc[-1]
    # the years of the first and last value when they are not those of the column
    y0, y1 = int(first["year"]), int(last["year"])
    if (y0, y1) != p.span:
        words = f"{_years(y0, y1)}: {words}" if words else _years(y0, y1)
    if hidden:
        gap = t["hidden"].format(years=joined)
        words = f"{gap}; {words}" if words else gap
    alt = t["legend_line"].format(wijk=p.name, gem=p.gem_name)
    if years:
        alt += f", {_years(years[0], years[-1])}"
    if line.method == "direct_std_gamma":
        alt += f", {ADJUSTED[p.lang]}"
    if words:
        alt += f": {words}"
    spark = sparkline(ws, cs, years, _cap(alt) + ".")
    # an end value of another year than its line's first or last (years suppressed there) says
    # its year ('2021: 0,8%'): it read as the last year's (U10: Binnenstad, uitstroom '0,8% ~~~
    # 0,8%', 2022 and 2023 onderdrukt); a survey line, whose years are the waves, says none
    left = (f"{y0}: " if years and y0 != years[0] else "") + p.num(first, "value")
    right = (f"{y1}: " if years and y1 != years[-1] else "") + p.num(last, "value")
    tw = f'<span class="tw">{html.escape(words)}</span>' if words else ""
    return f'<td class="trend">{left} {spark} {right}{tw}</td>'


def _methods(ex: Export) -> dict:
    """Per measure of the export its methods but trends (how a trend is named, `report.trend_label`)."""
    m = pd.concat(list(ex.measures.values()), ignore_index=True)
    m = m[~m["method"].astype(str).str.startswith("trend_")]
    return m.groupby("measure")["method"].unique().to_dict()


def changes_line(changes: pd.DataFrame, wijk: str, name: str, lang: str,
                 definitions: Definitions | None = None, methods: dict | None = None) -> str:  # fmt: skip
    """What changed since the previous release in the figures of wijk `wijk` and its buurten
    (their rows of changes.csv, any table, a trend too; a buurt by its CBS code, whose digits
    start with its wijk's: BU03440603 lies in WK034406, as `themes.table.parents_by_code` has
    it), in one line in the report's words (`report.change_counts`): 'Sinds de vorige uitgave:
    24 nieuwe cijfers over Oost en de buurten daarin (...)'. A figure whose printed value is the
    same is not counted (`report.visible_changes`); one whose interval alone moved is said after
    it (`report.interval_sentence`; U11: 'Zuid: 1 cijfer veranderd' of a model estimate 49%
    (44-53) that became 49% (44-54)); a trend of the wijk said in other words than before, with
    how many (U13 M1: 'Bij 3 trends van Binnenstad zijn de woorden anders; de achterkant zegt
    welke.', `trends_back`; `definitions` and `methods` are the back's)."""
    from wijkzicht.outputs.report import change_counts, interval_sentence, trend_word_changes

    codes = changes["area_code"].astype(str)
    digits = "".join(ch for ch in str(wijk) if ch.isdigit())
    in_wijk = codes.map(
        lambda c: bool(digits) and "".join(ch for ch in c if ch.isdigit()).startswith(digits)
    )
    mine = (codes == str(wijk)) | ((changes["area_level"].astype(str) == "buurt") & in_wijk)
    parts = change_counts(changes[mine], lang)
    if not parts:
        line = TEXT[lang]["changes_none"].format(wijk=name)
    else:
        line = TEXT[lang]["changes"].format(parts=_join(parts, lang), wijk=name)
    interval = interval_sentence(changes[mine], lang)
    n = len(trend_word_changes(changes[codes == str(wijk)]))
    said = TEXT[lang]["trends_front"]
    trends = (said["one"] if n == 1 else said["many"]).format(n=n, wijk=name) if n else ""
    return " ".join(x for x in (line, interval, trends) if x)


def trends_back(changes: pd.DataFrame | None, wijk: str, lang: str,
                definitions: Definitions | None = None, methods: dict | None = None) -> list[str]:  # fmt: skip
    """The back's list of the trends of wijk `wijk` said in other words than in the previous
    release, each with its words then ('kinderen met een ouder met psychofarmaca: geen duidelijke
    trend (was: daalt)', `report.trend_was`); nothing without such a trend (U13 M1)."""
    from wijkzicht.outputs.report import trend_was, trend_word_changes

    if changes is None:
        return []
    rows = trend_word_changes(changes[changes["area_code"].astype(str) == str(wijk)])
    if rows.empty:
        return []
    items = "".join(
        f"<li>{html.escape(trend_was(r, lang, definitions, methods=methods))}</li>"
        for _, r in rows.iterrows()
    )
    return [f"<section><h2>{html.escape(TEXT[lang]['trends_back'])}</h2><ul>{items}</ul></section>"]


def _legend(name: str, gem_name: str, lang: str, tests, trends=()) -> str:
    """The symbols of the page in words; `trends`: the trend verdicts the page says in words,
    said in short (`format.trend_short`) where the page first uses them."""
    t = TEXT[lang]
    said = {k: v.format(wijk=name, gem=gem_name) for k, v in t["legend_symbol"].items()}
    dot = _svg(34, 12, said["dot"], [f'<line x1="3" y1="6" x2="31" y2="6" stroke="{WIJK_COLOUR}" stroke-width="2.5" '
                             f'stroke-linecap="round"/><circle cx="17" cy="6" r="4" fill="{WIJK_COLOUR}" stroke="#fff"/>'])  # fmt: skip
    city = _svg(
        8,
        12,
        said["city"],
        [f'<line x1="4" y1="0" x2="4" y2="12" stroke="{CITY_COLOUR}" stroke-width="2"/>'],
    )
    line = _svg(26, 12, said["line"], ['<line x1="1" y1="7" x2="25" y2="7" stroke="#c8ccd0" stroke-width="0.8" stroke-dasharray="2,2"/>',
                              f'<polyline points="1,7 9,5 17,5.5 25,2" fill="none" stroke="{WIJK_COLOUR}" stroke-width="1.8"/>',
                              f'<polyline points="1,7 9,7 17,6.5 25,6" fill="none" stroke="{CITY_COLOUR}" stroke-width="1.3"/>'])  # fmt: skip
    cut = _svg(8, 12, t["legend_symbol"]["cut"], [arrow(4, 4, True, WIJK_COLOUR)])
    items = [f"{dot} {html.escape(t['legend_dot'].format(wijk=name))}",
             f"{city} {html.escape(t['legend_city'].format(gem=gem_name))}",
             f'<span class="mark hoger">▲</span> <span class="mark lager">▼</span> {html.escape(t["legend_mark"].format(against=against(lang, tests)))}',
             f"{line} {html.escape(t['legend_line'].format(wijk=name, gem=gem_name))}; "
             f"{html.escape(t['legend_scale'])} {cut}"]  # fmt: skip
    short = trend_short(lang, trends)
    if short:
        # the trend rule in full is on the back (`factsheet`)
        words = t["legend_trend"].format(words=short[:1].lower() + short[1:])
        items.append(html.escape(words + t["legend_trend_back"]))
    return '<div class="legend">' + "".join(f"<span>{i}</span>" for i in items) + "</div>"


def _join(words: list[str], lang: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {TEXT[lang]['and']} " + words[-1]


def _alike(ex: Export, wijk: str, name: str, definitions: Definitions, lang: str) -> list[str]:
    """Per theme the wijken among the (at most three) nearest that are clearly like this one,
    each with on how many figures, and what they share and differ in; or, none clearly alike,
    that no wijk is, and the nearest with their counts (`similar_wijken.group_likeness`). A tie
    in distance is said in name order (`similar_wijken.ordered_neighbours`)."""
    t = TEXT[lang]
    out = [f"<section><h2>{html.escape(t['alike'].format(wijk=name))}</h2>",
           f'<p class="who">{html.escape(t["alike_intro"].format(wijk=name))}</p><ul class="alike">']  # fmt: skip
    for theme in THEMES:
        sim = ex.similar[theme]
        near = sim[sim["wijk"] == wijk].sort_values("rank").head(3)
        profile = getattr(ex, "profile", {}).get(theme)
        if not len(near):
            text = html.escape(t["alike_none"])
        elif "n_alike" in near:
            # clearly alike (more than half of the figures close) or said to be none
            named, words = group_likeness(lang, name, near, None if profile is None else
                                          profile.astype({"wijk": str}), definitions)  # fmt: skip
            text = _join([f"<b>{html.escape(n)}</b>{html.escape(c)}" for n, c in named], lang)
            text += html.escape(words)
        else:
            # an export made before n_alike: the three nearest, said as before
            names = [f"<b>{html.escape(str(n))}</b>" for n in near["neighbour_name"]]
            text = _join(names, lang)
            if profile is not None and "differing_indicators" in near:
                shared, apart = group_alike(
                    profile.astype({"wijk": str}), wijk, near["neighbour"].astype(str).tolist()
                )
                text += html.escape(alike_in(lang, shared, definitions, like=name, differing=apart,
                                             n_common=near["n_common"].max()))  # fmt: skip
            else:
                shared = alike_indicators(near["closest_indicators"].tolist())
                text += (
                    html.escape(alike_in(lang, shared, definitions, like=name)) if shared else ""
                )
        out.append(f"<li>{html.escape(t['short'][theme])}: {text}.</li>")
    out.append("</ul></section>")
    return out


def alike_indicators(closest: list[str], n: int = 3) -> list[str]:
    """The `n` indicators shared by most of the similar wijken (each given as its
    `closest_indicators`, 'measure:definition:method;...'), those closest for most of them
    first. A trend and a value of the same definition are two indicators: a wijk may be alike in
    how a figure changes and not in the figure itself (said so by `similar_wijken.alike_in`)."""
    seen: dict[str, list] = {}  # indicator -> [wijken, first position]
    for rank, text in enumerate(closest):
        # a data-quality measure is not said (similar_wijken.is_compared): it takes no place
        items = [i for i in str(text).split(";") if i and i != "nan" and is_compared(i)]
        for pos, ind in enumerate(items):
            seen.setdefault(ind, [set(), (rank, pos)])[0].add(rank)
    return [ind for ind, _ in sorted(seen.items(), key=lambda kv: (-len(kv[1][0]), kv[1][1]))[:n]]


def _page(title: str, body: list[str], lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}\n{PERSONA_CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")  # fmt: skip


LOCATOR = {"nl": "{wijk} op de kaart van {gem}", "en": "{wijk} on the map of {gem}"}


def locator(areas, wijk: str, name: str, gem_name: str, lang: str) -> str:
    """The small map of the city with wijk `wijk` highlighted (`outputs.maps.locator_svg`)."""
    from wijkzicht.outputs.maps import locator_svg

    return locator_svg(areas, wijk, LOCATOR[lang].format(wijk=name, gem=gem_name), width=120)


def write_factsheets(root: Path, definitions: Definitions, paths: list, wijken: Mapping[str, str],
                     *, lang: str, gemeente: str, boundaries: str | Path | None = None,
                     slight: float | None = None, standard: Sequence[str] = (),
                     zorg_steun: Mapping[str, Sequence[str]] | None = None,
                     changes: str | Path | None = None) -> None:  # fmt: skip
    """One factsheet per path; `wijken` maps a path's stem to its wijk code (`page_names`);
    `boundaries` (public geography, optional) gives each page its locator map; `slight`: config
    findings.slight, stated in the trend rule (`factsheet`); `standard`: in a GGD region run
    its gemeenten's names (the standard population, `factsheet`); `changes`: the export's
    changes.csv, a previous release named (the rule's input; None: none named, no line)."""
    from wijkzicht.files import write_text
    from wijkzicht.inputs.boundaries import read_boundaries
    from wijkzicht.outputs.report import read_changes

    ex = Export(Path(root))
    changed = read_changes(changes) if changes is not None else None
    areas = None
    if boundaries is not None:
        areas = read_boundaries(boundaries, "wijk", gemeente, export_wijken(Path(root)))
    for path in paths:
        stem = Path(path).stem
        if stem not in wijken:
            raise KeyError(f"no wijk for factsheet {Path(path).name}")
        write_text(
            factsheet(
                wijken[stem],
                ex,
                definitions,
                lang=lang,
                gemeente=gemeente,
                areas=areas,
                slight=slight,
                standard=standard,
                zorg_steun=zorg_steun,
                changes=changed,
            ),
            path,
        )
