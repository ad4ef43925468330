"""The offline dashboard: one HTML file, built from results/export/ only, that opens from disk.

Everything it needs is inlined: the exported tables as JSON, the Vega-Lite chart specifications
(written with Altair) and the Vega, Vega-Lite and Vega-Embed libraries (the bundle that
vl-convert-python ships). A Content-Security-Policy forbids every network request, so the page
works in the secure environment and on a laptop without internet alike.

Selectors: theme, measure, definition, method, breakdown (group), year and wijk, each offered in
words (labels, never codes). Views, each with a table of the values and intervals beside the
chart, so that no number is only on hover:

- trend: the chosen wijk against the gemeente over the years (a breakdown: one small panel per
  group value), with the trend of each line in words from `<theme>/verschillen.csv`;
- comparison in the chosen year: all wijken sorted by value, the wijken that differ from the rest
  of the city marked ▲/▼ (the test and Holm's correction over the wijken said in a legend line);
  a breakdown: the group values of the wijk beside the gemeente's; the combinations of kopp.overlap
  as a sorted bar chart; a measure with figures for the whole gemeente only is said in a sentence
  (and drawn by its group values when it has a breakdown);
- the buurten of the chosen wijk in the chosen year (group `totaal`: buurt rows have no
  breakdown), sorted by value below the wijk and the gemeente; a measure without buurt rows
  (survey measures, figures of the whole gemeente) is said in a sentence;
- every definition of the measure side by side for the chosen wijk and the gemeente;
- the wijken most like the chosen one (`<theme>/vergelijkbare_wijken.csv`): their distance
  explained, the indicators that make them alike and those they differ most in, in words, and
  their value on the measure.

A published row is in one of three states (`wijkzicht.outputs.format.state`): a value, suppressed
("onderdrukt") or empty ("geen personen"); suppressed and empty values are null, never zero, and are
drawn and tabled with their word; a chart with no value at all, or none beside the gemeente's
(every wijk or buurt suppressed), is a line saying so instead (all suppressed, nobody in the
group, or both, in the words of the report's figures: `TEXT` no_chart), and a layer that no row
passes is left out, so that Vega writes no warning. Every number and word a reader sees is formatted here, in Python,
with `wijkzicht.outputs.format` (Dutch decimal comma, thousands separators); the small script in
`dashboard.js` only filters the inlined rows, fills the tables and hands the rows to Vega-Embed.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import (
    Buurtteam,
    Concentratie,
    Definitions,
    GgzDbc,
    Inkomen,
    Marker,
    Medicijnen,
    Wmo,
)
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.errors import WijkzichtError
from wijkzicht.files import write_text
from wijkzicht.outputs.aggregates import Aggregates, dashboard_section
from wijkzicht.outputs.figures import NOTHING_SHOWN
from wijkzicht.outputs.findings import TESTS, TREND_VERDICTS, WIJK_VERDICTS
from wijkzicht.outputs.format import (
    COLOURS,
    MODEL_BUURT,
    STANDARDISED_COUNTS,
    STANDARDISED_MEANS,
    SUPPRESSED_WHY,
    SURVEY_METHODS,
    VERDICT_MARKS,
    VERDICT_WORDS,
    against,
    compared_with,
    count_withheld,
    interval,
    listing,
    marks_why,
    model_covariates_in_brackets,
    number,
    pct,
    shown,
    state,
    std_compared,
    std_population,
    std_year,
    trend_rule,
    trend_short,
    verdict_words,
)
from wijkzicht.outputs.key_messages import TEST_WORDS, key_definition
from wijkzicht.outputs.labels import (
    definition_conditions,
    definition_label,
    definition_order,
    definition_text,
    group_label,
    group_value_label,
    label,
    list_label,
    method_label,
    plain_definition,
    reference_label,
    theme_label,
)
from wijkzicht.outputs.personas import CSS as PERSONA_CSS
from wijkzicht.outputs.report import MAIN, measure_tables
from wijkzicht.outputs.similar_wijken import (
    TIE_WITHIN,
    alike_and_differing,
    alike_words,
    clearly_alike,
    likeness,
    ordered_neighbours,
)
from wijkzicht.themes.table import parents_by_code
from wijkzicht.themes.trend_rows import SOURCE_METHODS, TREND_METHODS

VEGA_LITE = "6.4"  # the Vega-Lite version of the bundle; Altair 6 writes v6 specifications
RATIO_METHODS = ("ratio_katz", "relative_risk_katz", "logit_glm")
# model estimates (docs/small_area.md): published as whole percentages and shown so (more digits
# would be false precision); their count is the survey's respondents, not the persons counted
MODEL_METHODS = {"modelschatting": 0}
FIELDS = ["theme", "measure", "definition", "year", "area_level", "area_code", "area_name", "group",
          "group_value", "method", "value", "ci_lower", "ci_upper", "n_denominator", "status"]  # fmt: skip
# what the page shows of a row, formatted here: its state, value or state word, interval, count,
# and (wijk rows) the verdict against the rest of the city from verschillen.csv
SHOWN = ["state", "shown", "ci", "n_text", "verdict"]
TREND_FIELDS = ["theme", "measure", "definition", "method", "area_code", "group", "group_value",
                "year", "verdict"]  # fmt: skip
# a breakdown whose values are parts of one whole: drawn as a sorted bar chart of the chosen year
BAR_GROUPS = ("combinatie",)
# breakdowns with an order of their own (ages, income groups): not sorted by value
ORDERED_GROUPS = ("leeftijd", "inkomen")
# a standalone 9-digit number has the shape of a person key: the export gate refuses it
NINE_DIGITS = re.compile(r"(?<![\w.])(\d{9})(?![\w.])")

TEXT = {
    "nl": {
        "title": "Wijkzicht: cijfers per wijk", "theme": "Thema", "measure": "Onderwerp", "definition": "Definitie",
        "method": "Berekening", "group": "Uitsplitsen naar", "year": "Jaar", "wijk": "Wijk",
        "trend": "Ontwikkeling door de jaren", "compare": "Wijken vergeleken", "similar": "Lijken andere wijken op deze wijk?",
        "definitions": "Definities naast elkaar", "buurten": "Buurten van de wijk",
        "buurt_series": "buurten van de wijk",
        "buurt_lead": "De buurten van {wijk} in {year}, {order}.{top}",
        "buurt_by_value": "van hoog naar laag",
        # a model estimate's small differences between buurten mean nothing (MODEL_BUURT): no ranking
        "buurt_by_name": "op naam, niet van hoog naar laag",
        "buurt_top": {"both": " Bovenaan de wijk en de hele gemeente.", "wijk": " Bovenaan de wijk.",
                      "gemeente": " Bovenaan de hele gemeente.", "none": ""},
        "buurt_totaal": "Per buurt is er alleen een cijfer voor alle inwoners samen, niet per groep.",
        "no_buurt": "Dit cijfer is er niet per buurt: in een buurt wonen te weinig mensen, of de cijfers komen uit "
                    "een enquête met te weinig deelnemers per buurt.",
        "model_hint": "Per buurt is er wel een modelschatting: kies bij Berekening ‘modelschatting’.",
        "model_lead": "Modelschatting: geschat met een model uit de antwoorden van de enquête en gegevens die van "
                      "alle inwoners bekend zijn{covariates}. "
                      "De echte waarde ligt waarschijnlijk binnen het 95%-interval. Het aantal is het aantal "
                      "ondervraagden in de enquête; een buurt met te weinig inwoners of deelnemers is onderdrukt. "
                      + MODEL_BUURT["nl"],
        "gemeente": "Gemeente", "selected": "gekozen wijk", "other": "andere wijken", "alike": "dichtst bij de gekozen wijk",
        # the gemeente by its name, as the title, the map and the other pages name it (one name:
        # 'Gemeente Utrecht' in the charts beside 'Utrecht' in the title confused a new user, U4);
        # with the level after it only where a wijk or buurt has the same name
        "reference_series": "referentiegroep", "gemeente_of": "{name}", "gemeente_same": "{name} (gemeente)",
        "scale": "De getallen",
        "axis_pct": "%", "axis_ratio": "verhouding (1 = gelijk)", "one_equal": "1 = gelijk",
        "note": "Alle cijfers komen uit de vrijgegeven tabellen. Waar 'onderdrukt' staat, is het cijfer weggelaten "
                "om de privacy te beschermen: " + SUPPRESSED_WHY["nl"] + ". Waar niemand in de groep zit, staat 'geen personen'. De streep rond een "
                "punt is het 95%-interval: daarbinnen ligt het echte cijfer waarschijnlijk. Onder elke grafiek staan "
                "de cijfers in een tabel.",
        "area": "Gebied", "category": "Groep", "value": "Cijfer", "interval": "95%-interval", "n": "Personen in het gebied (totaal)",
        "n_survey": "Aantal ondervraagden", "n_tip": "In totaal", "n_persons": "{n} personen", "n_respondents": "{n} ondervraagden",
        "difference": "Verschil met {against}", "trend_col": "Ontwikkeling", "rank": "Rang",
        "distance": "Afstand (hoe kleiner, hoe meer de wijk lijkt)", "closest": "Lijken vooral op elkaar in",
        "near_count": "Cijfers dicht bij", "near_cell": "{a} van de {n}", "near_clear": "{a} van de {n}: lijkt duidelijk",
        "differ": "Verschillen het meest in",
        "own": "gekozen wijk",
        "city_only": "Dit cijfer is er alleen voor de hele gemeente, niet per wijk.",
        "city_only_value": "Dit cijfer is er alleen voor de hele gemeente: {area} {value} ({interval} {ci}).",
        "no_rows": "Geen cijfers voor deze keuze.",
        # a chart with rows but no value (dashboard.js noChart), by the state of its rows
        # a chart with rows but no value to draw (dashboard.js noChart): the sentences of a figure
        # of nothing but 'onderdrukt' (figures.NOTHING_SHOWN, as the report's figures and maps
        # say it), by the state of its rows; `nothing_table` after the mixed one
        "no_chart": NOTHING_SHOWN["nl"],
        "nothing_table": "De tabel zegt welke.",
        # the map shows the chosen definition of the theme's main measure; else its main one
        "map_other": "Van deze keuze is er geen kaart per wijk. De kaart toont: {shown}.",
        "one_year": "Dit cijfer is er alleen voor {year}; een ontwikkeling over de jaren is er (nog) niet.",
        "one_definition": "Dit onderwerp heeft één definitie; er is niets naast elkaar te zetten.",
        # the trend words said in short where the page first uses them (format.trend_short)
        "trend_words": "Ontwikkeling van {first} tot {last} — {items}. {short}",
        # the trend rule (format.trend_rule with the configured findings.slight) goes first: `page_text`
        "trend_test": "{rule} Voor elke lijn apart getoetst.",
        # plain words; the test and its correction for the number of wijken are for the reviewer,
        # in the report's reading guide (report.WORDS guide_items)
        # {why}: why a mark and the intervals beside it need not agree (format.marks_why, per method:
        # labels' marks_why; U10 finding 9)
        "marks": "▲ hoger, ▼ lager: in deze wijk duidelijk hoger of lager dan in {against}; dat verschil is "
                 "waarschijnlijk geen toeval. Geen teken: geen duidelijk verschil. {why} Hoe dat is getoetst, "
                 "staat in de leeswijzer van het rapport.",
        "panels_wijk": "Elk vakje is één groep: {area} in kleur, de hele gemeente in grijs.",
        "panels_city": "Elk vakje is één groep van de hele gemeente.",
        "panels_nobody": "Geen vakje voor groepen zonder personen in alle jaren: {groups}.",
        "bars": "De combinaties in {year}, van groot naar klein.",
        "parts_in_table": "De combinaties per jaar staan in de tabel; 'Wijken vergeleken' hieronder zet ze voor het "
                          "gekozen jaar op volgorde van groot naar klein.",
        "reference_note": "Een cijfer boven 1: een grotere kans dan de referentiegroep ({reference}); onder 1: een "
                          "kleinere kans. De referentiegroep zelf staat op 1.",
        "similar_note": "Welke wijken lijken op {wijk}? Vergeleken is het profiel over {n} cijfers van dit thema in "
                        "{year}. De afstand zegt hoe sterk het profiel verschilt: hoe kleiner, hoe meer de wijk lijkt. "
                        "Twee wijken liggen dicht bij elkaar bij een cijfer als het verschil kleiner is dan de helft van "
                        "de gewone spreiding tussen de wijken (een halve standaardafwijking); de kolom 'Cijfers dicht "
                        "bij' telt die cijfers. Een wijk lijkt duidelijk op {wijk} als dat bij meer dan de helft van de "
                        "cijfers zo is. Wijken die bijna even ver weg liggen (minder dan {tie} verschil in afstand), "
                        "staan op dezelfde plaats, op alfabet. "
                        "Bij 'lijken vooral op elkaar in' staan de cijfers waarin de twee wijken het dichtst bij elkaar "
                        "liggen, bij 'verschillen het meest in' de cijfers waarin ze het verst uit elkaar liggen.",
        "similar_city_only": "Dit onderwerp heeft geen cijfers per wijk; de tabel laat zien welke wijken op {wijk} lijken.",
        "no_similar": "Voor deze wijk zijn er geen vergelijkbare wijken te tonen.",
        "no_similar_hidden": "Voor deze wijk zijn er geen vergelijkbare wijken te tonen: te veel cijfers van deze "
                             "wijk zijn onderdrukt (te weinig personen, of anders terug te rekenen) om haar met "
                             "andere wijken te vergelijken.",
        "of": "in",
    },
    "en": {
        "title": "Wijkzicht: figures per wijk", "theme": "Theme", "measure": "Topic", "definition": "Definition",
        "method": "Calculation", "group": "Break down by", "year": "Year", "wijk": "Wijk",
        "trend": "Trend over the years", "compare": "Wijken compared", "similar": "Are other wijken like this one?",
        "definitions": "Definitions side by side", "buurten": "Buurten of the wijk",
        "buurt_series": "buurten of the wijk",
        "buurt_lead": "The buurten of {wijk} in {year}, {order}.{top}",
        "buurt_by_value": "from high to low",
        "buurt_by_name": "by name, not from high to low",
        "buurt_top": {"both": " At the top the wijk and the whole municipality.", "wijk": " At the top the wijk.",
                      "gemeente": " At the top the whole municipality.", "none": ""},
        "buurt_totaal": "Per buurt there is a figure for all residents together only, not per group.",
        "no_buurt": "This figure does not exist per buurt: too few people live in a buurt, or the figures come from a "
                    "survey with too few respondents per buurt.",
        "model_hint": "There is a model estimate per buurt: choose ‘model estimate’ under Calculation.",
        "model_lead": "Model estimate: estimated with a model from the survey answers and data known for every "
                      "resident{covariates}. The true value probably lies "
                      "within the 95% interval. The number is the number of survey respondents; a buurt with too "
                      "few residents or respondents is suppressed. " + MODEL_BUURT["en"],
        "gemeente": "Municipality", "selected": "chosen wijk", "other": "other wijken", "alike": "closest to the chosen wijk",
        "reference_series": "reference group", "gemeente_of": "{name}", "gemeente_same": "{name} (municipality)",
        "scale": "The numbers",
        "axis_pct": "%", "axis_ratio": "ratio (1 = equal)", "one_equal": "1 = equal",
        "note": "All numbers come from the released tables. Where it says 'suppressed', the number is left out to "
                "protect privacy: " + SUPPRESSED_WHY["en"] + ". Where nobody is in the group, it says 'no persons'. The line around a point is "
                "the 95% interval: the true value probably lies within it. Below each chart the numbers are in a table.",
        "area": "Area", "category": "Group", "value": "Value", "interval": "95% interval", "n": "Persons in the area (total)",
        "n_survey": "Number of respondents", "n_tip": "In total", "n_persons": "{n} persons", "n_respondents": "{n} respondents",
        "difference": "Difference with {against}", "trend_col": "Trend", "rank": "Rank",
        "distance": "Distance (the smaller, the more alike)", "closest": "Most alike in", "differ": "Differ most in",
        "near_count": "Figures close", "near_cell": "{a} of {n}", "near_clear": "{a} of {n}: clearly alike",
        "own": "chosen wijk",
        "city_only": "This figure exists for the whole municipality only, not per wijk.",
        "city_only_value": "This figure exists for the whole municipality only: {area} {value} ({interval} {ci}).",
        "no_rows": "No figures for this choice.",
        "no_chart": NOTHING_SHOWN["en"],
        "nothing_table": "The table says which.",
        "map_other": "There is no map by wijk of this choice. The map shows: {shown}.",
        "one_year": "This figure exists for {year} only; there is no trend over the years (yet).",
        "one_definition": "This topic has one definition; there is nothing to put side by side.",
        "trend_words": "Trend from {first} to {last} — {items}. {short}",
        "trend_test": "{rule} Each line tested on its own.",
        "marks": "▲ higher, ▼ lower: in this wijk clearly higher or lower than in {against}; that difference "
                 "is probably not chance. No sign: no clear difference. {why} How it was tested is in the "
                 "report's reading guide.",
        "panels_wijk": "Each panel is one group: {area} in colour, the whole municipality in grey.",
        "panels_city": "Each panel is one group of the whole municipality.",
        "panels_nobody": "No panel for groups without persons in every year: {groups}.",
        "bars": "The combinations in {year}, from large to small.",
        "parts_in_table": "The combinations per year are in the table; 'Wijken compared' below puts them in order "
                          "from large to small for the chosen year.",
        "reference_note": "A value above 1: higher odds than the reference group ({reference}); below 1: lower odds. "
                          "The reference group itself is at 1.",
        "similar_note": "Which wijken are like {wijk}? Compared is the profile over {n} figures of this theme in {year}. "
                        "The distance says how much the profiles differ: the smaller, the more alike. Two wijken lie "
                        "close in a figure when they differ by less than half the usual spread between the wijken (half "
                        "a standard deviation); the column 'Figures close' counts those figures. A wijk is clearly like "
                        "{wijk} when that holds for more than half of the figures. Wijken almost equally far away (less "
                        "than {tie} apart in distance) share a place, in alphabetical order. 'Most alike in' lists the "
                        "figures in which the two wijken lie closest, 'Differ most in' those in which they lie furthest "
                        "apart.",
        "similar_city_only": "This topic has no figures per wijk; the table shows which wijken are like {wijk}.",
        "no_similar": "There are no similar wijken to show for this wijk.",
        "no_similar_hidden": "There are no similar wijken to show for this wijk: too many of its figures are "
                             "suppressed (too few persons, or they could be worked out from other figures) to "
                             "compare it with other wijken.",
        "of": "in",
    },
}  # fmt: skip
# the axis title of each ratio method, with what 1 means
RATIO_AXES = {
    "nl": {"ratio_katz": "verhouding (1 = gelijk)", "relative_risk_katz": "relatief risico (1 = even vaak)",
           "logit_glm": "odds ratio (1 = gelijk aan de referentiegroep)"},
    "en": {"ratio_katz": "ratio (1 = equal)", "relative_risk_katz": "relative risk (1 = equally often)",
           "logit_glm": "odds ratio (1 = equal to the reference group)"},
}  # fmt: skip

CSS = """body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:1em 2em;color:#222;line-height:1.45;font-size:16px}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.4em}
#controls{display:flex;flex-wrap:wrap;gap:.6em 1.2em;padding:.7em;background:#f3f3f3}
#controls label{display:flex;flex-direction:column;font-size:.85em;font-weight:bold}
select{font-size:1rem;max-width:36em;font-weight:normal}
.note{color:#444;font-size:.9em;max-width:60em}.lead{max-width:60em;border-left:4px solid #0072B2;padding-left:.6em}.lead:empty{display:none}
.legend{font-size:.85em;color:#444;max-width:60em}.no-chart{color:#555;font-style:italic;max-width:40em}.source{font-size:.8em;color:#666}
.view{display:flex;flex-wrap:wrap;gap:1em 2em;align-items:flex-start}.chart:empty{display:none}
table{border-collapse:collapse;font-size:.85em;margin:.3em 0;min-width:24em}caption{text-align:left;font-size:.9em;color:#444}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}
td.num{text-align:right;white-space:nowrap}tr.own td{background:#fde9dc}tr.city td{background:#eeeeee}
#describe{max-width:60em}#error{color:#b00}
#describe-detail{max-width:60em;font-size:.85em;color:#444;margin:-.6em 0 1em}#describe-detail summary{cursor:pointer}
#describe-detail p{margin:.3em 0 0 1em}
#controls label,.view>div{max-width:100%;min-width:0}select{max-width:100%}
.chart svg,svg.map{max-width:100%;height:auto}.table{max-width:100%;overflow-x:auto}
@media (max-width:600px){body{margin:.5em .7em}#controls{gap:.5em .8em;padding:.5em}#controls label{flex:1 1 100%}
select{width:100%}table{min-width:0;display:block;overflow-x:auto;max-width:100%}}"""
# a phone lays the page out at its own width (not 980 px zoomed out), with the CSS above: the
# selects, the map, the charts (`fit` in dashboard.js) and the tables fit a 390 px screen
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
# words outside TEXT (which the page inlines whole for its script): the link to the region
# overview (a region run only: the gemeenten side by side; the reader of a gemeente's release
# comes to the dashboard first, so not 'back') and the count of a model estimate
PAGE_TEXT = {
    "nl": {"region_link": "Vergelijk met de andere gemeenten van de regio",
           "model_n": "schatting met model, {n} ondervraagden",
           "model_n_withheld": "schatting met model, aantal ondervraagden onderdrukt"},
    "en": {"region_link": "Compare with the other municipalities of the region",
           "model_n": "model estimate, {n} respondents",
           "model_n_withheld": "model estimate, number of respondents suppressed"},
}  # fmt: skip
BACK_CSS = "nav.back{font-size:.95em;margin:.2em 0 .4em}nav.back a{color:#0b5394}"
SELECTORS = ["theme", "measure", "definition", "method", "group", "year", "wijk"]
THEMES = list(MAIN)
VIEWS = ["trend", "compare", "buurten", "definitions", "similar"]


def _kind(method: str) -> str:
    return "ratio" if method in RATIO_METHODS else "pct"


def _axis(lang: str, kind: str) -> str:
    return TEXT[lang]["axis_pct"] if kind == "pct" else TEXT[lang]["axis_ratio"]


def _tooltips(lang: str, first: list) -> list:
    """The tooltip of a point: what it is (`first`), then its value and interval as on the page."""
    import altair as alt

    t = TEXT[lang]
    return [*first, alt.Tooltip("shown:N", title=t["value"]),
            alt.Tooltip("ci:N", title=t["interval"]), alt.Tooltip("n_tip:N", title=t["n_tip"])]  # fmt: skip


# the filters of the layers: field-equal predicates only, so that dashboard.js can leave out a
# layer with no row to draw (Vega warns "Infinite extent" for a layer without data)
OK = {"field": "ok", "equal": True}
WORD = {"field": "ok", "equal": False}
SELECTED_YEAR = {"field": "selected_year", "equal": True}
REFERENCE = {"and": [{"field": "reference", "equal": True}, OK]}


def _trend_layers(lang: str, kind: str, height: int, panels: bool) -> list:
    import altair as alt

    t = TEXT[lang]
    # the layers of small panels take the rows of their panel from the facet
    data = alt.Undefined if panels else alt.Data(name="rows")
    # years on a number line; each series a little to the side (field `x`), so that intervals
    # do not hide each other; the year rule and the state words stand on the year itself
    axis = alt.Axis(format="d", tickMinStep=1, labelAngle=0, labelFontSize=11, titleFontSize=12)
    scale = alt.Scale(zero=False, nice=False, padding=18 if panels else 24)
    title = None if panels else t["year"]
    x = alt.X("x:Q", title=title, axis=axis, scale=scale)
    year = alt.X("year_n:Q", title=title, axis=axis, scale=scale)
    # the colour scale's domain and range are set per drawing, from the series shown
    colour = alt.Color(
        "series:N", legend=alt.Legend(orient="bottom", title=None, labelFontSize=12, labelLimit=400)
    )
    # small panels carry no axis title (the lead says what the numbers are); a percentage keeps its sign
    ytitle = _axis(lang, kind) if not panels or kind == "pct" else None
    y = alt.Y("lo:Q", title=ytitle, axis=alt.Axis(labelFontSize=11, titleFontSize=12))
    tips = _tooltips(
        lang, [alt.Tooltip("series:N", title=" "), alt.Tooltip("year:O", title=t["year"])]
    )
    layers = [
        alt.Chart(data).transform_filter(SELECTED_YEAR).mark_rule(color="#bbbbbb", strokeDash=[4, 3]).encode(x=year),
        # the interval takes no filter: a row without a value has no interval, and Vega-Lite leaves
        # out a rule at null; the same filter as the line's made Vega-Lite's optimiser warn on panels
        alt.Chart(data).mark_rule(strokeWidth=1.5, opacity=0.6).encode(x=x, y=y, y2="hi:Q", color=colour),
        # the line takes every row: a suppressed or empty year has no value and breaks it there
        # (filtered to the values, it ran straight across the year and suggested one: U4); its
        # points are those with a value
        alt.Chart(data).mark_line(point=True, invalid="break-paths-filter-domains")
        .encode(x=x, y="value:Q", color=colour, tooltip=tips),
        alt.Chart(data).transform_filter(WORD).mark_text(fontSize=9 if panels else 10, angle=270, align="left",
                                                                 baseline="middle")
        .encode(x=x, y=alt.value(height - 4), text="word:N", color=colour),
    ]  # fmt: skip
    if kind == "ratio":
        layers += _one_equal(lang, "y", data, words=not panels)
    return layers


def trend_spec(lang: str, kind: str) -> dict:
    """Lines per series over the years, the interval as a vertical rule, suppressed and empty
    values as their word."""
    import altair as alt

    return (
        alt.layer(*_trend_layers(lang, kind, 200, False))
        .properties(width=560, height=200)
        .to_dict()
    )


def panels_spec(lang: str, kind: str) -> dict:
    """The trend of a breakdown: one small panel per group value (field `panel`, ordered by
    `panel_order`), the chosen area in colour and the gemeente in grey, on one shared scale."""
    import altair as alt

    layered = alt.layer(*_trend_layers(lang, kind, 110, True)).properties(width=170, height=110)
    facet = alt.Facet("panel:N", title=None, sort=alt.EncodingSortField("panel_order", op="min"),
                      header=alt.Header(labelFontSize=12, labelLimit=200, labelFontWeight="bold"))  # fmt: skip
    # each panel its own x axis (on the shared scale): an axis of the bottom row drawn under the
    # columns would stand alone in the empty cells of a last row that is not full
    return (
        layered.facet(facet=facet, columns=4, data=alt.Data(name="rows"))
        .resolve_axis(x="independent")
        .to_dict()
    )


def compare_spec(lang: str, kind: str, pair: bool = False) -> dict:
    """One row per category (wijk, group value or definition): the value with its interval, the
    reference value as a dashed line, suppressed and empty values as their word at the left edge.
    `pair`: two series per category (the wijk and the gemeente), one above the other."""
    import altair as alt

    t = TEXT[lang]
    data = alt.Data(name="rows")
    y = alt.Y("cat:N", sort=alt.EncodingSortField("order"), title=None,
              axis=alt.Axis(labelFontSize=12, labelLimit=320))  # fmt: skip
    offset = {"yOffset": alt.YOffset("series:N")} if pair else {}
    domain = [t["gemeente"], t["selected"], t["other"], t["alike"], t["reference_series"]]
    # colour and shape of a series in one legend (a legend left out of one of them conflicts)
    legend = alt.Legend(orient="bottom", title=None, labelFontSize=12)
    colour = alt.Color("series:N", scale=alt.Scale(domain=domain, range=["#555555", "#D55E00", "#0072B2", "#009E73", "#000000"]),
                       legend=legend)  # fmt: skip
    x = alt.X("lo:Q", title=_axis(lang, kind), axis=alt.Axis(labelFontSize=11, titleFontSize=12))
    tips = _tooltips(lang, [alt.Tooltip("cat:N", title=" "), alt.Tooltip("series:N", title=" ")])
    ok = alt.Chart(data).transform_filter(OK)
    layers = [
        alt.Chart(data).transform_filter(REFERENCE)
        .mark_rule(**REFERENCE_RULE).encode(x=alt.X("value:Q", title=_axis(lang, kind))),
        ok.mark_rule(strokeWidth=2).encode(y=y, x=x, x2="hi:Q", color=colour, **offset),
        ok.mark_point(filled=True, size=70, opacity=1).encode(y=y, x="value:Q", color=colour, shape=alt.Shape(
            "series:N", legend=legend, scale=alt.Scale(domain=domain, range=["diamond", "circle", "circle", "circle", "square"])),
            tooltip=tips, **offset),
        alt.Chart(data).transform_filter(WORD).mark_text(align="left", fontSize=11)
        .encode(y=y, x=alt.value(4), text="word:N", color=colour, **offset),
    ]  # fmt: skip
    if kind == "ratio":
        layers += _one_equal(lang, "x", data, faint=True)
    step = 13 if pair else 22  # with a pair, the step is that of one series
    return alt.layer(*layers).properties(width=480, height=alt.Step(step)).to_dict()


# the gemeente's dashed line in the comparison, which the marks ▲ ▼ compare with: the bold
# reference; a ratio's line at 1 beside it faint (U10 finding 9: a reader compared the wijken
# with the bold 1, the test compared them with the city's 1,03)
REFERENCE_RULE = {"color": "#222222", "strokeDash": [5, 3], "strokeWidth": 2}
ONE_FAINT = {"color": "#b0b0b0", "strokeWidth": 1}
ONE_FAINT_TEXT = "#808080"


def _one_equal(lang: str, channel: str, data, words: bool = True, faint: bool = False) -> list:
    """A line at 1 on a ratio axis, with the words '1 = gelijk' at its end (`words`); `faint`
    beside a reference the marks compare with (the comparison's gemeente line)."""
    import altair as alt

    enc = {channel: alt.datum(1)}
    at = {"y": alt.value(0)} if channel == "x" else {"x": alt.value(2)}
    # drawn once (per panel): the rows counted into one
    one = alt.Chart(data).transform_aggregate(n="count()")
    rule = ONE_FAINT if faint else {"color": "#222222", "strokeWidth": 1.2}
    text = ONE_FAINT_TEXT if faint else "#222222"
    layers = [one.mark_rule(**rule).encode(**enc)]
    if words:
        layers.append(one.mark_text(align="left", dx=3 if channel == "x" else 0, dy=-6, fontSize=11, color=text)
                      .encode(**enc, **at, text=alt.datum(TEXT[lang]["one_equal"])))  # fmt: skip
    return layers


def bars_spec(lang: str) -> dict:
    """Parts of one whole in the chosen year (the combinations of kopp.overlap): horizontal bars
    sorted from large to small (field `order`), the interval as a rule and the value as text at
    the end; suppressed and empty parts as their word."""
    import altair as alt

    data = alt.Data(name="rows")
    y = alt.Y("cat:N", sort=alt.EncodingSortField("order"), title=None,
              axis=alt.Axis(labelFontSize=12, labelLimit=640))  # fmt: skip
    x = alt.X(
        "value:Q", title=_axis(lang, "pct"), axis=alt.Axis(labelFontSize=11, titleFontSize=12)
    )
    ok = alt.Chart(data).transform_filter(OK)
    tips = _tooltips(lang, [alt.Tooltip("cat:N", title=" ")])
    layers = [
        ok.mark_bar(color="#0072B2", height={"band": 0.7}).encode(y=y, x=x, tooltip=tips),
        ok.mark_rule(color="#222222").encode(y=y, x="lo:Q", x2="hi:Q"),
        ok.mark_text(align="left", dx=4, fontSize=11).encode(y=y, x="hi:Q", text="shown:N"),
        alt.Chart(data).transform_filter(WORD).mark_text(align="left", fontSize=11, color="#555555")
        .encode(y=y, x=alt.value(4), text="word:N"),
    ]  # fmt: skip
    return alt.layer(*layers).properties(width=420, height=alt.Step(22)).to_dict()


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _verdicts(root: Path, theme: str) -> pd.DataFrame:
    path = root / theme / "verschillen.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def shown_columns(m: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The columns of SHOWN but `verdict` for the rows of `m`: the state, the value or the word
    for the state (suppressed / no persons), the interval and the count, as the reader sees them.
    A model estimate (MODEL_METHODS) in whole percentages, its count said as what it is: an
    estimate from a model and the survey's respondents in the area."""
    out = []
    for r in m.to_dict("records"):
        s, kind = state(r), _kind(r["method"])
        decimals = MODEL_METHODS.get(r["method"])
        ci = ""
        if s == "ok" and not (pd.isna(r["ci_lower"]) or pd.isna(r["ci_upper"])):
            ci = interval(r["ci_lower"], r["ci_upper"], lang, kind, decimals)
        n = r.get("n_denominator")
        n_text = "" if n is None or pd.isna(n) else number(n, lang)
        if count_withheld(r):  # its wijk's survey row is suppressed, so its respondents too
            n_text = PAGE_TEXT[lang]["model_n_withheld"]
        elif n_text and decimals is not None:
            n_text = PAGE_TEXT[lang]["model_n"].format(n=n_text)
        out.append({"state": s, "shown": shown(r, lang, kind, decimals), "ci": ci,
                    "n_text": n_text})  # fmt: skip
    return pd.DataFrame(out, index=m.index, columns=SHOWN[:-1])


def measure_rows(root: Path, themes: list[str], lang: str = "nl") -> dict:
    """The exported measures of every theme, trend rows left out, as columns and rows; each row
    with what the page shows of it (SHOWN) and, for a wijk, its verdict against the rest of the
    city from `<theme>/verschillen.csv`."""
    key = ["measure", "definition", "year", "area_code", "group", "group_value", "method"]
    frames = []
    for theme in themes:
        m = read_measures_csv(root / theme / "measures.csv")
        m = m[~m["method"].isin(TREND_METHODS)]
        v = _verdicts(root, theme)
        v = v.loc[v["comparison"] == "wijk_vs_gemeente", [*key, "verdict"]]
        m = m.assign(**{c: m[c].astype(str) for c in key}).merge(v, on=key, how="left")
        m["year"] = m["year"].astype(int)
        m["verdict"] = m["verdict"].fillna("")
        frames.append(pd.concat([m, shown_columns(m, lang)], axis=1))
    m = pd.concat(frames, ignore_index=True)
    columns = FIELDS + SHOWN
    rows = [
        [_clean(v) for v in r] for r in m[columns].astype(object).itertuples(index=False, name=None)
    ]
    return {"columns": columns, "rows": rows}


def gemeente_name(measures: dict, gemeente: str) -> str:
    """The name of `gemeente` (GM code) as its exported rows give it (`measure_rows`'s
    columns and rows, area level 'gemeente'); the code when no row names it."""
    col = {c: i for i, c in enumerate(measures["columns"])}
    for r in measures["rows"]:
        if r[col["area_level"]] == "gemeente" and r[col["area_code"]] == gemeente:
            return str(r[col["area_name"]]) or gemeente
    return gemeente


def buurt_wijken(measures: dict) -> dict[str, str]:
    """The wijk of every buurt among the rows, by their CBS codes (BU03440102 lies in WK034401):
    the export holds no geography, and CBS codes nest."""
    level, code = measures["columns"].index("area_level"), measures["columns"].index("area_code")
    areas = {
        lv: sorted({r[code] for r in measures["rows"] if r[level] == lv})
        for lv in ("wijk", "buurt")
    }
    return parents_by_code(areas["buurt"], areas["wijk"])


def trend_rows(root: Path, themes: list[str]) -> dict:
    """The trend verdicts (`stijgt`/`daalt`/`geen_trend`/`niet_te_toetsen`) of every series, from
    `<theme>/verschillen.csv`, with the trend method (see `SOURCE_METHODS`)."""
    rows = []
    for theme in themes:
        v = _verdicts(root, theme)
        v = v[v["comparison"] == "trend"]
        for r in v[TREND_FIELDS].itertuples(index=False, name=None):
            rows.append([*r[:7], int(r[7]), r[8]])
    return {"columns": TREND_FIELDS, "rows": rows}


def similar_rows(
    root: Path, themes: list[str], lang: str, definitions: Definitions | None = None
) -> list[dict]:
    """The most similar wijken per theme, year and wijk, with the distance as a reader sees it
    and the indicators that make them alike (`closest`) and those they differ most in
    (`differ`, `differing_indicators`) in words, as the report and the workbook say them
    (`similar_wijken.alike_words`: the values, two that read the same with their method, then
    the trend indicators in one item, 'hoe de cijfers veranderen bij: ...'). Alike is within
    `statistics.similarity.ALIKE_WITHIN` (half an sd between wijken, said in `similar_note`).
    Per wijk in the order the pages say them (`similar_wijken.ordered_neighbours`): `rank` is the
    place, one for a tie (1, 1, 3), which is said in name order; `said` (with `n_alike` in the
    table) is the report's sentence on the nearest (`similar_wijken.likeness`: 'Geen wijk lijkt
    duidelijk op X', a tie, the counts), the view's first line."""
    out = []
    for theme in themes:
        sim = pd.read_csv(root / theme / "vergelijkbare_wijken.csv", dtype={"wijk": str, "neighbour": str},
                          keep_default_na=False, na_values=[""])  # fmt: skip
        for _, rows in sim.groupby(["year", "wijk"], sort=True):
            # in the order the pages say them, a tie in name order with one place (1, 1, 3), and
            # above them what the report says of the nearest (similar_wijken.likeness: a tie, or
            # that no wijk is clearly alike, with the counts)
            rows = ordered_neighbours(rows)
            said = (
                likeness(lang, str(rows["wijk_name"].iloc[0]), rows, definitions)
                if "n_alike" in rows
                else ""
            )
            for r in rows.itertuples(index=False):
                # a table made before the column: nothing said of where they differ; a figure that
                # reads as one in the other list is said neither (similar_wijken.alike_and_differing)
                closest, differing = alike_and_differing(
                    lang,
                    r.closest_indicators,
                    getattr(r, "differing_indicators", None),
                    definitions,
                )
                # on how many of the figures compared they lie close, and whether that makes the
                # wijk clearly alike (U13 U4: the report, factsheet and workbook gave the count)
                a, n = getattr(r, "n_alike", None), getattr(r, "n_common", None)
                clear = clearly_alike(a, n)
                near = (
                    ""
                    if clear is None
                    else TEXT[lang]["near_clear" if clear else "near_cell"].format(
                        a=number(int(a), lang), n=number(int(n), lang)
                    )
                )
                out.append({
                    "theme": theme, "year": int(r.year), "wijk": r.wijk, "rank": int(r.place), "near": near,
                    "neighbour": r.neighbour, "neighbour_name": r.neighbour_name,
                    "distance": number(float(r.distance), lang, 1), "n_common": int(r.n_common),
                    "closest": alike_words(lang, closest, definitions),
                    "differ": alike_words(lang, differing, definitions),
                    **({"said": said} if said else {}),
                })  # fmt: skip
    return out


# the definition texts of the dashboard: first a plain sentence with names only (what the
# definition counts, the conditions by their labels), then, smaller and folded away, the exact
# definition (the object's description with its thresholds) and the codes behind it, for the
# epidemiologist who checks it against the codelists and the source tables; the plain sentence
# is `labels.plain_definition` (one builder for the dashboard, the report and the workbook), the
# words of the folded part are here
PLAIN = {
    "nl": {
        "detail": "Precieze definitie en codes",
        "codes": "Codes: {items}.",
        "tables": "CBS-tabellen: {tables}.",
        "medicijnen": "{label}: ATC-codes uit codelijst {codelist}",
        "circuit": "circuits uit codelijst {codelist}",
        "diagnosis": "hoofddiagnoses uit codelijst {codelist}",
        "wmo": "{label}: Wmo-voorzieningen {codes}",
        "team": "{label}: buurtteam {codes}",
        "inkomen": "{label}: percentiel {lo} tot en met {hi} van het huishoudinkomen (INHP100HBEST)",
        "uitstroom": "uitstroom: Wmo-voorzieningen {codes}",
    },
    "en": {
        "detail": "Exact definition and codes",
        "codes": "Codes: {items}.",
        "tables": "CBS tables: {tables}.",
        "medicijnen": "{label}: ATC codes from codelist {codelist}",
        "circuit": "circuits from codelist {codelist}",
        "diagnosis": "main diagnoses from codelist {codelist}",
        "wmo": "{label}: Wmo provisions {codes}",
        "team": "{label}: neighbourhood team {codes}",
        "inkomen": "{label}: percentiles {lo} to {hi} of household income (INHP100HBEST)",
        "uitstroom": "left: Wmo provisions {codes}",
    },
}  # fmt: skip


def definition_codes(lang: str, measure: str, key: str, definitions: Definitions) -> list[str]:
    """The codes behind definition `key` of `measure`: codelists (ATC codes, GGZ circuits and
    diagnoses), Wmo provisions (also of a newcomer's uitstroom) and buurtteam teams by their
    codes, income percentiles."""
    obj = definitions.definition(measure, key)
    t = PLAIN[lang]
    out = []
    for c in definition_conditions(obj):
        label = c.label(lang)
        if isinstance(c, Medicijnen):
            out.append(t["medicijnen"].format(label=label, codelist=c.codelist))
        elif isinstance(c, GgzDbc):
            lists = []
            if c.circuit_codelist:
                lists.append(t["circuit"].format(codelist=c.circuit_codelist))
            if c.diagnosis_codelist:
                lists.append(t["diagnosis"].format(codelist=c.diagnosis_codelist))
            out.append(f"{label}: " + ", ".join(lists))
        elif isinstance(c, Wmo):
            out.append(t["wmo"].format(label=label, codes=", ".join(c.voorzieningen)))
        elif isinstance(c, Buurtteam):
            out.append(t["team"].format(label=label, codes=", ".join(c.teams)))
        elif isinstance(c, Inkomen):
            out.append(t["inkomen"].format(label=label, lo=c.percentile_min, hi=c.percentile_max))
    marker = getattr(obj, "marker", obj)
    if isinstance(marker, Marker):
        for u in dict.fromkeys(u for m in (marker, *marker.any_of) for u in m.uitstroom):
            out.append(t["uitstroom"].format(codes=", ".join(u.voorzieningen), days=u.days))
    return out


def exact_definition(lang: str, measure: str, key: str, definitions: Definitions) -> str | None:
    """The definition's exact description (what each condition is, the thresholds; a marker of
    other markers with theirs), its codes (`definition_codes`) and the CBS tables that
    definition is made from (`report.measure_tables`), for the folded part under the plain
    sentence; None when unknown."""
    text = definition_text(lang, measure, key, definitions)
    if not text:
        return None
    t = PLAIN[lang]
    obj = definitions.definition(measure, key)
    marker = obj.marker if isinstance(obj, Concentratie) else obj
    parts = [f"{text}."]
    if marker is not obj:
        parts.append(f"{marker.describe(lang)}.")
    if isinstance(marker, Marker):
        parts += [f"{m.describe(lang)}." for m in marker.any_of]
    codes = definition_codes(lang, measure, key, definitions)
    if codes:
        parts.append(t["codes"].format(items="; ".join(codes)))
    parts.append(t["tables"].format(tables=", ".join(measure_tables(measure, definitions, [key]))))
    return " ".join(parts)


def _describe(lang: str, definitions: Definitions, pairs: list[tuple[str, str]]) -> dict:
    """Every definition shown as a plain sentence (`plain_definition`), keyed
    `measure|definition`; the method is shown beside it (crude and standardised figures)."""
    texts = {f"{m}|{d}": plain_definition(lang, m, d, definitions) for m, d in pairs}
    return {k: v for k, v in texts.items() if v}


def _detail(lang: str, definitions: Definitions, pairs: list[tuple[str, str]]) -> dict:
    """Every definition's exact description and codes (`exact_definition`), keyed
    `measure|definition`: the folded part under its plain sentence."""
    texts = {f"{m}|{d}": exact_definition(lang, m, d, definitions) for m, d in pairs}
    return {k: v for k, v in texts.items() if v}


def _references(lang: str, definitions: Definitions, rows: list[dict]) -> dict:
    """The reference group of each breakdown of the odds ratios, in words (the youngest age
    band from the bands shown)."""
    odds = [r for r in rows if r["method"] == "logit_glm"]
    groups = dict.fromkeys(r["group"] for r in odds)
    return {
        g: reference_label(
            lang, g, [r["group_value"] for r in odds if r["group"] == g], definitions
        )
        for g in groups
    }


def source_lines(lang: str, definitions: Definitions, pairs, city: str = "", models=(),
                 small_area: dict | None = None) -> dict:  # fmt: skip
    """The 'Bron:' lines of the views, in the words of the figures (`figure_specs.source_line`:
    CBS's tables apart from the gemeente's own registrations): `of` per `measure|definition`
    (the trend, the wijken and the buurten draw one definition), `measure` per measure (the
    definitions side by side), `theme` per theme (the similar wijken: a profile over the
    theme), `model` per `measure|definition` of the `models` measures (a model estimate: the
    tables of its covariates too, from `small_area`). Each names the sources of what it draws
    (`report.measure_tables`)."""
    from wijkzicht.outputs.figure_specs import source_line

    def line(measure: str, keys=None, method=None) -> str:
        tables = measure_tables(measure, definitions, keys, method, small_area)
        return source_line(measure.split(".")[0], definitions, city, lang, tables)

    return {
        "of": {f"{m}|{d}": line(m, [d]) for m, d in pairs},
        "model": {f"{m}|{d}": line(m, [d], "modelschatting") for m, d in pairs if m in models},
        "measure": {m: line(m) for m in dict.fromkeys(m for m, _ in pairs)},
        "theme": {t: source_line(t, definitions, city, lang) for t in THEMES},
    }


def std_notes(
    lang: str, rows: list[dict], city: str = "", standard: Sequence[str] = ()
) -> dict[str, str]:
    """{measure: what its standardised figure is} for every measure with standardised rows, in
    the words of the report's reading guide (format.STANDARDISED_MEANS): the standard is the
    adults of `city` in `format.std_year` of the measure's rows (the run's first year), in a GGD
    region run those of its gemeenten `standard` together (`format.std_population`), the crude
    share says how many people it really is."""
    std_pop = std_population(lang, city, standard)
    years = {
        m: std_year([r for r in rows if r["measure"] == m]) for m in {r["measure"] for r in rows}
    }
    compared = std_compared(lang, standard)  # a region run: the gemeenten too
    return {m: STANDARDISED_MEANS[lang].format(std_pop=std_pop, std_year=y, std_counts=STANDARDISED_COUNTS[lang],
                                               std_compared=compared).strip()
            for m, y in sorted(years.items()) if y is not None}  # fmt: skip


def labels(lang: str, definitions: Definitions, measures: dict, city: str = "",
           small_area: dict | None = None, standard: Sequence[str] = ()) -> dict:  # fmt: skip
    """The words of the page's script: labels of the codes, definitions, verdicts, tests and
    'Bron:' lines (`city`: the gemeente's name, naming its own registrations there; `small_area`
    the model's covariates, whose tables a model estimate's line names; `standard`: in a GGD
    region run its gemeenten's names, the standard population of the standardised figures)."""
    rows = [dict(zip(measures["columns"], r, strict=True)) for r in measures["rows"]]
    pairs = sorted({(r["measure"], r["definition"]) for r in rows})
    groups = sorted({(r["group"], str(r["group_value"])) for r in rows})
    # what a wijk was compared with and by which test, in the report's words (key_messages.TEST_WORDS)
    compared = {m: compared_with(lang, [t], TEST_WORDS[lang], "") for m, t in TESTS.items()}
    methods = sorted({r["method"] for r in rows})
    return {
        "theme": {t: theme_label(lang, t) for t in THEMES},
        "measure": {m: label(lang, m) for m, _ in pairs},
        "definition": {f"{m}|{d}": definition_label(lang, m, d, definitions) for m, d in pairs},
        "method": {m: method_label(lang, m) for m in methods},
        "ratio_axis": RATIO_AXES[lang],
        # breakdowns and their groups stand alone in menus, tables and charts: sentence case
        "group": {g: list_label(group_label(lang, g)) for g, _ in groups},
        "value": {
            f"{g}|{v}": list_label(group_value_label(lang, g, v, definitions)) for g, v in groups
        },
        "reference": _references(lang, definitions, rows),
        "describe": _describe(lang, definitions, pairs),
        "detail": _detail(lang, definitions, pairs),
        "detail_head": PLAIN[lang]["detail"],
        # trends in words; a wijk's verdict per method, naming what its test compared it with
        "verdict": {v: verdict_words(lang, v) for v in VERDICT_WORDS[lang]},
        "verdict_of": {
            m: {v: verdict_words(lang, v, TESTS.get(m, ())) for v in WIJK_VERDICTS} for m in methods
        },  # fmt: skip
        "against": {m: against(lang, TESTS.get(m, ())) for m in methods},
        # the charts draw the wijken's intervals, the tables the city's beside them
        "marks_why": {m: marks_why(lang, TESTS[m]) for m in methods if m in TESTS},
        "mark": VERDICT_MARKS,
        "compared": compared,
        "source": source_lines(
            lang, definitions, pairs, city, model_measures(measures), small_area
        ),
        "std": std_notes(lang, rows, city, standard),
    }


@cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script, with no number shaped like a person key.

    The bundle holds one such literal (134217729, a constant of Vega's float arithmetic); it is
    written in hexadecimal, the same number to JavaScript, so that the export gate passes it.
    """
    import vl_convert as vlc

    code = vlc.javascript_bundle(vl_version=VEGA_LITE)
    return NINE_DIGITS.sub(lambda m: hex(int(m[1])), code)


def _json(value) -> str:
    text = json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return text.replace("</", "<\\/")


@cache
def specs(lang: str) -> dict:
    """The chart specifications of every view, for shares (`pct`) and ratios."""
    kinds = ("pct", "ratio")
    return {"trend": {k: trend_spec(lang, k) for k in kinds}, "panels": {k: panels_spec(lang, k) for k in kinds},
            "compare": {k: compare_spec(lang, k) for k in kinds},
            "pair": {k: compare_spec(lang, k, pair=True) for k in kinds}, "bars": {"pct": bars_spec(lang)}}  # fmt: skip


def main_definitions(measures: dict, definitions: Definitions) -> dict[str, str]:
    """{main measure: its definition the map and the key messages show} of every theme whose main
    measure (`catalogue.MAIN`) has rows: what the page chooses when a theme is chosen, so that the
    menus show what the map above them draws (`key_messages.key_definition`)."""
    cols = measures["columns"]
    m, d = cols.index("measure"), cols.index("definition")
    out = {}
    for theme, (measure, _) in MAIN.items():
        present = [r[d] for r in measures["rows"] if r[m] == measure]
        chosen = key_definition(theme, definitions, present) if present else None
        if chosen is not None:
            out[measure] = chosen
    return out


def definition_orders(measures: dict, definitions: Definitions) -> dict[str, list[str]]:
    """{measure: its definitions in the order every page lists them (`labels.definition_order`)}:
    the definition menu and the view of the definitions side by side take this order, not the
    export's (its rows are sorted by name: 'breed' first, last in the workbook and reports)."""
    cols = measures["columns"]
    m, d = cols.index("measure"), cols.index("definition")
    keys: dict[str, list[str]] = {}
    for r in measures["rows"]:
        keys.setdefault(r[m], []).append(r[d])
    return {ms: definition_order(ms, ds, definitions) for ms, ds in keys.items()}


def model_measures(measures: dict) -> list[str]:
    """The measures with model estimates (method modelschatting, docs/small_area.md)."""
    cols = measures["columns"]
    m, method = cols.index("measure"), cols.index("method")
    return sorted({r[m] for r in measures["rows"] if r[method] == "modelschatting"})


def assets(lang: str) -> dict:
    """What the page holds that depends on no data, only on the code and `lang`: the Vega
    script (`bundle`, `javascript_bundle`), the chart specifications (`specs`) and the
    number format (`locale`). Making them costs about 4 CPU s (vl_convert, altair), so the
    workflow makes them once, in rule dashboard_assets, and a new year does not redo them."""
    import vl_convert as vlc

    locale = vlc.get_format_locale("nl-NL" if lang == "nl" else "en-GB")
    return {"lang": lang, "bundle": javascript_bundle(), "specs": specs(lang), "locale": locale}


def write_assets(path: str | Path, lang: str) -> None:
    """`assets(lang)` as one JSON file (what `build(assets_file=...)` reads)."""
    write_text(json.dumps(assets(lang), ensure_ascii=False, sort_keys=True), path)


def read_assets(path: str | Path, lang: str) -> dict:
    """The assets written by `write_assets`; a WijkzichtError when they were made for another
    language than the page's."""
    got = json.loads(Path(path).read_text(encoding="utf-8"))
    if got.get("lang") != lang:
        raise DashboardAssetsError(
            f"{path}: dashboard assets of language {got.get('lang')!r}, the page is {lang!r}; "
            "rerun rule dashboard_assets"
        )
    return got


class DashboardAssetsError(WijkzichtError, ValueError):
    """The dashboard's assets file does not fit the page (another language)."""


def page_text(lang: str, slight: float | None = None, small_area: dict | None = None,
              definitions: Definitions | None = None) -> dict:  # fmt: skip
    """TEXT[lang] as the page's script gets it: the legend of a trend states the trend rule
    (`format.trend_rule`) with `slight`, the configured share under which a change is slight
    (config findings.slight, a params of rule dashboard; None: the default); the lead of a model
    estimate names the model's data from `small_area` ({"factors", "flags"} of config
    small_area, `format.model_covariates_in_brackets`, as the report and the workbook; None: no list)."""
    t = TEXT[lang]
    covariates = model_covariates_in_brackets(lang, small_area, definitions)
    return {**t, "trend_test": t["trend_test"].format(rule=trend_rule(lang, slight)),
            # the trend words of a lead in short, by its verdicts (the wijk's and the city's,
            # sorted, joined by |): one wording for every page, made here (format.trend_short)
            "trend_short": {"|".join(sorted({v, w})): trend_short(lang, [v, w])
                            for v in TREND_VERDICTS for w in TREND_VERDICTS},
            "model_lead": t["model_lead"].format(covariates=covariates),
            # the share of distance within which wijken tie (similar_wijken.TIE_WITHIN); {wijk},
            # {n} and {year} are the script's
            "similar_note": t["similar_note"].replace("{tie}", pct(TIE_WITHIN, lang, 0))}  # fmt: skip


def data(root: Path, definitions: Definitions, *, lang: str, gemeente: str,
         fixed: dict | None = None, slight: float | None = None,
         small_area: dict | None = None, standard: Sequence[str] = (),
         zorg_steun: dict | None = None) -> dict:  # fmt: skip
    """Everything the page's script gets: the rows, the labels, the texts and the chart specs
    (those and the locale from `fixed`, `assets(lang)`, made here when None); `slight`: the
    share under which a trend is slight, stated in the trend's legend (`page_text`);
    `zorg_steun`: config personas.zorg_steun, the conditions the persona line names for care
    and support (`persona_sources`)."""
    fixed = assets(lang) if fixed is None else fixed
    measures = measure_rows(root, THEMES, lang)
    return {
        "lang": lang, "gemeente": gemeente, "colours": COLOURS, "selectors": SELECTORS,
        "text": page_text(lang, slight, small_area, definitions),
        "ratio_methods": list(RATIO_METHODS), "trend_methods": SOURCE_METHODS, "bar_groups": list(BAR_GROUPS),
        "ordered_groups": list(ORDERED_GROUPS), "main_methods": {m: method for m, method in MAIN.values()},
        "main_measures": {t: m for t, (m, _) in MAIN.items()}, "main_definitions": main_definitions(measures, definitions),
        "definition_order": definition_orders(measures, definitions),
        "survey_methods": list(SURVEY_METHODS), "model_methods": list(MODEL_METHODS),
        "measures": measures, "trends": trend_rows(root, THEMES), "similar": similar_rows(root, THEMES, lang, definitions),
        "buurt_wijk": buurt_wijken(measures),
        "model_measures": model_measures(measures),
        "personas": persona_cards(root, THEMES, lang),
        "persona_source": persona_sources(root, THEMES, definitions, gemeente_name(measures, gemeente), lang,
                                          zorg_steun),
        "labels": labels(lang, definitions, measures, gemeente_name(measures, gemeente), small_area, standard),
        "specs": fixed["specs"],
        "locale": fixed["locale"],
    }  # fmt: skip


# the note says the counts are rounded only when personas.csv says they were (its column
# rounding_base; a card says 'ongeveer' for a rounded count only, outputs.personas.is_rounded)
PERSONA_TEXT = {
    "nl": {"head": "Persona's",
           "note": "Voorbeeldpersonen van het gekozen thema in de gekozen wijk: de meest "
                   "voorkomende combinaties van kenmerken in de doelgroep. Samengestelde beelden, "
                   "geen echte personen.",
           "base": " Aantallen afgerond op veelvouden van {base}.",
           "rounded": " Aantallen met 'ongeveer' zijn afgerond."},
    "en": {"head": "Personas",
           "note": "Example persons of the chosen theme in the chosen wijk: the most common "
                   "combinations of features in the target group. Composite pictures, not real "
                   "people.",
           "base": " Counts rounded to multiples of {base}.",
           "rounded": " Counts said with 'about' are rounded."},
}  # fmt: skip


def persona_rounding(root: Path, themes: list[str]) -> set[int | None]:
    """The bases the counts of the exported persona tables were rounded to (column
    rounding_base; 0: exact; None: a table without the column, rounded to an unknown base)."""
    from wijkzicht.outputs.personas import read_personas

    out: set[int | None] = set()
    for theme in themes:
        path = Path(root) / theme / "personas.csv"
        if path.exists():
            table = read_personas(path)
            if "rounding_base" not in table:
                out.add(None)
            else:
                out |= {int(float(b)) if b.strip() and float(b) > 1 else 0
                        for b in table["rounding_base"]}  # fmt: skip
    return out


def persona_cards(root: Path, themes: list[str], lang: str) -> dict:
    """{theme: {area code: the cards of the area as HTML (outputs.personas)}} of the latest year
    of each `<theme>/personas.csv` in the export; a theme without the table is left out."""
    from wijkzicht.outputs.personas import cards_html, read_personas

    out: dict[str, dict[str, str]] = {}
    for theme in themes:
        path = Path(root) / theme / "personas.csv"
        if path.exists():
            table = read_personas(path)
            out[theme] = {code: cards_html(table, theme, code, lang)
                          for code in dict.fromkeys(table["area_code"])}  # fmt: skip
    return out


def persona_sources(root: Path, themes: list[str], definitions: Definitions, city: str,
                    lang: str, zorg_steun: dict | None = None) -> dict[str, str]:  # fmt: skip
    """{theme: the 'Bron:' line of its persona cards} of each `<theme>/personas.csv` in the
    export (`figure_specs.persona_source`, of the whole table: the line of every area's cards;
    `zorg_steun`: config personas.zorg_steun, the conditions its care categories are made of)."""
    from wijkzicht.outputs.figure_specs import persona_source
    from wijkzicht.outputs.personas import read_personas

    out = {}
    for theme in themes:
        path = Path(root) / theme / "personas.csv"
        if path.exists():
            out[theme] = persona_source(
                read_personas(path), theme, definitions, city, lang, zorg_steun
            )
    return out


def persona_section(lang: str, bases: set[int | None] = frozenset()) -> str:
    """The section the script fills with the cards of the chosen theme and wijk; `bases`
    (`persona_rounding`) says in its note whether and to what the counts were rounded."""
    t = PERSONA_TEXT[lang]
    head, note = t["head"], t["note"]
    rounded = bases - {0}
    if len(rounded) == 1 and None not in rounded and 0 not in bases:
        note += t["base"].format(base=next(iter(rounded)))
    elif rounded:
        note += t["rounded"]
    return (f'<section id="section-personas"><h2>{html.escape(head)}</h2>'
            f'<p class="note">{html.escape(note)}</p><div id="personas-cards"></div>'
            '<p class="source" id="source-personas"></p></section>')  # fmt: skip


CHANGES_TEXT = {
    "nl": {"themes": "{name}: {parts}.",
           "other": {"organisaties": "Cijfers van organisaties", "kerncijfers": "Inwoners volgens de basisregistratie"},
           "where": "Alle verschillen staan in het bestand changes.csv; het rapport van elk thema noemt de grootste."},
    "en": {"themes": "{name}: {parts}.",
           "other": {"organisaties": "Figures of organisations", "kerncijfers": "Inhabitants in the population register"},
           "where": "Every difference is in the file changes.csv; each theme's report names the largest."},
}  # fmt: skip


def changes_section(changes, lang: str, measures: pd.DataFrame | None = None,
                    definitions: Definitions | None = None) -> str:  # fmt: skip
    """What changed since the previous release, in short (the report's section 'Wat is
    veranderd' in full): why a figure can change, per theme (and the organisation figures and the
    register's inhabitants, when they changed) how many figures changed in each way
    (`report.change_counts`: a figure whose printed value changed; one whose interval alone
    moved said apart, `report.interval_part`; a trend said in other words, with its words then,
    `report.trend_part`), the themes without a change in one line after
    them (nothing changed at all: one sentence), a definition the previous release did not have by its name
    (`report.new_definitions_note`, with this release's `measures` and the `definitions`), and
    where every change is. `changes`: changes.csv, its path or table; '' for None (no previous
    release named: no section)."""
    from wijkzicht.outputs.report import (
        WORDS,
        change_counts,
        interval_part,
        new_definitions_note,
        new_years_sentence,
        read_changes,
        trend_part,
    )

    if changes is None:
        return ""
    ch = changes if isinstance(changes, pd.DataFrame) else read_changes(changes)
    t, w = CHANGES_TEXT[lang], WORDS[lang]
    methods = None
    if measures is not None and "method" in measures:
        shares = measures[~measures["method"].astype(str).str.startswith("trend_")]
        methods = shares.groupby("measure")["method"].unique().to_dict()
    items, unchanged = [], []
    for theme in [*THEMES, *t["other"]]:
        mine = ch[ch["theme"] == theme]
        new = ""
        if measures is not None and definitions is not None and theme in THEMES:
            new = new_definitions_note(mine, measures, definitions, lang)
        parts = change_counts(mine, lang, added=new)
        name = t["other"].get(theme) or theme_label(lang, theme)
        # a figure whose interval alone moved, said apart (its printed value is the same)
        interval = interval_part(mine, lang)
        # a trend said in other words than before, with its words then (U13 M1)
        trends = trend_part(mine, lang, definitions, area=True, methods=methods)
        if parts or interval:
            said = listing(lang, parts) if parts else w["no_figure_changed"]
            said += f"; {interval}" if interval else ""
            said += f"; {trends}" if trends else ""
            items.append(t["themes"].format(name=name, parts=said))
        elif theme in THEMES:
            unchanged.append(name)
    # the themes without a change said once, after those that changed (report.WORDS unchanged)
    if not items:
        items = [w["unchanged_all"]]
    elif unchanged:
        items.append(w["unchanged"].format(measures=listing(lang, unchanged)))
    lis = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return (f'<section id="section-changes"><h2>{html.escape(w["changes"])}</h2>'
            f'<p class="note">{html.escape(w["changes_why"])}</p>'
            + (f"<p>{html.escape(line)}</p>" if (line := new_years_sentence(ch, lang)) else "")
            + f'<ul>{lis}</ul>'
            f'<p class="source">{html.escape(t["where"])}</p></section>')  # fmt: skip


def build(root: Path, definitions: Definitions, *, lang: str, gemeente: str,
          boundaries: str | Path | None = None, map_source: str = "", region: str = "",
          assets_file: str | Path | None = None, slight: float | None = None,
          small_area: dict | None = None, standard: Sequence[str] = (),
          zorg_steun: dict | None = None, changes=None) -> str:  # fmt: skip
    """The dashboard page from the export directory `root`; labels and explanations of the
    definitions come from `definitions`; with `boundaries` (public geography) a map view of each
    theme's main measure per wijk (`outputs.maps.dashboard_section`), `map_source` naming them.
    `region`: in a region run, the URL of the gemeente's copy of the region overview relative
    to the page (`regio/overzicht.html`, in the gemeente's release too), linked above the
    title; empty in a single run (no link, the page unchanged). `assets_file`: the file of `write_assets` (rule dashboard_assets); None:
    the assets are made here (the same page). `slight`: config findings.slight, stated in the
    trend rule (None: the default); `small_area` the model estimates' covariates (`page_text`);
    `standard`: in a GGD region run its gemeenten's names (the standard population, `std_notes`);
    `zorg_steun`: config personas.zorg_steun (the persona line's care conditions, `persona_sources`).
    `changes`: the export's changes.csv (a previous release named; the rule's input), said in
    short in a last section (`changes_section`); None: no section."""
    fixed = assets(lang) if assets_file is None else read_assets(assets_file, lang)
    t = TEXT[lang]
    controls = "".join(
        f'<label>{html.escape(t[s])}<select id="sel-{s}" name="{s}"></select></label>'
        for s in SELECTORS
    )
    sections = (
        "".join(
            f'<section id="section-{v}"><h2>{html.escape(t[v])}</h2><p class="note" id="title-{v}"></p>'
            # the similar view's answer (similar_wijken.likeness) in a paragraph of its own, above
            # how to read the view (U13 U4: one paragraph held both)
            + (f'<p class="lead" id="answer-{v}"></p>' if v == "similar" else "")
            + f'<p class="lead" id="lead-{v}"></p><div class="view"><div class="chart" id="view-{v}"></div>'
            f'<div class="table" id="table-{v}"></div></div><p class="legend" id="legend-{v}"></p>'
            f'<p class="source" id="source-{v}"></p></section>'
            for v in VIEWS
        )
        + persona_section(lang, persona_rounding(root, THEMES))
    )
    policy = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:"
    script = (
        resources.files("wijkzicht.outputs").joinpath("dashboard.js").read_text(encoding="utf-8")
    )
    payload = data(root, definitions, lang=lang, gemeente=gemeente, fixed=fixed, slight=slight,
                   small_area=small_area, standard=standard, zorg_steun=zorg_steun)  # fmt: skip
    # organisation figures and CBS's public figures, each with its source line (static)
    agg = Aggregates.read_if_present(root)
    sections += dashboard_section(agg, lang) if agg is not None else ""
    if changes is not None:  # this release's rows, trends too, for the new definitions' names
        every = [
            read_measures_csv(p) for t in THEMES if (p := Path(root) / t / "measures.csv").exists()
        ]
        sections += changes_section(changes, lang, pd.concat(every) if every else None, definitions)
    css = CSS
    if boundaries is not None:
        from wijkzicht.outputs import maps

        sections = maps.dashboard_section(root, definitions, boundaries, lang=lang, gemeente=gemeente,
                                          source=map_source, themes=THEMES) + sections  # fmt: skip
        css += maps.DASHBOARD_CSS
    # the gemeente named in the title: in a region run every gemeente has its own dashboard
    title = f"{t['title']} | {gemeente_name(payload['measures'], gemeente)}"
    back = ""
    if region:
        css += BACK_CSS
        back = (f'<nav class="back"><a href="{html.escape(region)}">'
                f'{html.escape(PAGE_TEXT[lang]["region_link"])} &rarr;</a></nav>\n')  # fmt: skip
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">{VIEWPORT}'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<title>{html.escape(title)}</title><style>{css}{PERSONA_CSS}</style></head><body>\n"
        f'{back}<h1>{html.escape(title)}</h1><p class="note">{html.escape(t["note"])}</p>\n'
        f'<form id="controls">{controls}</form><p id="describe"></p><details id="describe-detail" hidden><summary></summary><p></p></details><p id="error"></p>\n{sections}\n'
        f'<script type="application/json" id="wz-data">{_json(payload)}</script>\n'
        f'<script type="module">{fixed["bundle"]}</script>\n<script type="module">{script}</script>\n'
        "</body></html>\n"
    )


def write(
    root: Path,
    definitions: Definitions,
    path: str | Path,
    *,
    lang: str,
    gemeente: str,
    boundaries: str | Path | None = None,
    map_source: str = "",
    region: str = "",
    assets_file: str | Path | None = None,
    slight: float | None = None,
    small_area: dict | None = None,
    standard: Sequence[str] = (),
    zorg_steun: dict | None = None,
    changes=None,
) -> int:
    """Build the dashboard from the export `root` and write it atomically; returns its size in
    bytes. With `boundaries` it has a map view, with `region` a link to the region
    overview, with `assets_file` the assets of rule dashboard_assets, with `slight` the
    configured findings.slight in the trend rule (see `build`)."""
    page = build(root, definitions, lang=lang, gemeente=gemeente, boundaries=boundaries,
                 map_source=map_source, region=region, assets_file=assets_file,
                 slight=slight, small_area=small_area, standard=standard,
                 zorg_steun=zorg_steun, changes=changes)  # fmt: skip
    write_text(page, path)
    return len(page.encode("utf-8"))
