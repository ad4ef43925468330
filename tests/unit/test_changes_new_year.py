"""A yearly rerun: the release with a year added says so. Its figures of the new year are
`new_year`, the trends whose series now ends in it `trend_extended` (the previous release's row
of the same trend, in its own last year, is not 'removed'), and a new definition's figures stay
`added`; the report and the dashboard name the new year (U9: '552 nieuwe cijfers' for a new
year and '217 cijfers vervallen' for the trends that moved read as a loss)."""

import pandas as pd

from wijkzicht.release.changes import compare, rows
from wijkzicht.themes.table import COLUMNS


def _row(definition, year, code, method="wilson", value=0.1):
    r = dict.fromkeys(COLUMNS, "")
    r.update(theme="kopp", measure="kopp.aandeel", definition=definition, year=year,
             area_level="wijk", area_code=code, area_name=code, group="totaal",
             group_value="totaal", method=method, value=value, status="ok")  # fmt: skip
    return r


def _release(years, definitions):
    out = []
    for d in definitions:
        for y in years:
            out += [_row(d, y, "W1"), _row(d, y, "W2")]
        # the trend over the release's years stands in its last year
        out.append(_row(d, years[-1], "W1", method="trend_logit", value=1.01))
    return pd.DataFrame(out)


def test_a_new_year_its_trends_and_a_new_definition_are_told_apart():
    old = _release([2022, 2023], ["breed"])
    new = _release([2022, 2023, 2024], ["breed", "smal"])
    got = rows(old, new)
    kinds = got.groupby("change").size().to_dict()
    # breed: 2 figures of 2024 and its trend extended; smal: 6 figures and 1 trend, all new
    assert kinds == {"new_year": 2, "trend_extended": 1, "added": 7}
    assert set(got.loc[got["change"] == "new_year", "year"]) == {2024}
    assert set(got.loc[got["change"] == "added", "definition"]) == {"smal"}
    ext = got[got["change"] == "trend_extended"].iloc[0]
    assert (ext["definition"], ext["year"], ext["value_new"]) == ("breed", 2024, 1.01)
    n = compare(old, new).set_index("measure").loc["kopp.aandeel"]
    assert (n["rows_added"], n["rows_new_year"], n["trends_extended"], n["rows_removed"]) == (
        7, 2, 1, 0,
    )  # fmt: skip


def test_a_trend_that_is_gone_is_still_removed():
    # the same years, a definition dropped: its figures and its trend are removed
    old = _release([2022, 2023], ["breed", "smal"])
    new = _release([2022, 2023], ["breed"])
    assert rows(old, new).groupby("change").size().to_dict() == {"removed": 5}


def test_the_report_and_dashboard_name_the_new_year():
    from wijkzicht.outputs.dashboard import changes_section
    from wijkzicht.outputs.report import change_counts, new_years_sentence

    ch = rows(_release([2022, 2023], ["breed"]), _release([2022, 2023, 2024], ["breed"]))
    assert new_years_sentence(ch, "nl") == "Deze uitgave heeft cijfers van een nieuw jaar: 2024."
    assert new_years_sentence(ch, "en") == "This release has figures of a new year: 2024."
    assert change_counts(ch, "nl") == [
        "2 cijfers van een nieuw jaar",
        "1 trend loopt nu tot het nieuwe jaar",
    ]
    assert "Deze uitgave heeft cijfers van een nieuw jaar: 2024." in changes_section(ch, "nl")
    # the same years: no such sentence
    same = rows(_release([2022, 2023], ["breed"]), _release([2022, 2023], ["breed", "smal"]))
    assert new_years_sentence(same, "nl") == ""
