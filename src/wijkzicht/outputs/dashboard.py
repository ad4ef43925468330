"""The offline dashboard: one HTML file, built from results/export/ only, that opens from disk.

Everything it needs is inlined: the exported tables as JSON, the Vega-Lite chart specifications
(written with Altair) and the Vega, Vega-Lite and Vega-Embed libraries (the bundle that
vl-convert-python ships). A Content-Security-Policy forbids every network request, so the page
works in the secure environment and on a laptop without internet alike.

Selectors: theme, measure, definition, method, breakdown (group), year and wijk. Views: a trend
(the chosen wijk against the gemeente, or the group values of one area), a comparison of wijken
(or of group values) in the chosen year with the gemeente as reference, every definition of the
measure side by side for the chosen wijk and the gemeente, and the wijken most like
the chosen one (from `<theme>/vergelijkbare_wijken.csv`) on the chosen measure. Suppressed
values are drawn as "onderdrukt", never as zero. Drawing is Vega-Lite's; the small script in
`dashboard.js` only filters the inlined rows and hands them to Vega-Embed.
"""

from __future__ import annotations

import html
import json
import math
import re
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from wijkzicht.definitions import Definitions
from wijkzicht.disclosure.export import read_measures_csv
from wijkzicht.outputs.figures import COLOURS
from wijkzicht.outputs.labels import definition_label, definition_text, label
from wijkzicht.outputs.report import MAIN, write_text
from wijkzicht.outputs.report import TEXT as REPORT_TEXT
from wijkzicht.themes.kopp import combinations

VEGA_LITE = "6.4"  # the Vega-Lite version of the bundle; Altair 6 writes v6 specifications
RATIO_METHODS = ("ratio_katz", "relative_risk_katz", "logit_glm")
FIELDS = ["theme", "measure", "definition", "year", "area_level", "area_code", "area_name", "group",
          "group_value", "method", "value", "ci_lower", "ci_upper", "n_denominator", "status"]  # fmt: skip
# a standalone 9-digit number has the shape of a person key: the export gate refuses it
NINE_DIGITS = re.compile(r"(?<![\w.])(\d{9})(?![\w.])")

TEXT = {
    "nl": {
        "title": "Wijkzicht: dashboard", "theme": "Thema", "measure": "Maat", "definition": "Definitie",
        "method": "Methode", "group": "Uitsplitsing", "year": "Jaar", "wijk": "Wijk",
        "trend": "Ontwikkeling door de jaren", "compare": "Wijken vergeleken", "similar": "Wijken die op deze wijk lijken",
        "definitions": "Definities naast elkaar",
        "gemeente": "Gemeente", "selected": "gekozen wijk", "other": "andere wijken", "alike": "lijkt erop",
        "suppressed": "onderdrukt", "percent": "%", "ratio": "verhouding", "distance": "afstand", "rank": "rang",
        "closest": "lijkt vooral op", "no_wijk": "Voor deze maat zijn er geen cijfers per wijk; getoond wordt de gemeente.",
        "no_similar": "Voor deze keuze zijn er geen vergelijkbare wijken te tonen.",
        "note": "Alle cijfers komen uit de vrijgegeven tabellen (results/export/). Te kleine aantallen zijn "
                "onderdrukt en staan als 'onderdrukt', nooit als nul. De lijnen rond een punt zijn het 95%-interval.",
        "similar_note": "Vergelijkbaar: de wijken met het meest gelijke profiel over alle maten van dit thema ({year}).",
        "interval": "95%-interval", "n": "aantal (noemer)", "value": "waarde",
    },
    "en": {
        "title": "Wijkzicht: dashboard", "theme": "Theme", "measure": "Measure", "definition": "Definition",
        "method": "Method", "group": "Breakdown", "year": "Year", "wijk": "Wijk",
        "trend": "Trend over the years", "compare": "Wijken compared", "similar": "Wijken like this one",
        "definitions": "Definitions side by side",
        "gemeente": "Municipality", "selected": "chosen wijk", "other": "other wijken", "alike": "is alike",
        "suppressed": "suppressed", "percent": "%", "ratio": "ratio", "distance": "distance", "rank": "rank",
        "closest": "alike mostly in", "no_wijk": "This measure has no figures per wijk; the municipality is shown.",
        "no_similar": "There are no similar wijken to show for this choice.",
        "note": "All numbers come from the released tables (results/export/). Small counts are suppressed and shown "
                "as 'suppressed', never as zero. The lines around a point are the 95% interval.",
        "similar_note": "Alike: the wijken with the most similar profile over all measures of this theme ({year}).",
        "interval": "95% interval", "n": "count (denominator)", "value": "value",
    },
}  # fmt: skip
METHODS = {
    "nl": {"wilson": "ruw aandeel", "direct_std_gamma": "gestandaardiseerd (leeftijd, geslacht)",
           "survey_taylor": "enquête, gewogen", "ratio_katz": "verhouding tot de wijk", "relative_risk_katz":
           "relatief risico", "logit_glm": "odds ratio (gecorrigeerd)", "trend_logit": "trend, odds ratio per jaar",
           "trend_wls": "trend per jaar"},
    "en": {"wilson": "crude share", "direct_std_gamma": "standardised (age, sex)", "survey_taylor": "survey, weighted",
           "ratio_katz": "ratio to the wijk", "relative_risk_katz": "relative risk", "logit_glm": "odds ratio (adjusted)",
           "trend_logit": "trend, odds ratio per year", "trend_wls": "trend per year"},
}  # fmt: skip
GROUPS = {
    "nl": {"totaal": "totaal", "leeftijd": "leeftijd", "herkomst": "herkomst", "generatie": "generatie",
           "geslacht": "geslacht", "inkomen": "inkomen", "origin": "waar vandaan", "combinatie": "combinatie",
           "kopp_breed": "ouder met problemen (breed)"},
    "en": {"totaal": "total", "leeftijd": "age", "herkomst": "origin", "generatie": "generation", "geslacht": "sex",
           "inkomen": "income", "origin": "moved from", "combinatie": "combination", "kopp_breed": "parent with problems (broad)"},
}  # fmt: skip

