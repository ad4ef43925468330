"""The region overview of a GGD region run (config `gemeenten`): per gemeente the headline figure
of each theme in its latest year, side by side, with a link to each gemeente's dashboard.

Built from the gemeenten's exported measures tables only (`results/export/<GM>/<theme>/
measures.csv`, after their export gates), never from internal files. The headline figure of a
theme is the one its report leads with and its map shows (`catalogue.MAIN`: measure and method;
`key_messages.key_definition`: the definition), group `totaal`, at the level of the gemeente.

The table (`overzicht.csv`) holds those rows exactly as the gemeente's own table publishes them
(the measures columns, a suppressed row with its status and no numbers), so the export gate
checks it as a measures table. The page (`overzicht.html`) shows a suppressed figure as
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
from wijkzicht.outputs.format import STATE_WORDS, SUPPRESSED_WHY, interval, shown, state
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
from wijkzicht.themes.table import COLUMNS, TOTAAL

TEXT = {
    "nl": {
        "title": "Overzicht van de regio",
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
    },
    "en": {
        "title": "Overview of the region",
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
    },
}  # fmt: skip
# how a headline figure was computed, in plain words on the page (a crude share needs none);
# another method is named by its label (`labels.method_label`)
METHOD_WORDS = {
    "nl": {"wilson": "", "direct_std_gamma": "gecorrigeerd voor leeftijd en geslacht"},
    "en": {"wilson": "", "direct_std_gamma": "adjusted for age and sex"},
}

CSS = """body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:1em 2em;color:#1a1a1a;line-height:1.45;font-size:16px}
h1{font-size:1.5em;color:#1f4e79;margin-bottom:.2em}.lead{max-width:60em;border-left:4px solid #0072B2;padding-left:.6em}
.wrap{overflow-x:auto}table{border-collapse:collapse;margin:1em 0}caption{text-align:left;color:#444;font-size:.9em;padding:.2em 0}
th,td{border:1px solid #ccc;padding:.35em .7em;vertical-align:top;text-align:left}th{background:#f3f3f3}
td.num{text-align:right;white-space:nowrap}td.state{color:#555;font-style:italic}.ci{display:block;font-size:.8em;color:#555;font-weight:normal}
.legend,.source{font-size:.85em;color:#444;max-width:60em}.legend{padding-left:1.2em}.source{color:#666}
@media (max-width:600px){body{margin:.6em .7em;font-size:15px}thead{display:none}table,caption,tbody,tr,th,td{display:block}
tr{margin:0 0 1em;border:1px solid #ccc}th,td{border:none;border-top:1px solid #e3e3e3}td{display:flex;flex-direction:column}
td.num{text-align:left;white-space:normal}td::before{content:attr(data-title);order:-2;font-weight:bold;font-style:normal;color:#1a1a1a}
td::after{content:attr(data-sub);order:-1;font-size:.8em;color:#555;font-style:normal;margin-bottom:.2em}}"""  # fmt: skip
# a gemeente's copy: the link back to its dashboard, as the dashboard's link here looks
BACK_CSS = "nav.back{font-size:.95em;margin:.2em 0 .4em}nav.back a{color:#0b5394}"
# a gemeente's copy: its own row stands out (the colour of the chosen wijk on the dashboard)
OWN_CSS = "tr.own th,tr.own td{background:#fde9dc}span.own{font-weight:normal;white-space:nowrap}"


def headline(measures: pd.DataFrame, theme: str, gemeente: str, definitions: Definitions):
    """The headline row of `theme` for `gemeente` from its published `measures` (as read by
    `disclosure.export.read_measures_csv`): measure and method `catalogue.MAIN[theme]`, the
    key definition, group totaal, area level gemeente, the latest year with such a row.
    Returns a one-row DataFrame with the measures COLUMNS, or an empty one when the table has
    no such row."""
    measure, method = MAIN[theme]
    m = measures[
        (measures["measure"] == measure)
        & (measures["method"] == method)
        & (measures["group"] == TOTAAL)
        & (measures["area_level"] == "gemeente")
        & (measures["area_code"] == gemeente)
    ]
    definition = key_definition(theme, definitions, m["definition"])
    m = m[m["definition"] == definition]
    if m.empty:
        return m[COLUMNS]
    return m[m["year"] == m["year"].max()][COLUMNS]


def overview(
    tables: Mapping[str, Mapping[str, pd.DataFrame]], definitions: Definitions
) -> pd.DataFrame:
    """The overview table: for each gemeente of `tables` ({gemeente code: {theme: its published
    measures table}}, in region order) and each theme (in catalogue order) its headline row,
    unchanged (`headline`). Rows ordered by gemeente (region order), then theme."""
    rows = [
        headline(tables[gm][theme], theme, gm, definitions)
        for gm in tables
        for theme in MAIN
        if theme in tables[gm]
    ]
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(rows, ignore_index=True)


def _cell(row, lang: str, about: str) -> str:
    """A figure's cell; `about`: its column's heading as attributes (shown above it on a phone)."""
    t = TEXT[lang]
    s = state(row)
    if s != "ok":
        return f'<td class="state"{about}>{html.escape(STATE_WORDS[lang][s])}</td>'
    value = html.escape(shown(row, lang))
    ci = ""
    if pd.notna(row["ci_lower"]) and pd.notna(row["ci_upper"]):
        words = t["interval"].format(interval=interval(row["ci_lower"], row["ci_upper"], lang))
        ci = f'<span class="ci">{html.escape(words)}</span>'
    return f'<td class="num"{about}>{value}{ci}</td>'


def _heading(
    theme: str,
    years: list[int],
    lang: str,
    definitions: Definitions | None = None,
    shown: Sequence[str] = (),
) -> tuple[str, str]:
    """A theme's column heading as (title, line below it): the theme's title, and the same way
    for every theme, what the figure is (the measure, unless the title says it; a percentage of
    whom; the definition `shown`, by its label, unless the measure's name says it; how it was
    computed in plain words) and its year."""
    t = TEXT[lang]
    measure, method = MAIN[theme]
    name, title = label(lang, measure), theme_label(lang, theme)
    how = METHOD_WORDS[lang].get(method, method_label(lang, method))
    what = t["share"].format(subject=KEY_WORDS[lang]["subject"].get(theme, ""))
    # which definition: KOPP's brede definitie, not its GGZ one (a new user could not tell)
    defs = [definition_label(lang, measure, d, definitions) for d in dict.fromkeys(shown)]
    defs = [d for d in defs if d.lower() not in name.lower()]
    year = t["year"].format(year=", ".join(map(str, years)))
    sub = ", ".join(x for x in (what, *defs, how, year) if x)
    # the measure named too when the theme's title does not say it already
    return title, sub[:1].upper() + sub[1:] if title.startswith(name) else f"{name}: {sub}"


def overview_html(
    table: pd.DataFrame,
    gemeenten: Sequence[str],
    names: Mapping[str, str],
    dashboards: Mapping[str, str],
    definitions: Definitions,
    *,
    lang: str,
    own: str = "",
) -> str:
    """The overview page: one row per gemeente (its name linking to `dashboards[code]`, a path
    relative to the page; a gemeente not in `dashboards` by its name alone), one column per
    theme (`_heading`) with its headline figure and 95% interval, or the word for a suppressed
    or empty figure; below the table what the interval, the words and the correction mean (each
    once, only when the page shows it), and a 'Bron:' line. `table` is `overview`'s; `names`
    maps gemeente code -> name. `own`: the gemeente whose release holds this copy of the page
    (`dashboards` then links its dashboard alone): a link back to it above the title, its name in
    the title, its row marked '(uw gemeente)' and coloured, and the lead says the other gemeenten
    publish their own dashboard. Counts stay digits ('de 2 gemeenten'), as on the other pages."""
    t = TEXT[lang]
    themes = [th for th in MAIN if (table["theme"] == th).any()] if len(table) else list(MAIN)
    head = [f'<th scope="col">{html.escape(t["gemeente"])}</th>']
    about = {}
    for theme in themes:
        years = sorted({int(y) for y in table.loc[table["theme"] == theme, "year"]})
        shown = [str(d) for d in table.loc[table["theme"] == theme, "definition"]]
        title, sub = (html.escape(x) for x in _heading(theme, years, lang, definitions, shown))
        head.append(f'<th scope="col">{title}<span class="ci">{sub}</span></th>')
        about[theme] = f' data-title="{title}" data-sub="{sub}"'
    body, shown_states, n_ok = [], set(), dict.fromkeys(themes, 0)
    for gm in gemeenten:
        name = html.escape(names.get(gm, gm))
        link = f'<a href="{html.escape(dashboards[gm])}">{name}</a>' if gm in dashboards else name
        mine = gm == own  # a gemeente's copy: its own row marked
        if mine:
            link += f' <span class="own">{html.escape(t["own"])}</span>'
        cells = [f'<th scope="row">{link}</th>']
        for theme in themes:
            row = table[(table["area_code"] == gm) & (table["theme"] == theme)]
            if row.empty:
                shown_states.add("missing")
                cells.append(f'<td class="state"{about[theme]}>{html.escape(t["missing"])}</td>')
            else:
                shown_states.add(state(row.iloc[0]))
                n_ok[theme] += state(row.iloc[0]) == "ok"
                cells.append(_cell(row.iloc[0], lang, about[theme]))
        row_class = ' class="own"' if mine else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    legend = [t["legend_interval"]] if "ok" in shown_states else []
    legend += [t[f"legend_{s}"] for s in ("suppressed", "empty", "missing") if s in shown_states]
    legend += [t["legend_method"][m] for m in dict.fromkeys(MAIN[th][1] for th in themes)
               if m in t["legend_method"]]  # fmt: skip
    if max(n_ok.values(), default=0) > 1:  # two gemeenten's figures: how to compare them
        legend.append(t["legend_compare"])
    items = "".join(f"<li>{html.escape(x)}</li>" for x in legend)
    # the tables of the figures shown (their measure, definition and method), not every table
    # of the theme: no survey in the line when no survey figure is shown
    tables = [
        tbl
        for theme in themes
        for tbl in measure_tables(
            MAIN[theme][0], definitions,
            list(dict.fromkeys(table.loc[table["theme"] == theme, "definition"])) or None,
            MAIN[theme][1],
        )
    ]  # fmt: skip
    source = t["source"].format(tables=", ".join(source_labels(lang, tables)))
    lead, back, css, title = t["lead"].format(n=len(gemeenten)), "", CSS, t["title"]
    if own:
        css += BACK_CSS + OWN_CSS
        name = names.get(own, own)
        title = t["title_own"].format(name=name)
        lead = t["lead_own"].format(n=len(gemeenten), name=name)
        back = (f'<nav class="back"><a href="{html.escape(dashboards[own])}">&larr; '
                f'{html.escape(t["back"].format(name=name))}</a></nav>\n')  # fmt: skip
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
        f'<ul class="legend">{items}</ul>\n'
        f'<p class="source">{html.escape(source)}</p>\n</body></html>\n'
    )
