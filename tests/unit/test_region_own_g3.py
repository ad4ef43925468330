"""A gemeente's copy of the region overview marks the reader's own gemeente in both tables (the
figures and how many persons each figure counts): its name with '(uw gemeente)' and the row
bold and coloured, so it is found in words and not by colour alone; the region's own page marks
none."""

import re

import pytest
from test_region_overview_g2 import NAMES, _page


def _tables(page: str) -> list[str]:
    return re.findall(r"<tbody>(.*?)</tbody>", page, flags=re.S)


def _rows(body: str) -> list[str]:
    return re.findall(r"<tr[^>]*>.*?</tr>", body, flags=re.S)


@pytest.mark.parametrize("lang,words", [("nl", "(uw gemeente)"), ("en", None)])
def test_the_own_gemeente_is_marked_in_both_tables(lang, words):
    from wijkzicht.outputs.region import TEXT

    words = words or TEXT["en"]["own"]
    page = _page(lang=lang, own="GM0002")
    figures, sizes = _tables(page)
    for body in (figures, sizes):
        rows = [r for r in _rows(body) if 'class="total"' not in r]
        assert len(rows) == len(NAMES)
        marked = [r for r in rows if words in r]
        assert len(marked) == 1 and NAMES["GM0002"] in marked[0], body
        assert marked[0].startswith('<tr class="own">')
        assert all(not r.startswith('<tr class="own"') for r in rows if r is not marked[0])
    # bold and coloured: not colour alone
    css = re.search(r"tr\.own th,tr\.own td\{([^}]*)\}", page).group(1)
    assert "font-weight:bold" in css and "background:" in css


def test_the_regions_own_page_marks_no_gemeente():
    page = _page()
    assert "(uw gemeente)" not in page and 'class="own"' not in page