CSS = """body{font-family:sans-serif;margin:1em 2em;color:#222;line-height:1.4}
h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #ccc;margin-top:1.2em}
#controls{display:flex;flex-wrap:wrap;gap:.6em 1.2em;padding:.6em;background:#f3f3f3}
#controls label{display:flex;flex-direction:column;font-size:.85em}select{font-size:1em;max-width:22em}
.note{color:#555;font-size:.9em}table{border-collapse:collapse;font-size:.9em}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}#error{color:#b00}"""
SELECTORS = ["theme", "measure", "definition", "method", "group", "year", "wijk"]
THEMES = list(MAIN)
VIEWS = ["trend", "compare", "definitions", "similar"]


def _points(lang: str, kind: str) -> dict:
    return {"title": TEXT[lang]["percent"] if kind == "pct" else TEXT[lang]["ratio"],
            "format": ".1f" if kind == "pct" else ".2f"}  # fmt: skip


def _tooltips(lang: str, kind: str, first: list) -> list:
    """The tooltip of a point: what it is (`first`), then value, interval and denominator."""
    import altair as alt

    t, fmt = TEXT[lang], _points(lang, kind)["format"]
    return [*first, alt.Tooltip("value:Q", title=t["value"], format=fmt),
            alt.Tooltip("lo:Q", title=f"{t['interval']} (-)", format=fmt),
            alt.Tooltip("hi:Q", title=f"{t['interval']} (+)", format=fmt),
            alt.Tooltip("n:Q", title=t["n"])]  # fmt: skip


