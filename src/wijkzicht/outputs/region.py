"""The region overview of a GGD region run (config `gemeenten`): per gemeente the headline figure
of each theme in its latest year with its trend, and the survey's figure (K10) where published,
side by side, how many persons each figure counts, and a region total where it follows from
the published counts alone; with a link to each gemeente's dashboard.

Built from the gemeenten's exported measures tables only (`results/export/<GM>/<theme>/
measures.csv`, after their export gates), never from internal files. The headline figure of a
theme is the one its report leads with and its map shows (`catalogue.MAIN`: measure and method;
`key_messages.key_definition`: the definition), group `totaal`, at the level of the gemeente.

The table (`overzicht.csv`, `region_rows`) holds those rows exactly as the gemeente's own table
publishes them (the measures columns, a suppressed row with its status and no numbers): the
headline series of every year, its trend row, and the survey's series (`SURVEY`) and trend, so
the export gate checks it as a measures table and the page's trend words follow from it
(`findings.trend_verdicts`, the words of the other pages). The region total ('Regio samen') is
the sum of the gemeenten's published counts of a share (method wilson) with its Wilson interval,
only when every gemeente published its row of that year: a total beside a suppressed row would
give that row away by a subtraction. A standardised or survey figure is not a sum of counts, so
it has no total; the page says both. The page (`overzicht.html`) shows a suppressed figure as
'onderdrukt' and a figure without persons as 'geen personen' (`outputs.format.state`).

Two pages: the region's own (`results/export/regio/`), each gemeente's name linking to its
dashboard, and each gemeente's copy for its own release (`results/export/<GM>/regio/`, `own`):
the same table, only its own gemeente linked (its dashboard is the one file of the release the
page links to), so the page works when the gemeente shares its release alone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.outputs.catalogue import MAIN
from wijkzicht.outputs.findings import SLIGHT, trend_verdicts
from wijkzicht.outputs.format import (
    STATE_WORDS,
    SUPPRESSED_WHY,
    interval,
    number,
    shown,
    state,
    trend_rule,
    verdict_means,
    verdict_words,
)
from wijkzicht.outputs.key_messages import WORDS as KEY_WORDS
from wijkzicht.outputs.key_messages import key_definition
from wijkzicht.outputs.labels import (
    definition_label,
    label,
    method_label,
    source_labels,
    theme_label,
)
from wijkzicht.outputs.report import measure_tables
from wijkzicht.statistics.proportions import wilson
from wijkzicht.themes.table import COLUMNS, TOTAAL
from wijkzicht.themes.trend_rows import SOURCE_METHODS

# per theme the survey's headline figure beside the registers' (measure, method): the share of
# adults with high psychological distress (K10) of the Gezondheidsmonitor, in its waves
SURVEY = {"migratie": ("migratie.k10_hoog", "survey_taylor")}
# the gemeenten named in the title up to this many; above it their number
NAMED = 4

TEXT = {
    "nl": {
        "lead": "Het belangrijkste cijfer van elk thema voor de {n} gemeenten van de regio, in het "
                "laatste jaar. Klik op de naam van een gemeente: haar dashboard laat de cijfers per "
                "wijk zien.",
        # a gemeente's copy in its own release: only its own dashboard is in the release
        "lead_own": "Het belangrijkste cijfer van elk thema voor de {n} gemeenten van de regio, in "
                    "het laatste jaar. Klik op {name} voor het dashboard met de cijfers per wijk. "
                    "De andere gemeenten geven hun eigen dashboard uit.",
        "back": "Terug naar het dashboard van {name}",
        # a gemeente's copy: its name in the title and beside its own row
        "title_own": "{name} en de andere gemeenten van de regio",
        "own": "(uw gemeente)",
        "gemeente": "Gemeente",
        "share": "percentage van alle {subject}",
        "year": "in {year}",
        "interval": "95%-interval: {interval}",
        "legend_interval": "95%-interval: het echte cijfer ligt waarschijnlijk tussen deze twee "
                           "getallen.",
        "legend_suppressed": "Onderdrukt: " + SUPPRESSED_WHY["nl"] + ". Zo is niemand te "
                             "herkennen.",
        "legend_empty": "Geen personen: niemand in deze groep.",
        "legend_missing": "Niet berekend: dit cijfer is voor deze gemeente niet gemaakt.",
        # one standard population for every gemeente: the adults of all the region's gemeenten
        # together (rule migratie_standard), so the gemeenten compare fairly
        "legend_method": {"direct_std_gamma": "Gecorrigeerd voor leeftijd en geslacht: berekend "
                          "alsof elke gemeente dezelfde opbouw naar leeftijd en geslacht heeft als alle "
                          "volwassenen van de regio samen. Zo tellen verschillen in leeftijd en geslacht "
                          "tussen de gemeenten niet mee."},
        # two gemeenten's figures are independent, but the page tests no difference: how to
        # read two intervals side by side, and what an overlap does not say
        "legend_compare": "Gemeenten vergelijken: liggen de 95%-intervallen van twee gemeenten niet "
                          "over elkaar, dan verschillen hun cijfers duidelijk. Liggen ze wel over "
                          "elkaar, dan weet u het niet zeker: ook dan kan er een verschil zijn. Op "
                          "deze pagina is het verschil niet getoetst.",
        "missing": "niet berekend",
        "source": "Bron: CBS-microdata ({tables}); bewerking wijkzicht.",
        "caption": "Het belangrijkste cijfer van elk thema, per gemeente",
        # the title: the region (config region_name, else its gemeenten) and the years shown
        "title_region": "{region}: de gemeenten vergeleken, {years}",
        "region_named": "Regio {name}",
        "region_names": "Regio {names}",
        "region_many": "De {n} gemeenten van de regio",
        "years": "{first} tot {last}",
        "and": " en ",
        "lead_trend": " Onder elk cijfer staat hoe het zich ontwikkelde sinds het eerste jaar.",
        "trend": "Ontwikkeling {first} tot {last}: {words}",
        "trend_legend": "Ontwikkeling: ",
        "sizes_caption": "Hoeveel personen elk cijfer telt, per gemeente",
        "size_sub": "in het cijfer over {theme}, {year}",
        "respondents": "Ondervraagd",
        "respondents_sub": "in de Gezondheidsmonitor, {year}",
        "total": "Regio samen",
        "total_none": "niet opgeteld",
        "legend_total": "Regio samen: de gepubliceerde aantallen van de gemeenten opgeteld. Alleen "
                        "waar elke gemeente haar cijfer van dat jaar publiceert: naast een "
                        "onderdrukt cijfer kan iemand met het totaal dat cijfer terugrekenen.",
        "legend_total_none": "Niet opgeteld: {what}. Dat is geen optelsom van aantallen, dus er "
                             "is geen cijfer voor de regio samen.",
        "not_summed": {"direct_std_gamma": "het cijfer over {theme} is per gemeente gecorrigeerd "
                                           "voor leeftijd en geslacht",
                       "survey_taylor": "het cijfer uit de Gezondheidsmonitor ({label}) is een "
                                        "gewogen schatting"},
        "legend_withheld": "Geen totaal voor {themes}: het cijfer van {gemeenten} is onderdrukt "
                           "of ontbreekt.",
    },
    "en": {
        "lead": "The key figure of each theme for the {n} municipalities of the region, in the "
                "latest year. Click the name of a municipality: its dashboard shows the figures "
                "per wijk.",
        "lead_own": "The key figure of each theme for the {n} municipalities of the region, in the "
                    "latest year. Click {name} for the dashboard with the figures per wijk. The "
                    "other municipalities publish their own dashboard.",
        "back": "Back to the dashboard of {name}",
        "title_own": "{name} and the other municipalities of the region",
        "own": "(your municipality)",
        "gemeente": "Municipality",
        "share": "percentage of all {subject}",
        "year": "in {year}",
        "interval": "95% interval: {interval}",
        "legend_interval": "95% interval: the true figure probably lies between these two numbers.",
        "legend_suppressed": "Suppressed: " + SUPPRESSED_WHY["en"] + ". This way nobody can be "
                             "recognised.",
        "legend_empty": "No persons: nobody in this group.",
        "legend_missing": "Not computed: this figure was not made for this municipality.",
        "legend_method": {"direct_std_gamma": "Adjusted for age and sex: computed as if every "
                          "municipality had the same make-up by age and sex as all adults of the "
                          "region together. This way differences in age and sex between the "
                          "municipalities do not count."},
        "legend_compare": "Comparing municipalities: where the 95% intervals of two municipalities "
                          "do not overlap, their figures clearly differ. Where they overlap, you "
                          "cannot be sure: there may still be a difference. The difference is not "
                          "tested on this page.",
        "missing": "not computed",
        "source": "Source: CBS microdata ({tables}); processed by wijkzicht.",
        "caption": "The key figure of each theme, per municipality",
        "title_region": "{region}: the municipalities compared, {years}",
        "region_named": "Region {name}",
        "region_names": "Region {names}",
        "region_many": "The {n} municipalities of the region",
        "years": "{first} to {last}",
        "and": " and ",
        "lead_trend": " Below each figure: how it developed since the first year.",
        "trend": "Trend {first} to {last}: {words}",
        "trend_legend": "Trend: ",
        "sizes_caption": "How many persons each figure counts, per municipality",
        "size_sub": "in the figure on {theme}, {year}",
        "respondents": "Respondents",
        "respondents_sub": "in the Health Monitor, {year}",
        "total": "Region together",
        "total_none": "not summed",
        "legend_total": "Region together: the published counts of the municipalities added up. "
                        "Only where every municipality publishes its figure of that year: beside "
                        "a suppressed figure, the total would let anyone work that figure out.",
        "legend_total_none": "Not summed: {what}. That is not a sum of counts, so there is no "
                             "figure for the region together.",
        "not_summed": {"direct_std_gamma": "the figure on {theme} is adjusted for age and sex "
                                           "per municipality",
                       "survey_taylor": "the figure of the Health Monitor ({label}) is a "
                                        "weighted estimate"},
        "legend_withheld": "No total for {themes}: the figure of {gemeenten} is suppressed or "
                           "missing.",
    },
}  # fmt: skip
# how a headline figure was computed, in plain words on the page (a crude share needs none);
# another method is named by its label (`labels.method_label`)
METHOD_WORDS = {
    "nl": {"wilson": "", "direct_std_gamma": "gecorrigeerd voor leeftijd en geslacht",
           "survey_taylor": "gewogen, uit de Gezondheidsmonitor"},
    "en": {"wilson": "", "direct_std_gamma": "adjusted for age and sex",
           "survey_taylor": "weighted, from the Health Monitor"},
}  # fmt: skip

CSS = """body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:1em 2em;color:#1a1a1a;line-height:1.45;font-size:16px}
h1{font-size:1.5em;color:#1f4e79;margin-bottom:.2em}.lead{max-width:60em;border-left:4px solid #0072B2;padding-left:.6em}
.wrap{overflow-x:auto}table{border-collapse:collapse;margin:1em 0}caption{text-align:left;color:#444;font-size:.9em;padding:.2em 0}
th,td{border:1px solid #ccc;padding:.35em .7em;vertical-align:top;text-align:left}th{background:#f3f3f3}
td.num{text-align:right;white-space:nowrap}.trend{display:block;font-size:.8em;color:#1a1a1a;font-weight:normal;white-space:normal}
tr.total th,tr.total td{border-top:2px solid #777;background:#f7f7f7}td.state{color:#555;font-style:italic}.ci{display:block;font-size:.8em;color:#555;font-weight:normal}
.legend,.source{font-size:.85em;color:#444;max-width:60em}.legend{padding-left:1.2em}.source{color:#666}
@media (max-width:600px){body{margin:.6em .7em;font-size:15px}thead{display:none}table,caption,tbody,tr,th,td{display:block}
tr{margin:0 0 1em;border:1px solid #ccc}th,td{border:none;border-top:1px solid #e3e3e3}td{display:flex;flex-direction:column}
td.num{text-align:left;white-space:normal}td::before{content:attr(data-title);order:-2;font-weight:bold;font-style:normal;color:#1a1a1a}
td::after{content:attr(data-sub);order:-1;font-size:.8em;color:#555;font-style:normal;margin-bottom:.2em}}"""  # fmt: skip
# a gemeente's copy: the link back to its dashboard, as the dashboard's link here looks
BACK_CSS = "nav.back{font-size:.95em;margin:.2em 0 .4em}nav.back a{color:#0b5394}"
# a gemeente's copy: its own row stands out in both tables, bold and in the colour of the chosen
# wijk on the dashboard, with '(uw gemeente)' after its name (`_own_mark`)
OWN_CSS = "tr.own th,tr.own td{background:#fde9dc;font-weight:bold}span.own{font-weight:normal;white-space:nowrap}"


def _rows(
    measures: pd.DataFrame, theme: str, gemeente: str, measure: str, method: str,
    definitions: Definitions,
) -> pd.DataFrame:  # fmt: skip
    """The rows of `measure` computed by `method` of `gemeente` (group totaal, area level
    gemeente) in its key definition (`key_definition`; for a measure without it, the first
    definition of the table), every year, as published; a one-definition empty frame when the
    table has none."""
    m = measures[
        (measures["measure"] == measure)
        & (measures["method"] == method)
        & (measures["group"] == TOTAAL)
        & (measures["area_level"] == "gemeente")
        & (measures["area_code"] == gemeente)
    ]
    if m.empty:
        return m[COLUMNS]
    definition = key_definition(theme, definitions, m["definition"])
    if not (m["definition"] == definition).any():
        definition = m["definition"].iloc[0]
    return m[m["definition"] == definition][COLUMNS]


def headline(measures: pd.DataFrame, theme: str, gemeente: str, definitions: Definitions):
    """The headline row of `theme` for `gemeente` from its published `measures` (as read by
    `disclosure.export.read_measures_csv`): measure and method `catalogue.MAIN[theme]`, the
    key definition, group totaal, area level gemeente, the latest year with such a row.
    Returns a one-row DataFrame with the measures COLUMNS, or an empty one when the table has
    no such row."""
    m = _rows(measures, theme, gemeente, *MAIN[theme], definitions)
    if m.empty:
        return m
    return m[m["year"] == m["year"].max()]


def overview(
    tables: Mapping[str, Mapping[str, pd.DataFrame]], definitions: Definitions
) -> pd.DataFrame:
    """The headline rows of the latest year: for each gemeente of `tables` ({gemeente code:
    {theme: its published measures table}}, in region order) and each theme (in catalogue
    order) its headline row, unchanged (`headline`). Rows ordered by gemeente (region order),
    then theme."""
    rows = [
        headline(tables[gm][theme], theme, gm, definitions)
        for gm in tables
        for theme in MAIN
        if theme in tables[gm]
    ]
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(rows, ignore_index=True)


def _columns(theme: str) -> list[tuple[str, str]]:
    """The figures of a theme on the page, as (measure, method): its headline, then the
    survey's (`SURVEY`)."""
    return [MAIN[theme], *([SURVEY[theme]] if theme in SURVEY else [])]


def region_rows(
    tables: Mapping[str, Mapping[str, pd.DataFrame]], definitions: Definitions
) -> pd.DataFrame:
    """The overview table (`overzicht.csv`): for each gemeente of `tables` (region order), each
    theme (catalogue order) and each of its figures (`_columns`), the published rows of every
    year (`_rows`) followed by the trend row of that series (method `trend_rows.SOURCE_METHODS`,
    the same definition), unchanged. The latest year's headline rows are `overview`'s."""
    parts = []
    for gm in tables:
        for theme in MAIN:
            if theme not in tables[gm]:
                continue
            measures = tables[gm][theme]
            for measure, method in _columns(theme):
                rows = _rows(measures, theme, gm, measure, method, definitions)
                if rows.empty:
                    continue
                parts.append(rows.sort_values("year", kind="stable"))
                trend = _rows(measures, theme, gm, measure, SOURCE_METHODS[method], definitions)
                parts.append(trend[trend["definition"] == rows["definition"].iloc[0]])
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True)


def _cell(row, lang: str, about: str, trend: str = "") -> str:
    """A figure's cell; `about`: its column's heading as attributes (shown above it on a phone);
    `trend`: its trend in words, below it."""
    t = TEXT[lang]
    s = state(row)
    below = f'<span class="trend">{html.escape(trend)}</span>' if trend else ""
    if s != "ok":
        return f'<td class="state"{about}>{html.escape(STATE_WORDS[lang][s])}{below}</td>'
    value = html.escape(shown(row, lang))
    ci = ""
    if pd.notna(row["ci_lower"]) and pd.notna(row["ci_upper"]):
        words = t["interval"].format(interval=interval(row["ci_lower"], row["ci_upper"], lang))
        ci = f'<span class="ci">{html.escape(words)}</span>'
    return f'<td class="num"{about}>{value}{ci}{below}</td>'


def _heading(
    theme: str,
    years: list[int],
    lang: str,
    definitions: Definitions | None = None,
    shown: Sequence[str] = (),
    figure: tuple[str, str] | None = None,
) -> tuple[str, str]:
    """A figure's column heading as (title, line below it): the theme's title (the measure's
    name for a survey figure, `figure`, other than the headline), and the same way for every
    figure, what it is (the measure, unless the title says it; a percentage of whom; the
    definition `shown`, by its label, unless the measure's name says it; how it was computed in
    plain words) and its year."""
    t = TEXT[lang]
    measure, method = figure or MAIN[theme]
    name = label(lang, measure)
    title = theme_label(lang, theme) if (measure, method) == MAIN[theme] else name
    how = METHOD_WORDS[lang].get(method, method_label(lang, method))
    what = t["share"].format(subject=KEY_WORDS[lang]["subject"].get(theme, ""))
    # which definition: KOPP's brede definitie, not its GGZ one (a new user could not tell)
    defs = [definition_label(lang, measure, d, definitions) for d in dict.fromkeys(shown)]
    defs = [d for d in defs if d.lower() not in name.lower()]
    year = t["year"].format(year=", ".join(map(str, years)))
    sub = ", ".join(x for x in (what, *defs, how, year) if x)
    # the measure named too when the theme's title does not say it already
    return title, sub[:1].upper() + sub[1:] if title.startswith(name) else f"{name}: {sub}"


def _mid(words: str) -> str:
    """A title inside a sentence: its first letter small, unless it starts an abbreviation
    ('Kinderen van ...' -> 'kinderen van ...', 'GGZ-zorg' stays)."""
    return words[:1].lower() + words[1:] if words[1:2].islower() else words


def _join(names: Sequence[str], lang: str) -> str:
    """'A, B en C'."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + TEXT[lang]["and"] + names[-1]


def _years(years: Sequence[int], lang: str) -> str:
    """'2021 tot 2023', or the one year."""
    first, last = min(years), max(years)
    return str(first) if first == last else TEXT[lang]["years"].format(first=first, last=last)


def _total(rows: pd.DataFrame, gemeenten: Sequence[str]):
    """The region total of one share figure's latest rows (one per gemeente): the sum of the
    published counts, its Wilson interval, as a row for `_cell`; None when a gemeente has no
    row, not one year, or a row not published (suppressed): beside it, the total would give
    it away (a sum of suppressed cells is never shown)."""
    if len(rows) != len(gemeenten) or rows["year"].nunique() != 1:
        return None
    if any(state(r) == "suppressed" for _, r in rows.iterrows()):
        return None
    x = pd.to_numeric(rows["numerator"]).fillna(0).sum()
    n = pd.to_numeric(rows["denominator"]).fillna(0).sum()
    p, lo, hi, _ = (float(v) for v in wilson(x, n))
    return {"status": "ok", "value": p, "ci_lower": lo, "ci_upper": hi, "numerator": x,
            "denominator": n, "n_denominator": n, "method": "wilson", "year": rows["year"].iloc[0]}  # fmt: skip


def overview_html(
    table: pd.DataFrame,
    gemeenten: Sequence[str],
    names: Mapping[str, str],
    dashboards: Mapping[str, str],
    definitions: Definitions,
    *,
    lang: str,
    own: str = "",
    region: str = "",
    slight: float = SLIGHT,
) -> str:
    """The overview page: one row per gemeente (its name linking to `dashboards[code]`, a path
    relative to the page; a gemeente not in `dashboards` by its name alone), one column per
    figure (`_columns`, `_heading`) with its latest figure and 95% interval, or the word for a
    suppressed or empty figure, and below it its trend in the pages' words (from its trend row,
    `findings.trend_verdicts` with `slight`); a row 'Regio samen' where a share's published
    counts add up (`_total`); a second table of how many persons each figure counts (its
    denominator; the survey's respondents); below the tables what the interval, the words, the
    trend words, the total and the correction mean (each once, only when the page shows it),
    and a 'Bron:' line. `table` is `region_rows`' (or `overview`'s: no trend then); `names`
    maps gemeente code -> name. The title names the region (`region`, config region_name, else
    its gemeenten, or their number above NAMED) and the years shown. `own`: the gemeente whose
    release holds this copy of the page (`dashboards` then links its dashboard alone): a link
    back to it above the title, its name in the title, its row marked '(uw gemeente)' and
    coloured, and the lead says the other gemeenten publish their own dashboard. Counts stay
    digits ('de 2 gemeenten'), as on the other pages."""
    t = TEXT[lang]
    trends = table[table["method"].isin(SOURCE_METHODS.values())] if len(table) else table
    figures = table[~table["method"].isin(SOURCE_METHODS.values())] if len(table) else table
    verdicts = {}
    if len(trends):
        v = trend_verdicts(table, slight)
        verdicts = {
            (r["measure"], r["definition"], r["area_code"], r["method"]): r["verdict"]
            for _, r in v.iterrows()
        }
    cols = []  # (theme, measure, method) with rows
    for theme in MAIN:
        for fig in _columns(theme):
            if (
                len(figures)
                and ((figures["measure"] == fig[0]) & (figures["method"] == fig[1])).any()
            ):
                cols.append((theme, *fig))
    if not len(figures):
        cols = [(theme, *MAIN[theme]) for theme in MAIN]
    latest, series = {}, {}
    for _, measure, method in cols:
        sel = figures[(figures["measure"] == measure) & (figures["method"] == method)]
        for gm in gemeenten:
            rows = sel[sel["area_code"] == gm]
            if len(rows):
                latest[gm, measure] = rows[rows["year"] == rows["year"].max()].iloc[0]
                series[gm, measure] = rows
    head = [f'<th scope="col">{html.escape(t["gemeente"])}</th>']
    about, all_years = {}, set()
    for theme, measure, method in cols:
        rows = [latest[gm, measure] for gm in gemeenten if (gm, measure) in latest]
        years = sorted({int(r["year"]) for r in rows})
        all_years |= {int(y) for gm in gemeenten if (gm, measure) in series
                      for y in series[gm, measure]["year"]}  # fmt: skip
        shown_defs = [str(r["definition"]) for r in rows]
        title, sub = (
            html.escape(x)
            for x in _heading(theme, years, lang, definitions, shown_defs, (measure, method))
        )
        head.append(f'<th scope="col">{title}<span class="ci">{sub}</span></th>')
        about[measure] = f' data-title="{title}" data-sub="{sub}"'
    body, shown_states, n_ok, shown_verdicts = [], set(), dict.fromkeys(about, 0), []

    def trend_text(gm: str, measure: str, method: str) -> str:
        rows = series.get((gm, measure))
        if rows is None or rows["year"].nunique() < 2:
            return ""
        row = latest[gm, measure]
        verdict = verdicts.get((measure, row["definition"], gm, SOURCE_METHODS[method]))
        if verdict is None:
            return ""
        shown_verdicts.append(verdict)
        years = [int(y) for y in rows["year"]]
        words = verdict_words(lang, verdict)
        return t["trend"].format(first=min(years), last=max(years), words=words)

    for gm in gemeenten:
        name = html.escape(names.get(gm, gm))
        link = f'<a href="{html.escape(dashboards[gm])}">{name}</a>' if gm in dashboards else name
        mine = gm == own  # a gemeente's copy: its own row marked
        cells = [f'<th scope="row">{_own_mark(link, mine, lang)}</th>']
        for _theme, measure, method in cols:
            row = latest.get((gm, measure))
            if row is None:
                shown_states.add("missing")
                cells.append(f'<td class="state"{about[measure]}>{html.escape(t["missing"])}</td>')
            else:
                shown_states.add(state(row))
                n_ok[measure] += state(row) == "ok"
                cells.append(_cell(row, lang, about[measure], trend_text(gm, measure, method)))
        row_class = ' class="own"' if mine else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    # the region total: a share's published counts added up, where every gemeente published
    totals, withheld, not_summed = [], [], []
    for theme, measure, method in cols:
        if method != "wilson":
            not_summed.append((theme, measure, method))
            totals.append(f'<td class="state"{about[measure]}>{html.escape(t["total_none"])}</td>')
            continue
        rows = pd.DataFrame([latest[gm, measure] for gm in gemeenten if (gm, measure) in latest])
        total = _total(rows, gemeenten) if len(rows) else None
        if total is None:
            withheld.append(theme)
            totals.append(f'<td class="state"{about[measure]}>{html.escape(t["total_none"])}</td>')
        else:
            totals.append(_cell(total, lang, about[measure]))
    if len(gemeenten) > 1 and len(figures):
        body.append(f'<tr class="total"><th scope="row">{html.escape(t["total"])}</th>'
                    f"{''.join(totals)}</tr>")  # fmt: skip
    legend = [t["legend_interval"]] if "ok" in shown_states else []
    legend += [t[f"legend_{s}"] for s in ("suppressed", "empty", "missing") if s in shown_states]
    legend += [t["legend_method"][m] for m in dict.fromkeys(c[2] for c in cols)
               if m in t["legend_method"]]  # fmt: skip
    if max(n_ok.values(), default=0) > 1:  # two gemeenten's figures: how to compare them
        legend.append(t["legend_compare"])
    if shown_verdicts:
        legend.append(t["trend_legend"] + trend_rule(lang, slight))
    if "niet_te_toetsen" in shown_verdicts:  # a suppressed year or trend row: no trend said
        legend.append(verdict_means(lang, "niet_te_toetsen"))
    notes = []  # what the row 'Regio samen' holds and why a figure has no total
    if len(gemeenten) > 1 and len(figures):
        if any(c[2] == "wilson" for c in cols):
            notes.append(t["legend_total"])
        if withheld:
            blocked = [
                names.get(gm, gm)
                for gm in gemeenten
                if any(
                    (gm, MAIN[th][0]) not in latest
                    or state(latest[gm, MAIN[th][0]]) == "suppressed"
                    for th in withheld
                )
            ]
            notes.append(t["legend_withheld"].format(
                themes=_join([theme_label(lang, th) for th in withheld], lang),
                gemeenten=_join(blocked, lang)))  # fmt: skip
        whats = [
            t["not_summed"][method].format(theme=_mid(theme_label(lang, theme)),
                                           label=label(lang, measure))
            for theme, measure, method in not_summed
            if method in t["not_summed"]
        ]  # fmt: skip
        if whats:
            notes.append(t["legend_total_none"].format(what="; ".join(whats)))
    items = "".join(f"<li>{html.escape(x)}</li>" for x in legend)
    total_items = "".join(f"<li>{html.escape(x)}</li>" for x in notes)
    total_notes = f'<ul class="legend totals">{total_items}</ul>\n' if notes else ""
    sizes = _sizes_html(cols, gemeenten, names, latest, lang, own)
    # the tables of the figures shown (their measure, definition and method), not every table
    # of the theme: no survey in the line when no survey figure is shown
    tables = [
        tbl
        for theme, measure, method in cols
        for tbl in measure_tables(
            measure, definitions,
            list(dict.fromkeys(figures.loc[figures["measure"] == measure, "definition"])) or None,
            method,
        )
    ]  # fmt: skip
    source = t["source"].format(tables=", ".join(dict.fromkeys(source_labels(lang, tables))))
    shown_names = [names.get(gm, gm) for gm in gemeenten]
    if region:
        where = t["region_named"].format(name=region)
    elif len(gemeenten) <= NAMED:
        where = t["region_names"].format(names=_join(shown_names, lang))
    else:
        where = t["region_many"].format(n=len(gemeenten))
    years = _years(sorted(all_years), lang) if all_years else ""
    title = t["title_region"].format(region=where, years=years) if years else where
    lead, back, css = t["lead"].format(n=len(gemeenten)), "", CSS
    if own:
        css += BACK_CSS + OWN_CSS
        name = names.get(own, own)
        title = t["title_own"].format(name=name) + (f", {years}" if years else "")
        lead = t["lead_own"].format(n=len(gemeenten), name=name)
        back = (f'<nav class="back"><a href="{html.escape(dashboards[own])}">&larr; '
                f'{html.escape(t["back"].format(name=name))}</a></nav>\n')  # fmt: skip
    if shown_verdicts:
        lead += t["lead_trend"]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{css}</style></head><body>\n"
        f"{back}<h1>{html.escape(title)}</h1>\n"
        f'<p class="lead">{html.escape(lead)}</p>\n'
        f'<div class="wrap"><table><caption>{html.escape(t["caption"])}</caption>\n'
        f"<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody></table></div>\n"
        + sizes
        + f'<ul class="legend">{items}</ul>\n'
        + total_notes
        + f'<p class="source">{html.escape(source)}</p>\n</body></html>\n'
    )


def _own_mark(name: str, mine: bool, lang: str) -> str:
    """A gemeente's name (HTML) in a row of either table; in a gemeente's copy its own name
    followed by '(uw gemeente)': the reader finds their row in words, not by its colour alone
    (the row is bold and coloured too, `OWN_CSS`)."""
    return f'{name} <span class="own">{html.escape(TEXT[lang]["own"])}</span>' if mine else name


def _sizes_html(cols, gemeenten, names, latest, lang: str, own: str = "") -> str:
    """The table of sizes: per gemeente how many persons each figure of `cols` counts in its
    latest year (the headline's denominator: children, adults, newcomers; the survey's
    respondents), as published ('onderdrukt' for a suppressed row); '' without figures. `own`:
    the gemeente whose copy this is, its row marked as in the table of figures (`_own_mark`)."""
    t = TEXT[lang]
    if not latest:
        return ""
    head = [f'<th scope="col">{html.escape(t["gemeente"])}</th>']
    about = {}
    for theme, measure, method in cols:
        rows = [latest[gm, measure] for gm in gemeenten if (gm, measure) in latest]
        year = ", ".join(str(y) for y in sorted({int(r["year"]) for r in rows}))
        if method == "survey_taylor":
            title, sub = t["respondents"], t["respondents_sub"].format(year=year)
        else:
            subject = KEY_WORDS[lang]["subject"].get(theme, "")
            title = subject[:1].upper() + subject[1:]
            sub = t["size_sub"].format(theme=_mid(theme_label(lang, theme)), year=year)
        title, sub = html.escape(title), html.escape(sub)
        head.append(f'<th scope="col">{title}<span class="ci">{sub}</span></th>')
        about[measure] = f' data-title="{title}" data-sub="{sub}"'
    body = []
    for gm in gemeenten:
        name = _own_mark(html.escape(names.get(gm, gm)), gm == own, lang)
        cells = [f'<th scope="row">{name}</th>']
        for _theme, measure, _method in cols:
            row = latest.get((gm, measure))
            if row is None:
                cells.append(f'<td class="state"{about[measure]}>{html.escape(t["missing"])}</td>')
            elif state(row) == "suppressed" or pd.isna(row["n_denominator"]):
                words = STATE_WORDS[lang]["suppressed"]
                cells.append(f'<td class="state"{about[measure]}>{html.escape(words)}</td>')
            else:
                value = number(row["n_denominator"], lang)
                cells.append(f'<td class="num"{about[measure]}>{html.escape(value)}</td>')
        row_class = ' class="own"' if gm == own else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    # the region together: the published counts added up, where every gemeente published its
    # count (as the first table's total)
    if len(gemeenten) > 1:
        cells = [f'<th scope="row">{html.escape(t["total"])}</th>']
        for _theme, measure, _method in cols:
            rows = [latest.get((gm, measure)) for gm in gemeenten]
            if any(r is None or state(r) == "suppressed" or pd.isna(r["n_denominator"])
                   for r in rows):  # fmt: skip
                cells.append(
                    f'<td class="state"{about[measure]}>{html.escape(t["total_none"])}</td>'
                )
            else:
                value = number(sum(float(r["n_denominator"]) for r in rows), lang)
                cells.append(f'<td class="num"{about[measure]}>{html.escape(value)}</td>')
        body.append(f'<tr class="total">{"".join(cells)}</tr>')
    return (
        f'<div class="wrap"><table class="sizes"><caption>{html.escape(t["sizes_caption"])}'
        f"</caption>\n<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody></table></div>\n"
    )
