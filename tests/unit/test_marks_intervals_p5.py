# ruff: noqa: F811 (the fixtures of test_figure_selection, test_factsheet and test_workbook, imported)
"""▲ ▼ beside intervals: the reference the marks compare with is the one the eye compares with,
and the page says why a mark and an interval need not agree (U10 finding 9).

On the newcomers' ratio figure Binnenstad 0,89 (0,80-0,99) and Noordwest 0,91 (0,84-1,00) lay
wholly left of a bold "1 = gelijk" line without ▼, while Overvecht 0,90 had one: the test
compares with Utrecht's own 1,03 (Holm-corrected), drawn as a thin dashed line. On the migratie
pages Zuid 8,8% (8,4-9,2) is ▼ while its interval touches Utrecht's (9,1-9,4). Now the city's line
is the bold reference, named with its value, the line at 1 faint, and the caption under every
figure or table that puts ▲ ▼ beside intervals says what they compare with and why intervals
that touch can still differ."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.colors as mcolors
import pytest
from test_factsheet import _page
from test_factsheet import definitions as definitions  # noqa: F401 (fixture)
from test_factsheet import export as export  # noqa: F401 (fixture)
from test_figure_selection import (
    GM,
    defs,  # noqa: F401 (fixture)
    diff,
    figure_text,
    kopp_measures,
    nieuwkomers_measures,
    plot_axes,
)
from test_workbook import _table
from test_workbook import built as built  # noqa: F401 (fixture)

from wijkzicht.outputs import dashboard, format, report
from wijkzicht.outputs import figure_specs as fs

WHY = {
    "nl": "intervallen die elkaar raken, kunnen daarom toch duidelijk verschillen",
    "en": "intervals that touch can still differ clearly",
}


def _ratio_figure(defs, lang="nl"):
    m = nieuwkomers_measures()
    v = diff([("wijk_vs_gemeente", "nieuwkomers.concentratie", "laag_inkomen", "ratio_katz", 2023, "WK04", "hoger"),
              ("wijk_vs_gemeente", "nieuwkomers.concentratie", "laag_inkomen", "ratio_katz", 2023, "WK01", "lager")])  # fmt: skip
    sel = fs.select("nieuwkomers_concentratie", m, defs, v, lang=lang, gemeente=GM)
    return sel, fs.draw("nieuwkomers_concentratie", sel, defs, lang=lang)


def _darkness(colour) -> float:
    r, g, b = mcolors.to_rgb(colour)
    return 1 - (0.299 * r + 0.587 * g + 0.114 * b)


def test_the_ratio_figure_draws_the_citys_line_bold_and_the_line_at_1_faint(defs):
    sel, fig = _ratio_figure(defs)
    refs = sel[(sel["role"] == "reference") & (sel["state"] == "ok")]
    for ax in plot_axes(fig):
        series = ax.get_title(loc="left")
        ref = refs[refs["series"] == series]
        assert len(ref) == 1, series
        city = float(ref["value"].iloc[0])
        lines = {(round(float(ln.get_xdata()[0]), 9), ln.get_linestyle()): ln for ln in ax.lines}
        city_line, one_line = lines[(round(city, 9), "--")], lines[(1.0, "-")]
        # the line the marks compare with is the one the eye takes first: wider and darker
        assert city_line.get_linewidth() > one_line.get_linewidth()
        assert _darkness(city_line.get_color()) > _darkness(one_line.get_color()) + 0.3
        # and named with its value ('Utrecht: 1,05'), darker than '1 = gelijk'
        texts = {t.get_text(): t for t in ax.texts}
        name = f"Utrecht: {ref['shown'].iloc[0]}"
        assert name in texts and "1 = gelijk" in texts
        assert _darkness(texts[name].get_color()) > _darkness(texts["1 = gelijk"].get_color())


@pytest.mark.parametrize(
    ("lang", "line"),
    [("nl", "dan in de gemeente als geheel (de stippellijn, niet de lijn bij 1); dat verschil"),
     ("en", "than in the municipality as a whole (the dashed line, not the line at 1); that difference")],
)  # fmt: skip
def test_the_ratio_figures_caption_says_the_marks_compare_with_the_dashed_line_not_1(
    defs, lang, line
):
    _, fig = _ratio_figure(defs, lang)
    text = re.sub(r"\s+", " ", figure_text(fig))
    assert line in text
    # why an interval clear of the line can go without a mark (Binnenstad 0,80-0,99 beside 1,03)
    why = {"nl": "een streepje dat de stippellijn net niet raakt, heeft daarom soms geen teken",
           "en": "a bar just clear of the dashed line may have no mark"}[lang]  # fmt: skip
    assert why in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_share_figure_tested_against_the_rest_says_the_marks_are_not_the_line(defs, lang):
    """KOPP's shares are tested against the rest of the gemeente (two_proportion_z), not the
    dashed line of the gemeente as a whole: a bar across the line may still have a mark."""
    m = kopp_measures()
    v = diff([("wijk_vs_gemeente", "kopp.aandeel", "breed", "wilson", 2023, "WK01", "hoger")])
    sel = fs.select("kopp_aandeel_wijk", m, defs, v, lang=lang, gemeente=GM)
    text = re.sub(r"\s+", " ", figure_text(fs.draw("kopp_aandeel_wijk", sel, defs, lang=lang)))
    said = {"nl": "Het teken vergelijkt met de andere wijken samen, niet met de stippellijn",
            "en": "The mark compares with the other wijken together, not with the dashed line"}[lang]  # fmt: skip
    assert said in text
    assert {"nl": "(de stippellijn)", "en": "(the dashed line)"}[lang] not in text


def test_a_map_has_no_line_or_intervals_to_explain():
    for lang in ("nl", "en"):
        note = fs.mark_note(["z_independent"], lang)
        assert "stippellijn" not in note and "dashed" not in note and WHY[lang] not in note


def _rule(layer) -> dict:
    mark = layer.get("mark")
    return mark if isinstance(mark, dict) and mark.get("type") == "rule" else {}


def test_the_dashboards_comparison_draws_the_gemeente_bold_and_1_faint():
    spec = dashboard.compare_spec("nl", "ratio")
    reference = [
        _rule(layer)
        for layer in spec["layer"]
        if _rule(layer) and layer.get("transform") == [{"filter": dashboard.REFERENCE}]
    ]
    one = [
        _rule(layer)
        for layer in spec["layer"]
        if _rule(layer) and layer.get("encoding", {}).get("x") == {"datum": 1}
    ]
    assert len(reference) == 1 and len(one) == 1
    assert reference[0].get("strokeDash")  # the stippellijn the legend names
    assert reference[0].get("strokeWidth", 1) > one[0].get("strokeWidth", 1)
    assert _darkness(reference[0]["color"]) > _darkness(one[0]["color"]) + 0.3


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_dashboards_legend_says_why_touching_intervals_can_differ(lang):
    text = dashboard.TEXT[lang]["marks"]
    assert "{why}" in text
    # the script fills it per method from the labels (dashboard.js marksLine)
    script = (Path(dashboard.__file__).parent / "dashboard.js").read_text(encoding="utf-8")
    assert "why: L.marks_why[c.method]" in script
    for method, test in (("wilson", "two_proportion_z"), ("direct_std_gamma", "z_independent"),
                         ("ratio_katz", "z_log_ratio")):  # fmt: skip
        assert WHY[lang] in format.marks_why(lang, test), (method, test)


def test_the_dashboards_labels_hold_the_sentence_per_method(defs):
    m = kopp_measures()
    m = m[m["method"] == "wilson"]
    measures = {
        "columns": list(m.columns),
        "rows": m.astype(object).where(m.notna(), None).values.tolist(),
    }
    labels = dashboard.labels("nl", defs, measures, city="Utrecht")
    assert labels["marks_why"] == {"wilson": format.marks_why("nl", "two_proportion_z")}
    assert WHY["nl"] in labels["marks_why"]["wilson"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_factsheet_puts_the_sentence_under_its_two_intervals(export, definitions, lang):
    page = re.sub(r"\s+", " ", _page(export, definitions, lang=lang))
    assert WHY[lang] in page


def test_the_workbook_sheet_says_it_beside_its_marks(built):
    import openpyxl

    out = built[4]
    for lang in ("nl", "en"):
        book = openpyxl.load_workbook(out[lang])
        said = []
        for ws in book.worksheets:
            try:
                head, _ = _table(ws)
            except (StopIteration, ValueError, TypeError):
                continue
            notes = " ".join(str(ws.cell(r, 1).value) for r in range(2, head))
            if "▲ ▼" in notes:
                said.append(WHY[lang] in notes)
        assert said and all(said), lang


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_reports_reading_guide_says_it(tmp_path, lang):
    from test_report_pdf import export as report_export
    from worlds import config

    from wijkzicht.definitions import parse_definitions

    definitions = parse_definitions(config())
    root = report_export(tmp_path, definitions)
    guide = report.ThemeReport("kopp", root, definitions, [], lang=lang).guide()
    text = " ".join(
        part if isinstance(part, str) else getattr(part, "text", "")
        for item in guide[1].items
        for part in item
    )
    assert WHY[lang] in text
