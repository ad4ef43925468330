"""The region overview as a professional reads it (a new user, U3 F9): the KOPP column names
its definition, the 'Bron:' line names only the sources of the figures shown (no survey), and
the page says how to read two gemeenten's intervals instead of promising a fair comparison it
does not make."""

import pytest
from test_region_overview import DEFS, _page, _row, _table

from wijkzicht.outputs.catalogue import MAIN
from wijkzicht.outputs.region import overview, overview_html


@pytest.mark.parametrize(
    "lang,broad,survey,compare,not_tested",
    [
        ("nl", "brede definitie", "Gezondheidsmonitor", "Gemeenten vergelijken", "niet getoetst"),
        ("en", "broad definition", "health survey", "Comparing municipalities", "not tested"),
    ],
)
def test_the_page_names_the_definition_its_sources_and_how_to_compare(
    lang, broad, survey, compare, not_tested
):
    page = _page(lang, statuses=("ok", "ok"))
    head = page.split("<thead>")[1].split("</thead>")[0]
    kopp = head.split('<th scope="col">')[2]
    assert broad in kopp.lower(), kopp
    source = page.split('<p class="source">')[1].split("</p>")[0]
    assert survey.lower() not in source.lower(), source  # no survey figure on the page
    legend = page.split('<ul class="legend">')[1].split("</ul>")[0]
    item = next(li for li in legend.split("<li>") if li.startswith(compare))
    assert not_tested in item and ("over elkaar" in item or "overlap" in item)
    assert "eerlijk vergelijken" not in page and "compare the municipalities fairly" not in page


def test_no_comparison_line_with_one_published_gemeente():
    # one gemeente's figures and the other's suppressed: nothing to compare
    page = _page("nl", statuses=("ok", "suppressed_primary"))
    assert "Gemeenten vergelijken" not in page
    rows = [_row(th, "GM0001", "Aadorp", 2023, 0.2) for th in MAIN]
    table = overview({"GM0001": {th: _table(rows) for th in MAIN}}, DEFS)
    alone = overview_html(table, ["GM0001"], {}, {}, DEFS, lang="nl")
    assert "Gemeenten vergelijken" not in alone