def trend_spec(lang: str, kind: str) -> dict:
    """Lines per series over the years, the interval as a vertical rule, suppressed as text."""
    import altair as alt

    t = TEXT[lang]
    ax = _points(lang, kind)
    data = alt.Data(name="rows")
    # years on a number line; each series a little to the side (field `x`), so that intervals
    # do not hide each other; the year rule and the suppressed labels stand on the year itself
    axis = alt.Axis(format="d", tickMinStep=1, labelAngle=0)
    scale = alt.Scale(zero=False, nice=False, padding=24)
    x = alt.X("x:Q", title=t["year"], axis=axis, scale=scale)
    year = alt.X("year_n:Q", title=t["year"], axis=axis, scale=scale)
    # the colour scale's domain and range are set per drawing, from the series shown
    colour = alt.Color("series:N", legend=alt.Legend(orient="bottom", title=None))
    tips = _tooltips(
        lang, kind, [alt.Tooltip("series:N", title=" "), alt.Tooltip("year:O", title=t["year"])]
    )
    ok = alt.Chart(data).transform_filter("datum.ok")
    layers = [
        alt.Chart(data).transform_filter("datum.selected_year").mark_rule(color="#bbbbbb", strokeDash=[4, 3]).encode(x=year),
        ok.mark_rule(strokeWidth=1.5, opacity=0.6).encode(x=x, y=alt.Y("lo:Q", title=ax["title"]), y2="hi:Q", color=colour),
        ok.mark_line(point=True).encode(x=x, y="value:Q", color=colour, tooltip=tips),
        alt.Chart(data).transform_filter("!datum.ok").mark_text(fontSize=10, angle=270, align="left")
        .encode(x=x, y=alt.value(195), text=alt.value(t["suppressed"]), color=colour),
    ]  # fmt: skip
    if kind == "ratio":
        layers.append(alt.Chart(data).mark_rule(color="#555555").encode(y=alt.datum(1)))
    return alt.layer(*layers).properties(width=560, height=200).to_dict()


def compare_spec(lang: str, kind: str) -> dict:
    """One row per category (wijk or group value): the value with its interval, the reference
    value as a dashed line, suppressed as text at the left edge."""
    import altair as alt

    t = TEXT[lang]
    ax = _points(lang, kind)
    data = alt.Data(name="rows")
    y = alt.Y("cat:N", sort=alt.EncodingSortField("order"), title=None)
    domain = [t["gemeente"], t["selected"], t["other"], t["alike"]]
    colour = alt.Color("series:N", scale=alt.Scale(domain=domain, range=["#555555", "#D55E00", "#0072B2", "#009E73"]),
                       legend=alt.Legend(orient="bottom", title=None))  # fmt: skip
    tips = _tooltips(lang, kind, [alt.Tooltip("cat:N", title=" ")])
    ok = alt.Chart(data).transform_filter("datum.ok")
    layers = [
        alt.Chart(data).transform_filter("datum.reference && datum.ok")
        .mark_rule(color="#555555", strokeDash=[4, 3]).encode(x=alt.X("value:Q", title=ax["title"])),
        ok.mark_rule(strokeWidth=2).encode(y=y, x=alt.X("lo:Q", title=ax["title"]), x2="hi:Q", color=colour),
        ok.mark_point(filled=True, size=60).encode(y=y, x="value:Q", color=colour, tooltip=tips),
        alt.Chart(data).transform_filter("!datum.ok").mark_text(align="left", fontSize=10, color="#777777")
        .encode(y=y, x=alt.value(4), text=alt.value(t["suppressed"])),
    ]  # fmt: skip
    if kind == "ratio":
        layers.append(alt.Chart(data).mark_rule(color="#999999").encode(x=alt.datum(1)))
    return alt.layer(*layers).properties(width=520, height=alt.Step(20)).to_dict()


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def measure_rows(root: Path, themes: list[str]) -> dict:
    """The exported measures of every theme, trend rows left out, as columns and rows."""
    frames = []
    for theme in themes:
        m = read_measures_csv(root / theme / "measures.csv")
        frames.append(m[~m["method"].str.startswith("trend")])
    m = pd.concat(frames, ignore_index=True)
    rows = [
        [_clean(v) for v in r] for r in m[FIELDS].astype(object).itertuples(index=False, name=None)
    ]
    return {"columns": FIELDS, "rows": rows}


def similar_rows(
    root: Path, themes: list[str], lang: str, definitions: Definitions | None = None
) -> list[dict]:
    """The most similar wijken per theme, year and wijk, with the indicators that make them alike."""
    out = []
    for theme in themes:
        sim = pd.read_csv(root / theme / "vergelijkbare_wijken.csv", dtype={"wijk": str, "neighbour": str},
                          keep_default_na=False, na_values=[""])  # fmt: skip
        for r in sim.itertuples(index=False):
            closest = [] if pd.isna(r.closest_indicators) else str(r.closest_indicators).split(";")
            out.append({
                "theme": theme, "year": int(r.year), "wijk": r.wijk, "rank": int(r.rank),
                "neighbour": r.neighbour, "neighbour_name": r.neighbour_name, "distance": _clean(float(r.distance)),
                "closest": [indicator_label(lang, i, definitions) for i in closest],
            })  # fmt: skip
    return out


