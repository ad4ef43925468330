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
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.outputs.catalogue import MAIN
from wijkzicht.outputs.format import STATE_WORDS, interval, shown, state
from wijkzicht.outputs.key_messages import key_definition
from wijkzicht.outputs.labels import label, method_label, source_labels, theme_label
from wijkzicht.outputs.report import sources
from wijkzicht.themes.table import COLUMNS, TOTAAL

TEXT = {
    "nl": {
        "title": "Regio-overzicht",
        "lead": "De belangrijkste cijfers van elk thema voor de {n} gemeenten van de regio, in het "
                "laatste jaar. Elke gemeente heeft een eigen dashboard met de cijfers per wijk: "
                "klik op de naam van de gemeente.",
        "gemeente": "Gemeente",
        "dashboard": "dashboard",
        "year": "in {year}",
        "theme": "thema {title}",
        "interval": "95%-interval: {interval}",
        "suppressed": "Onderdrukt: te weinig personen om het cijfer veilig te tonen",
        "empty": "Geen personen: niemand in deze groep",
        "missing": "niet berekend",
        "source": "Bron: CBS-microdata over {tables}; de gepubliceerde tabellen van elke gemeente, "
                  "bewerking wijkzicht.",
        "caption": "Per gemeente het kerncijfer van elk thema",
    },
    "en": {
        "title": "Region overview",
        "lead": "The key figure of each theme for the {n} municipalities of the region, in the "
                "latest year. Each municipality has its own dashboard with the figures per wijk: "
                "click the name of the municipality.",
        "gemeente": "Municipality",
        "dashboard": "dashboard",
        "year": "in {year}",
        "theme": "theme {title}",
        "interval": "95% interval: {interval}",
        "suppressed": "Suppressed: too few persons to show the figure safely",
        "empty": "No persons: nobody in this group",
        "missing": "not computed",
        "source": "Source: CBS microdata on {tables}; the published tables of each municipality, "
                  "processed by wijkzicht.",
        "caption": "The key figure of each theme per municipality",
    },
}  # fmt: skip

CSS = """body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:1em 2em;color:#1a1a1a;line-height:1.45;font-size:16px}
h1{font-size:1.5em;color:#1f4e79;margin-bottom:.2em}.lead{max-width:60em;border-left:4px solid #0072B2;padding-left:.6em}
table{border-collapse:collapse;margin:1em 0}caption{text-align:left;color:#444;font-size:.9em;padding:.2em 0}
th,td{border:1px solid #ccc;padding:.35em .7em;vertical-align:top;text-align:left}th{background:#f3f3f3}
td.num{text-align:right;white-space:nowrap}td.state{color:#555;font-style:italic}.ci{display:block;font-size:.8em;color:#555;font-weight:normal}
.legend,.source{font-size:.85em;color:#444;max-width:60em}.source{color:#666}"""  # fmt: skip


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


def _cell(row, lang: str) -> str:
    t = TEXT[lang]
    s = state(row)
    if s != "ok":
        return f'<td class="state">{html.escape(STATE_WORDS[lang][s])}</td>'
    value = html.escape(shown(row, lang))
    ci = ""
    if pd.notna(row["ci_lower"]) and pd.notna(row["ci_upper"]):
        words = t["interval"].format(interval=interval(row["ci_lower"], row["ci_upper"], lang))
        ci = f'<span class="ci">{html.escape(words)}</span>'
    return f'<td class="num">{value}{ci}</td>'


def overview_html(
    table: pd.DataFrame,
    gemeenten: Sequence[str],
    names: Mapping[str, str],
    dashboards: Mapping[str, str],
    definitions: Definitions,
    *,
    lang: str,
) -> str:
    """The overview page: one row per gemeente (its name linking to `dashboards[code]`, a path
    relative to the page), one column per theme with its headline figure and 95% interval, or
    the word for a suppressed or empty figure; a legend for those words, and a 'Bron:' line.
    `table` is `overview`'s; `names` maps gemeente code -> name."""
    t = TEXT[lang]
    themes = [th for th in MAIN if (table["theme"] == th).any()] if len(table) else list(MAIN)
    head = [f"<th>{html.escape(t['gemeente'])}</th>"]
    for theme in themes:
        measure, method = MAIN[theme]
        years = sorted({int(y) for y in table.loc[table["theme"] == theme, "year"]})
        when = t["year"].format(year=", ".join(map(str, years))) if years else ""
        name, title = label(lang, measure), theme_label(lang, theme)
        # the theme's title too when the measure's name does not say it already
        about = [] if title.startswith(name) else [t["theme"].format(title=title)]
        sub = ", ".join([*about, method_label(lang, method), when])
        sub = sub[:1].upper() + sub[1:]
        head.append(f'<th>{html.escape(name)}<span class="ci">{html.escape(sub)}</span></th>')
    body = []
    for gm in gemeenten:
        link = f'<a href="{html.escape(dashboards[gm])}">{html.escape(names.get(gm, gm))}</a>'
        cells = [f'<th scope="row">{link}</th>']
        for theme in themes:
            row = table[(table["area_code"] == gm) & (table["theme"] == theme)]
            if row.empty:
                cells.append(f'<td class="state">{html.escape(t["missing"])}</td>')
            else:
                cells.append(_cell(row.iloc[0], lang))
        body.append(f"<tr>{''.join(cells)}</tr>")
    tables = [tbl for theme in themes for tbl in sources(theme, definitions)]
    source = t["source"].format(tables=", ".join(source_labels(lang, tables)))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(t['title'])}</title><style>{CSS}</style></head><body>\n"
        f"<h1>{html.escape(t['title'])}</h1>\n"
        f'<p class="lead">{html.escape(t["lead"].format(n=len(gemeenten)))}</p>\n'
        f"<table><caption>{html.escape(t['caption'])}</caption>\n"
        f"<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody></table>\n"
        f'<p class="legend">{html.escape(t["suppressed"])}. {html.escape(t["empty"])}.</p>\n'
        f'<p class="source">{html.escape(source)}</p>\n</body></html>\n'
    )
