"""U4: a sparkline with a suppressed middle year had a gap and nothing said why: no words under
the line (the trend was not testable, so its words line stayed empty) and an aria-label that
named only the years. The factsheet now says which year is onderdrukt and that the trend cannot
be tested, on the page and to a screen reader, as it does for a line too short to draw."""

import html
import re
import shutil

import pandas as pd
from test_factsheet import _page, _row_of, definitions, export  # noqa: F401 (fixtures)

from wijkzicht.disclosure.export import read_measures_csv, write_measures_csv


def _hide_middle_year(export, tmp_path):  # noqa: F811
    """The fixture's export with Overvecht's broad KOPP row of 2022 (of 2021-2023) suppressed and
    its trend not testable, as a run gives it (U4: Oost, 2021 of 2019-2023)."""
    root = tmp_path / "export"
    shutil.copytree(export, root)
    path = root / "kopp" / "measures.csv"
    m = read_measures_csv(path)
    sel = (m["area_code"] == "WK034403") & (m["definition"] == "breed") & (m["year"] == 2022)
    sel &= m["method"] == "wilson"
    assert sel.sum() == 1
    m.loc[sel, "status"] = "suppressed_secondary"
    m.loc[sel, ["numerator", "n_numerator", "value", "ci_lower", "ci_upper", "se"]] = None
    write_measures_csv(m, path)
    v_path = root / "kopp" / "verschillen.csv"
    v = pd.read_csv(v_path, dtype=str, keep_default_na=False)
    trend = (
        (v["comparison"] == "trend") & (v["area_code"] == "WK034403") & (v["definition"] == "breed")
    )
    assert trend.sum() == 1
    v.loc[trend, "verdict"] = "niet_te_toetsen"
    v.to_csv(v_path, index=False)
    return root


def _words_and_alt(row: str) -> tuple[str, str]:
    words = re.search(r'<span class="tw">([^<]*)</span>', row)
    # the sparkline is the svg in the trend cell (the dot chart comes before it)
    trend_cell = row.split('<td class="trend">', 1)[1]
    alt = re.search(r'aria-label="([^"]*)"', trend_cell)
    return (html.unescape(words.group(1)) if words else ""), html.unescape(alt.group(1))


def test_a_gap_in_the_line_says_which_year_is_suppressed(export, definitions, tmp_path):  # noqa: F811
    root = _hide_middle_year(export, tmp_path)
    row = _row_of(_page(root, definitions, "WK034403"), "Brede definitie")
    words, alt = _words_and_alt(row)
    assert words == "2022 onderdrukt; trend niet te toetsen"
    assert alt.endswith(": 2022 onderdrukt; trend niet te toetsen.")
    en = _page(root, definitions, "WK034403", lang="en")
    words, alt = _words_and_alt(_row_of(en, "Broad definition"))
    assert words == "2022 suppressed; trend cannot be tested"
    assert alt.endswith(": 2022 suppressed; trend cannot be tested.")
    # a line without a gap keeps its words and says nothing is suppressed
    words, alt = _words_and_alt(_row_of(_page(root, definitions, "WK034403"), "Ouder met GGZ-zorg"))
    assert words == "stijgt" and "onderdrukt" not in alt


def test_a_suppressed_last_year_is_named_beside_the_shorter_line(export, definitions):  # noqa: F811
    # the fixture's Vleuten: GGZ 2023 suppressed, the line 2021-2022 (its years said before)
    words, alt = _words_and_alt(
        _row_of(_page(export, definitions, "WK034410"), "Ouder met GGZ-zorg")
    )
    assert words.startswith("2023 onderdrukt; 2021-2022")
    assert "2023 onderdrukt" in alt


def test_long_trend_words_wrap_within_their_column(export, definitions):  # noqa: F811
    # the trend cell keeps its numbers and line on one line (nowrap); its words wrap, else
    # '2021 onderdrukt; trend niet te toetsen' ran past the table's right edge (seen in Chromium)
    css = re.search(r"\.tw\{([^}]*)\}", _page(export, definitions)).group(1)
    assert "white-space:normal" in css
