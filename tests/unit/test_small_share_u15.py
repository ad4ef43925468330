"""A share above zero is never printed as a zero (U13 M5).

The kopp report printed 'Combinatie bij de ouders: GGZ-zorg + verslavingszorg + beschermd wonen
| Utrecht | 2022 | onderdrukt | 0,0%' for a share of 0,0198%, while the README says a 0 on a
page is a real zero. A share above zero that would print as zero prints '<0,1%' ('<0.1%' in
English, '<1%' in whole percentages). The e2e citation check's own formatter
(tests/worlds.py `_formatted`) follows the same rule, written apart.
"""

import pytest
from worlds import _formatted

from wijkzicht.outputs import format as fmt


@pytest.mark.parametrize(
    ("value", "nl", "en", "whole"),
    [
        (0.000198, "<0,1%", "<0.1%", "<1%"),  # U13's combination (the old code: 0,0%)
        (0.00026, "<0,1%", "<0.1%", "<1%"),
        (0.0004999, "<0,1%", "<0.1%", "<1%"),
        (0.0005, "0,1%", "0.1%", "<1%"),  # half a step rounds up: a digit shows
        (0.004, "0,4%", "0.4%", "<1%"),  # a model estimate of 0,4%: not 0%
        (0.0, "0,0%", "0.0%", "0%"),  # a real zero stays a zero
        (0.26123, "26,1%", "26.1%", "26%"),
    ],
)
def test_a_share_above_zero_is_never_printed_as_zero(value, nl, en, whole):
    assert fmt.pct(value, "nl") == nl
    assert fmt.pct(value, "en") == en
    assert fmt.pct(value, "nl", 0) == whole


def test_an_interval_and_a_shown_value_say_it_too():
    assert fmt.interval(0.0002, 0.003, "nl") == "<0,1% tot 0,3%"
    row = {"status": "ok", "value": 0.0002, "denominator": 5000}
    assert fmt.shown(row, "nl") == "<0,1%"


@pytest.mark.parametrize("value", [0.0, 0.000198, 0.0004999, 0.0005, 0.004, 0.005, 0.26123, 1.0])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_citation_check_formats_as_the_pages(value, lang):
    assert _formatted(value, "pct", lang) == fmt.pct(value, lang)
    assert _formatted(value, "whole_pct", lang) == fmt.pct(value, lang, 0)


def test_the_citation_check_never_reads_a_small_share_as_zero():
    # written apart from format.pct: the old formatter said 0,0% and 0%
    assert _formatted(0.000198, "pct", "nl") == "<0,1%"
    assert _formatted(0.000198, "pct", "en") == "<0.1%"
    assert _formatted(0.004, "whole_pct", "nl") == "<1%"
    assert _formatted(0.0, "pct", "nl") == "0,0%"


class _Sheet:
    def __init__(self):
        self.cells = {}

    def write_number(self, r, c, value, fmt):
        self.cells[(r, c)] = (value, fmt)


@pytest.mark.parametrize(
    ("value", "how", "lang", "num"),
    [
        (0.000198, "pct", "nl", '"<0,1%"'),
        (0.000198, "pct", "en", '"<0.1%"'),
        (0.004, "whole_pct", "nl", '"<1%"'),
        (0.0, "pct", "nl", "0.0%"),  # a real zero keeps its format
        (0.26, "pct", "nl", "0.0%"),
    ],
)
def test_the_workbook_cell_keeps_the_number_and_shows_less_than(value, how, lang, num):
    from wijkzicht.outputs import workbook

    ws = _Sheet()
    row = {"status": "ok", "value": value, "denominator": 5000}
    workbook._number(ws, lambda **k: k["num"], 1, 1, row, "value", how, {}, lang=lang)
    assert ws.cells[(1, 1)] == (value, num)  # the old code: 0.0% (Excel shows 0,0%)
    ws = _Sheet()
    workbook._number(ws, lambda **k: k["num"], 1, 1, row, "value", how, {}, "▲", lang=lang)
    assert ws.cells[(1, 1)][1] == num + '" ▲"'