def indicator_label(lang: str, indicator: str, definitions: Definitions | None = None) -> str:
    """`measure:definition:method` of the wijk profile as words."""
    measure, definition, method = (indicator.split(":") + ["", ""])[:3]
    words = f"{label(lang, measure)}: {definition_label(lang, measure, definition, definitions)}"
    return f"{words} ({METHODS[lang].get(method, method)})" if method else words


def _describe(lang: str, definitions: Definitions, pairs: list[tuple[str, str]]) -> dict:
    """Every definition shown in plain language (its object's description), keyed
    `measure|definition`; the method is shown beside it (crude and standardised figures)."""
    texts = {f"{m}|{d}": definition_text(lang, m, d, definitions) for m, d in pairs}
    return {k: v + "." for k, v in texts.items() if v}


def _values(lang: str, definitions: Definitions) -> dict:
    """Group values as words: the combinations of kopp.overlap by their conditions' labels."""
    out = {"geen": "-"}
    if definitions.kopp is not None:
        names = {c.name: c.label(lang) for c in definitions.kopp.overlap_conditions}
        for combo in combinations(definitions.kopp.overlap_names):
            if combo != "geen":
                out[combo] = " + ".join(names[c] for c in combo.split("+"))
    return out


def labels(lang: str, definitions: Definitions, measures: dict) -> dict:
    pairs = sorted({(r[1], r[2]) for r in measures["rows"]})
    return {
        "theme": {t: REPORT_TEXT[lang]["title"][t] for t in THEMES},
        "measure": {m: label(lang, m) for m, _ in pairs},
        "definition": {f"{m}|{d}": definition_label(lang, m, d, definitions) for m, d in pairs},
        "method": METHODS[lang],
        "group": GROUPS[lang],
        "value": _values(lang, definitions),
        "describe": _describe(lang, definitions, pairs),
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


def build(root: Path, definitions: Definitions, *, lang: str, gemeente: str) -> str:
    """The dashboard page from the export directory `root`; labels and explanations of the
    definitions come from `definitions`."""
    import vl_convert as vlc

    t = TEXT[lang]
    measures = measure_rows(root, THEMES)
    data = {
        "lang": lang, "gemeente": gemeente, "colours": COLOURS, "selectors": SELECTORS, "text": t, "ratio_methods": list(RATIO_METHODS),
        "measures": measures, "similar": similar_rows(root, THEMES, lang, definitions),
        "labels": labels(lang, definitions, measures),
        "specs": {view: {kind: fn(lang, kind) for kind in ("pct", "ratio")}
                  for view, fn in (("trend", trend_spec), ("compare", compare_spec))},
        "locale": vlc.get_format_locale("nl-NL" if lang == "nl" else "en-GB"),
    }  # fmt: skip
    controls = "".join(
        f'<label>{html.escape(t[s])}<select id="sel-{s}" name="{s}"></select></label>'
        for s in SELECTORS
    )
    sections = "".join(
        f'<section><h2>{html.escape(t[v])}</h2><p class="note" id="title-{v}"></p><div id="view-{v}"></div>'
        + ('<table id="similar-table"></table>' if v == "similar" else "")
        + "</section>"
        for v in VIEWS
    )
    policy = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:"
    script = (
        resources.files("wijkzicht.outputs").joinpath("dashboard.js").read_text(encoding="utf-8")
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<title>{html.escape(t['title'])}</title><style>{CSS}</style></head><body>\n"
        f'<h1>{html.escape(t["title"])}</h1><p class="note">{html.escape(t["note"])}</p>\n'
        f'<form id="controls">{controls}</form><p id="describe"></p><p id="error"></p>\n{sections}\n'
        f'<script type="application/json" id="wz-data">{_json(data)}</script>\n'
        f'<script type="module">{javascript_bundle()}</script>\n<script type="module">{script}</script>\n'
        "</body></html>\n"
    )


def write(
    root: Path, definitions: Definitions, path: str | Path, *, lang: str, gemeente: str
) -> int:
    """Build the dashboard from the export `root` and write it atomically; returns its size in bytes."""
    page = build(root, definitions, lang=lang, gemeente=gemeente)
    write_text(page, path)
    return len(page.encode("utf-8"))
