"""The factsheet on one A4 sheet, front and back (U11: on the default world every factsheet
printed on 3 pages, page 2 holding only the end of 'Zo leest u deze pagina'): the trend rule in
full, which the legend says in short on the front, is on the back; the front's reading guide
keeps the interval, the marks and the suppressed and empty cells."""

import html

import pytest
from test_factsheet import _page, definitions, export  # noqa: F401 (fixtures)

from wijkzicht.outputs import factsheet as fs
from wijkzicht.outputs.format import trend_rule


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_trend_rule_is_on_the_back_and_the_legend_says_so(export, definitions, lang):  # noqa: F811
    page = _page(export, definitions, lang=lang)
    t = fs.TEXT[lang]
    front, back = page.split('<div class="back">')
    rule = f"<p>{html.escape(trend_rule(lang))}</p>"
    assert rule not in front and rule in back
    assert f"<h2>{html.escape(t['how_trend'])}</h2>" in back
    # the front's reading guide keeps the rest, the legend points at the back
    guide = front.split(f"<h2>{html.escape(t['how'])}</h2>")[1]
    assert html.escape(t["how_ci"]) in guide and html.escape(t["how_state"]) in guide
    assert html.escape(t["legend_trend_back"]) + "</span>" in front.split('<div class="legend">')[1]
